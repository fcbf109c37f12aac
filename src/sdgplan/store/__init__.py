"""Persistence: SQLAlchemy tables, Alembic migrations and query/save functions."""
