"""One round trip through a real Secret Service keychain (gnome-keyring on D-Bus).

Runs in CI (which installs gnome-keyring and dbus); skipped elsewhere unless those exist.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = """
import json, sys
import keyring
from workbench import secrets
backend = keyring.get_keyring()
assert 'SecretService' in type(backend).__module__ + type(backend).__name__, backend
secrets.store_credentials('runway', {'api_key': 'key_live_abc123'})
creds = secrets.load_credentials('runway', {'api_key': ('RUNWAYML_API_SECRET',)})
assert creds.api_key == 'key_live_abc123' and creds.source == 'keychain', creds
assert 'key_live' not in repr(creds) and 'key_live' not in str(creds)
assert secrets.delete_credentials('runway') is True
assert secrets.load_credentials('runway', {'api_key': ('RUNWAYML_API_SECRET',)}) is None
print('round trip ok')
"""


@pytest.mark.real_keyring
def test_secret_service_round_trip(tmp_path: Path) -> None:
    tools = [shutil.which("dbus-run-session"), shutil.which("gnome-keyring-daemon")]
    if not all(tools):
        if os.environ.get("CI"):
            pytest.fail("CI must provide dbus-run-session and gnome-keyring-daemon")
        pytest.skip("needs dbus-run-session and gnome-keyring-daemon")
    (tmp_path / "check.py").write_text(SCRIPT)
    shell = (
        "printf test-pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "
        f"{sys.executable} {tmp_path / 'check.py'}"
    )
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_RUNTIME_DIR": str(tmp_path / "run"),
    }
    (tmp_path / "run").mkdir(mode=0o700)
    result = subprocess.run(
        ["dbus-run-session", "--", "sh", "-c", shell],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "round trip ok" in result.stdout
