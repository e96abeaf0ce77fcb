"""The spreadsheet import engine and one column spec per register.

`engine` is generic: it finds the header row, maps columns by name and synonyms, normalises and
checks cells, and produces a plan (accepted rows, rejected rows with reasons, warnings) without
touching the database. Each register's module (members, ...) supplies its columns, its row rules
and the function that writes an accepted plan in one transaction.
"""
