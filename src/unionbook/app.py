"""Entry point: no sub-command opens the GUI, a sub-command runs the CLI.

Start-up order: logging → argument parsing → (CLI: run the command) or (GUI: Qt application,
translations, crash handler, database open + migrate, main window). Qt is imported only on the
GUI path, so the CLI starts fast and works on machines without a display.
"""

from __future__ import annotations

import gc
import sys

from unionbook import cli
from unionbook.log import setup_logging


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    setup_logging()
    args = cli.build_parser().parse_args(argv)
    if args.command is None:
        from unionbook.ui.application import run_gui

        return run_gui(db_path=args.db, demo_if_empty=args.demo, exit_when_shown=args.exit_when_shown, open_file=args.open)
    return cli.run(args, chart_images=_chart_images)


def entry() -> int:
    """The process's entry point (the `unionbook` command, `python -m unionbook`, the bundle):
    `main`, then nothing but the interpreter's exit. That exit's last full collection walks every
    object start-up made — SQLAlchemy's alone, 0.03–0.05 s of a short command's ~0.3 s; frozen,
    they are freed by reference count alone. Not in `main`, which tests call in their own process."""
    code = main()
    gc.freeze()
    return code


def _chart_images(charts: list) -> dict[str, bytes]:
    """Charts for a document made on the command line, painted by the window's own chart code
    (services draw nothing; Qt is imported only when a template names a chart)."""
    from unionbook.ui.charts.images import render_charts

    return render_charts(charts)


if __name__ == "__main__":
    raise SystemExit(main())
