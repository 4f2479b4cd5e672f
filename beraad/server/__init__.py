"""The municipality register: one place where the knelpunten of every team land, are
answered by beleid and go back to the team (Django on PostgreSQL, `beraad[server]`).

Importing this package is light on purpose: `beraad server` parses its arguments and says
how to install the extra before Django is imported (see beraad.server.cli).
"""
