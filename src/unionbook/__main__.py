"""`python -m unionbook` runs the same entry point as the `unionbook` command.

freeze_support() first: in the pyinstaller bundle, the template render worker
(fileio/render_worker.py) is this same executable started by multiprocessing.
"""

import multiprocessing

multiprocessing.freeze_support()

from unionbook.app import main  # noqa: E402 - after freeze_support, as multiprocessing asks

raise SystemExit(main())
