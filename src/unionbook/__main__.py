"""`python -m unionbook` runs the same entry point as the `unionbook` command."""

from unionbook.app import main

raise SystemExit(main())
