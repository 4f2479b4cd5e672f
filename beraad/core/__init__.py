"""The session core, without Textual: an open session (session.py) owns its file, its lock,
its autosave and every action a facilitator takes; recovery.py keeps notes when a save
fails. Screens, the command line and later a browser mode all work through it."""
