"""SQLite: a store in a file (or in memory); the engine is base.py."""
