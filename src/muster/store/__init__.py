"""Storage: SQLAlchemy tables, repositories, history of every change, migrations."""
