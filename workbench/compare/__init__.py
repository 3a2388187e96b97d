"""Comparison videos: 2–9 takes in one labelled H.264 MP4, side by side or in a grid.

Qt-free (PyAV, numpy, Pillow); the engine runs it off its loop (``engine/comparing.py``),
the command line is ``workbench compare``. Usage::

    from workbench.compare import CompareLayout, CompareTile, make_comparison

    tiles = [CompareTile(Path("a.mp4"), "Kling", "kling-v3", 123), CompareTile(...)]
    make_comparison(tiles, Path("out.mp4"), layout=CompareLayout.GRID, caption="a fox")

Importing the package is light: numpy, PyAV and Pillow load with the first name that
needs them, so an engine that never makes a video never pays for them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from workbench.compare.errors import CompareCanceled, CompareError, CompareFailed
    from workbench.compare.layout import CompareLayout, Rect
    from workbench.compare.plan import ComparePlan, CompareTile, plan_comparison, tile_labels
    from workbench.compare.video import make_comparison, output_problems, render_comparison

_HOME = {
    "CompareCanceled": "errors",
    "CompareError": "errors",
    "CompareFailed": "errors",
    "CompareLayout": "layout",
    "Rect": "layout",
    "ComparePlan": "plan",
    "CompareTile": "plan",
    "plan_comparison": "plan",
    "tile_labels": "plan",
    "make_comparison": "video",
    "output_problems": "video",
    "render_comparison": "video",
}

__all__ = [
    "CompareCanceled",
    "CompareError",
    "CompareFailed",
    "CompareLayout",
    "ComparePlan",
    "CompareTile",
    "Rect",
    "make_comparison",
    "output_problems",
    "plan_comparison",
    "render_comparison",
    "tile_labels",
]


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
