"""Use cases over the database and files, without Qt. Each call owns its unit of work."""
