"""`python -m unionbook` runs the same entry point as the `unionbook` command.

freeze_support() first: in the pyinstaller bundle, the template render worker
(fileio/render_worker.py) is this same executable started by multiprocessing. It does nothing
unless the program is frozen, so multiprocessing (~10 ms) is imported only in the bundle.
"""

import sys

if getattr(sys, "frozen", False):
    import multiprocessing

    multiprocessing.freeze_support()

from unionbook.app import entry  # after freeze_support, as multiprocessing asks

raise SystemExit(entry())
