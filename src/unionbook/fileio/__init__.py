"""Files in and out (spreadsheets, Word documents). Knows files, never the database."""
