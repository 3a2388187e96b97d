"""One window per data directory: a second launch asks the first to come forward.

The first instance listens on a local socket (a Unix socket on Linux and macOS, a named pipe
on Windows) named after the user and the resolved data directory. A later launch connects,
sends ``activate`` and exits. A socket file left behind by a crash refuses connections; it is
removed and claimed anew.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

from workbench import paths

log = logging.getLogger(__name__)

ACTIVATE = b"activate"
_CONNECT_MS = 1000
_MAX_LINE = 1024


def instance_key(data_dir: Path | None = None) -> str:
    """Socket name for a data directory: short (Unix paths are limited) and per user.

    The user is part of the hash because ``/tmp`` is shared: another user's socket with the
    same name could be neither reached nor removed.
    """
    folder = Path(data_dir) if data_dir is not None else paths.home()
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers): the uid still separates users
        user = str(getattr(os, "getuid", lambda: "")())
    text = user + "\0" + os.path.normcase(str(folder.expanduser().resolve()))
    return "workbench-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class SingleInstance(QObject):
    """Claims the data directory for this process, or hands over to the process that has it.

    Keep the object alive for the whole run: the claim ends when it is deleted or
    :meth:`release` is called.
    """

    sig_activation_requested = Signal()
    """Another launch for the same data directory asked this window to come forward."""

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self._server: QLocalServer | None = None

    @property
    def claimed(self) -> bool:
        """True while this process holds the data directory."""
        return self._server is not None and self._server.isListening()

    def try_claim(self) -> bool:
        """Become the instance for this key.

        Returns:
            True when this process is now the instance; False when another instance
            answered (it has been asked to come forward).
        """
        if self.claimed:
            return True
        if self._ask_running_instance():
            return False
        server = QLocalServer(self)
        # Only this user may connect (Unix: socket mode 0700; Windows: the user's pipe ACL).
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.key):
            # With UserAccessOption Qt on Unix replaces a leftover socket file itself; without
            # it (or on other back ends) a crash's leftover reports "address in use".
            if server.serverError() == QAbstractSocket.SocketError.AddressInUseError:
                # Someone may have claimed it between our connect and listen: ask again
                # before treating the socket as stale.
                if self._ask_running_instance():
                    server.deleteLater()
                    return False
                log.info("removing a stale instance socket %s (left by a crash)", self.key)
                QLocalServer.removeServer(self.key)
            if not server.listen(self.key):
                # A broken socket folder should not stop the app: run without the guard.
                log.warning("single-instance socket unavailable: %s", server.errorString())
                server.deleteLater()
                return True
        server.newConnection.connect(self._on_server_new_connection)
        self._server = server
        return True

    def release(self) -> None:
        """Stop listening (the socket file is removed); a later launch can claim."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    def _ask_running_instance(self) -> bool:
        socket = QLocalSocket()
        socket.connectToServer(self.key)
        if not socket.waitForConnected(_CONNECT_MS):
            return False
        socket.write(ACTIVATE + b"\n")
        socket.flush()
        socket.waitForBytesWritten(_CONNECT_MS)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(_CONNECT_MS)
        return True

    def _on_server_new_connection(self) -> None:
        assert self._server is not None
        while (socket := self._server.nextPendingConnection()) is not None:
            # Only Qt-side slots and a bound method: Qt drops the connection when either
            # end is destroyed, so closing the server mid-message cannot call into a
            # half-deleted socket.
            socket.readyRead.connect(self._on_socket_ready_read)
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read_lines(socket)

    def _on_socket_ready_read(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read_lines(socket)

    def _read_lines(self, socket: QLocalSocket) -> None:
        # The socket keeps a partial line buffered until its newline arrives.
        while socket.canReadLine():
            if socket.readLine(_MAX_LINE).data().strip() == ACTIVATE:
                self.sig_activation_requested.emit()
        if socket.bytesAvailable() > _MAX_LINE:
            socket.abort()  # not one of ours: a peer that never sends a newline
