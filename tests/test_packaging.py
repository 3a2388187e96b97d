"""The wheel carries the package and its resources; both layouts find them."""

from __future__ import annotations

import importlib.util
import zipfile
from pathlib import Path

import pytest

import workbench
from workbench import resources

ROOT = Path(workbench.__file__).resolve().parent.parent


def test_a_checkout_finds_the_top_level_resources() -> None:
    assert resources.resource("icons", "workbench.svg").read_text().startswith("<svg")


@pytest.mark.skipif(importlib.util.find_spec("hatchling") is None, reason="needs hatchling")
def test_the_wheel_ships_resources_entry_point_and_no_tests(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    wheel = Path(
        next(iter(WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])))
    )
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "workbench/_resources/icons/workbench.svg" in names
    assert "workbench/cli/__init__.py" in names and "workbench/__main__.py" in names
    assert not any(n.startswith("tests/") or n.endswith(".mp4") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "workbench = workbench.launch:main" in zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "workbench/_resources/i18n/workbench_zh_CN.qm" in names  # translations ship too
