"""The store: the only code that knows how sessions are kept on disk.

- schema.py: the file format, its version and migrations (plain dicts, light to import)
- sessions.py: SessionStore (save, load, delete, scan with quarantine, the index)
- lock.py: one writer per session, one scan per workspace

Import from the modules themselves; this package imports nothing, so the first
screen can read the index without loading the models.
"""
