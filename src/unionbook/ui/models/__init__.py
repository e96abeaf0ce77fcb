"""Item models over the services' plain rows (STYLE.md, model/view conventions)."""
