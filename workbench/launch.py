"""``workbench``: the window with no arguments, the command line with any.

Kept apart from ``workbench.cli`` so the command line never imports Qt (checked by
import-linter and by running the CLI with PySide6 blocked).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``workbench`` console script and ``python -m workbench``."""
    args = sys.argv[1:] if argv is None else argv
    if not args:
        from workbench.ui.app import main as open_window

        return open_window(sys.argv[:1])
    from workbench.cli import main as command_line

    return command_line(args)
