"""The public search: one index of every published record, a backend per database (FTS5 on
SQLite, tsvector on PostgreSQL) behind one interface, kept current as records change. Domains
say how their records become entries through ``core.registry.register_searchable``."""
