"""The clinic directory: models, database access, queries, geocoding and the CLI."""
