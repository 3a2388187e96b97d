"""``python -m workbench``: the window with no arguments, the command line with any."""

from __future__ import annotations

from workbench.launch import main

raise SystemExit(main())
