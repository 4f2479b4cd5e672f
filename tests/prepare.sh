#!/bin/sh
# What the tests need from the machine besides Python packages, installed when absent
# (Debian or Ubuntu, as root or with sudo): Debian's Chromium for the pages driven by
# Playwright, zbarimg to read a QR code off a terminal capture, tmux, and a PostgreSQL
# server answering at 127.0.0.1:5432 with trust authentication for the user postgres
# (checked with pg_isready; started, or installed, when it is not there).
# BERAAD_TEST_DATABASE_URL points the tests at another PostgreSQL instead.
set -eu
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v zbarimg >/dev/null 2>&1 || missing="$missing zbar-tools"
command -v tmux >/dev/null 2>&1 || missing="$missing tmux"
if [ -z "${BERAAD_TEST_DATABASE_URL:-}" ] && ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  missing="$missing postgresql"
fi
if [ -n "$missing" ]; then
  echo "tests/prepare.sh: installing$missing" >&2
  as_root apt-get update -qq >/dev/null
  # shellcheck disable=SC2086 # one word per package
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
  case "$missing" in *postgresql*)
    cluster=$(ls /etc/postgresql | sort -n | tail -1)
    as_root sed -i 's/^\(host.*127.0.0.1\/32\s*\)\S*$/\1trust/; s/^\(local\s*all\s*postgres\s*\)\S*$/\1trust/' \
      "/etc/postgresql/$cluster/main/pg_hba.conf"
    as_root pg_ctlcluster --skip-systemctl-redirect "$cluster" main stop 2>/dev/null || true ;;
  esac
fi
if [ -z "${BERAAD_TEST_DATABASE_URL:-}" ] && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  echo "tests/prepare.sh: starting PostgreSQL" >&2
  cluster=$(ls /etc/postgresql | sort -n | tail -1)
  as_root pg_ctlcluster --skip-systemctl-redirect "$cluster" main start
  for _ in $(seq 50); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.2; done
  pg_isready -h 127.0.0.1 -p 5432
fi
