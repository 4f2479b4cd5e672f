#!/bin/sh
# What the tests need from the machine besides Python packages, installed when absent
# (Debian or Ubuntu, as root or with sudo): Debian's Chromium for the pages driven by
# Playwright, zbarimg to read a QR code off a terminal capture, tmux, and a PostgreSQL
# server answering at 127.0.0.1:5432 (BERAAD_TEST_DATABASE_URL points the tests at another).
set -eu
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v zbarimg >/dev/null 2>&1 || missing="$missing zbar-tools"
command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
command -v pg_isready >/dev/null 2>&1 || missing="$missing postgresql"
if [ -n "$missing" ]; then
  echo "tests/prepare.sh: installing$missing" >&2
  as_root apt-get update -q >/dev/null
  # shellcheck disable=SC2086 # one word per package
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
fi
if [ -z "${BERAAD_TEST_DATABASE_URL:-}" ] && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "tests/prepare.sh: starting PostgreSQL" >&2
  version=$(ls /etc/postgresql | sort -n | tail -1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start || as_root service postgresql start
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  pg_isready -h 127.0.0.1 -p 5432
  # the tests connect as postgres over TCP without a password, as on this kind of machine
  if ! psql -h 127.0.0.1 -U postgres -c 'select 1' >/dev/null 2>&1; then
    hba=$(as_root su postgres -c "psql -tAc 'show hba_file'")
    as_root sed -i 's/^host\(.*\)127.0.0.1\/32\(.*\)\(md5\|scram-sha-256\)$/host\1127.0.0.1\/32\2trust/' "$hba"
    as_root su postgres -c "psql -tAc 'select pg_reload_conf()'" >/dev/null
  fi
fi
