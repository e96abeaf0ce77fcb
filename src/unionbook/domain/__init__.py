"""Pure-Python core: vocabularies, value checks, money and errors. Imports nothing else of ours."""
