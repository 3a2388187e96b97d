"""One instance per data directory: a second claim hands over, a crashed owner is replaced."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from workbench.ui.single import SingleInstance, instance_key


@pytest.fixture
def key(tmp_path: Path) -> Iterator[str]:
    yield instance_key(tmp_path / "data")


@pytest.fixture
def first(key: str) -> Iterator[SingleInstance]:
    instance = SingleInstance(key)
    assert instance.try_claim()
    yield instance
    instance.release()


def _send(key: str, payload: bytes) -> None:
    client = QLocalSocket()
    client.connectToServer(key)
    assert client.waitForConnected(2000), client.errorString()
    client.write(payload)
    assert client.waitForBytesWritten(2000)
    client.disconnectFromServer()


def test_the_key_is_short_stable_and_per_directory(tmp_path: Path) -> None:
    one = instance_key(tmp_path / "a")
    assert one == instance_key(tmp_path / "b" / ".." / "a")
    assert one != instance_key(tmp_path / "b")
    assert one.startswith("workbench-") and len(one) < 40 and one.replace("-", "").isalnum()


def test_a_second_claim_fails_and_asks_the_first_to_come_forward(qtbot, first, key) -> None:
    second = SingleInstance(key)
    with qtbot.waitSignal(first.sig_activation_requested, timeout=5000):
        assert second.try_claim() is False
    assert first.claimed and not second.claimed


def test_two_clients_each_raise_the_window_and_noise_is_ignored(qtbot, first, key) -> None:
    seen: list[int] = []
    first.sig_activation_requested.connect(lambda: seen.append(1))
    _send(key, b"hello\n")
    _send(key, b"activate\n")
    _send(key, b"activate\n")
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    _send(key, b"garbage without newline")
    with qtbot.assertNotEmitted(first.sig_activation_requested, wait=200):
        pass
    assert len(seen) == 2


def test_after_release_the_next_launch_claims(first, key) -> None:
    first.release()
    assert not first.claimed
    again = SingleInstance(key)
    assert again.try_claim()
    again.release()


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes leave nothing behind")
@pytest.mark.parametrize("user_access", [True, False])
def test_a_socket_file_left_by_a_crash_is_removed_and_claimed(
    qtbot, key, user_access, monkeypatch, caplog
) -> None:
    if not user_access:
        # Without the user-only option Qt reports "address in use": our removeServer path.
        monkeypatch.setattr(QLocalServer, "setSocketOptions", lambda self, options: None)
    path = Path(QDir.tempPath()) / key
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(path))
    stale.close()  # the file stays; nobody listens: exactly what a killed process leaves
    assert path.exists()
    try:
        instance = SingleInstance(key)
        with caplog.at_level(logging.INFO, logger="workbench.ui.single"):
            assert instance.try_claim()
        assert instance.claimed
        assert ("stale" in caplog.text) is not user_access
        with qtbot.waitSignal(instance.sig_activation_requested, timeout=5000):
            assert SingleInstance(key).try_claim() is False
        instance.release()
    finally:
        path.unlink(missing_ok=True)


_CHILD = textwrap.dedent(
    """
    import os, sys
    from PySide6.QtCore import QCoreApplication
    from workbench.ui.single import SingleInstance
    app = QCoreApplication([])
    instance = SingleInstance(sys.argv[1])
    claimed = instance.try_claim()
    print("claimed" if claimed else "handed over", flush=True)
    if sys.argv[2] == "crash":
        os._exit(0)  # no clean-up at all, like a kill -9
    sys.exit(0 if not claimed else 3)
    """
)


def _child(key: str, mode: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _CHILD, key, mode],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_real_second_process_hands_over_to_the_first(qtbot, first, key) -> None:
    with qtbot.waitSignal(first.sig_activation_requested, timeout=30_000):
        result = _child(key, "normal")
    assert result.stdout.strip() == "handed over", result.stderr
    assert result.returncode == 0


def test_a_crashed_first_process_does_not_block_the_next_launch(key) -> None:
    result = _child(key, "crash")
    assert result.stdout.strip() == "claimed", result.stderr
    instance = SingleInstance(key)
    assert instance.try_claim()
    assert instance.claimed
    instance.release()
