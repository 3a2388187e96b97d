"""The layering rules hold in practice, not only on paper."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import workbench

NON_UI = [
    "workbench.domain",
    "workbench.library",
    "workbench.engine",
    "workbench.providers",
    "workbench.cli",
    "workbench.secrets",
    "workbench.settings",
    "workbench.media",
]


def test_the_engine_and_cli_run_with_qt_made_unimportable(tmp_path: Path) -> None:
    """Import every non-UI module and make a real sim clip with PySide6 blocked."""
    package = Path(workbench.__file__).parent
    modules = sorted(
        ".".join(path.relative_to(package.parent).with_suffix("").parts)
        for path in package.rglob("*.py")
        if "ui" not in path.relative_to(package).parts and path.name != "__main__.py"
    )
    script = (
        "import sys, importlib\n"
        "sys.modules['PySide6'] = None\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "from workbench.cli import main\n"
        "code = main(['run', 'a fox', '--provider', 'sim', '--duration', '2', '-q'])\n"
        "assert not [m for m, v in sys.modules.items() if m.startswith('PySide6') and v]\n"
        "sys.exit(code)\n"
    )
    env = {
        **os.environ,
        "WORKBENCH_HOME": str(tmp_path),
        "WORKBENCH_SIM_RENDER_SCALE": "0.02",
        "WORKBENCH_SIM_FAILURE_RATE": "0",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert len(modules) > 20


def test_import_contracts_hold() -> None:
    """import-linter: only the UI imports Qt; ui → engine → providers | library → domain."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint)],
        cwd=Path(workbench.__file__).parent.parent,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
