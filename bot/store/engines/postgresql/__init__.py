"""PostgreSQL: a store in a database at a URL; the engine is base.py."""
