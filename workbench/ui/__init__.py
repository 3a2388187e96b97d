"""The PySide6 desktop UI (the only package that imports Qt).

Its modules arrive with the desktop issue; ``ui/bridge.py`` will be the one place where
engine events become Qt signals (style.md §4).
"""

from __future__ import annotations
