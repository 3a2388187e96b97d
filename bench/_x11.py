"""A private Xvfb, and the moment a process's first top-level window is mapped on it.

The start-up benchmark must not disturb what it measures, so instead of polling
``xdotool search`` it listens to the X server: ``SubstructureNotify`` on the root window
reports every ``MapNotify`` of a top-level the moment it happens, and ``_NET_WM_PID`` (set
by Qt's xcb backend) says which process owns it. Plain ctypes over libX11; no Qt here.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import select
import shutil
import subprocess
import time
from collections.abc import Iterator

_MAP_NOTIFY = 19
_SUBSTRUCTURE_NOTIFY_MASK = 1 << 19
_XA_CARDINAL = 6


class _XMapEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("event", ctypes.c_ulong),
        ("window", ctypes.c_ulong),
        ("override_redirect", ctypes.c_int),
    ]


class _XClientMessageEvent(ctypes.Structure):
    _fields_ = [
        ("type", ctypes.c_int),
        ("serial", ctypes.c_ulong),
        ("send_event", ctypes.c_int),
        ("display", ctypes.c_void_p),
        ("window", ctypes.c_ulong),
        ("message_type", ctypes.c_ulong),
        ("format", ctypes.c_int),
        ("data", ctypes.c_long * 5),
    ]


class _XEvent(ctypes.Union):
    _fields_ = [
        ("type", ctypes.c_int),
        ("xmap", _XMapEvent),
        ("xclient", _XClientMessageEvent),
        ("pad", ctypes.c_long * 24),
    ]


def missing_tools() -> list[str]:
    """Programs the desktop benchmark needs that are not installed."""
    missing = [tool for tool in ("Xvfb",) if shutil.which(tool) is None]
    if ctypes.util.find_library("X11") is None:
        missing.append("libX11")
    return missing


@contextlib.contextmanager
def xvfb(size: str = "1600x1000x24") -> Iterator[str]:
    """A private Xvfb on a display number it picks itself (``-displayfd``); yields ``:N``."""
    proc = subprocess.Popen(
        ["Xvfb", "-displayfd", "1", "-screen", "0", size, "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    number = proc.stdout.readline().strip()
    try:
        if not number:
            raise RuntimeError("Xvfb did not report a display number")
        yield ":" + number
    finally:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


class MapWatcher:
    """Reports when a given process maps its first top-level window on a display."""

    def __init__(self, display: str) -> None:
        x = ctypes.CDLL(ctypes.util.find_library("X11") or "libX11.so.6")
        x.XOpenDisplay.restype = ctypes.c_void_p
        x.XOpenDisplay.argtypes = [ctypes.c_char_p]
        x.XDefaultRootWindow.restype = ctypes.c_ulong
        x.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        x.XSelectInput.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_long]
        x.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
        x.XPending.argtypes = [ctypes.c_void_p]
        x.XNextEvent.argtypes = [ctypes.c_void_p, ctypes.POINTER(_XEvent)]
        x.XConnectionNumber.argtypes = [ctypes.c_void_p]
        x.XInternAtom.restype = ctypes.c_ulong
        x.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
        x.XGetWindowProperty.argtypes = [
            ctypes.c_void_p, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_long, ctypes.c_long,
            ctypes.c_int, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_int), ctypes.POINTER(ctypes.c_ulong),
            ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.c_void_p),
        ]  # fmt: skip
        x.XFree.argtypes = [ctypes.c_void_p]
        x.XSendEvent.argtypes = [
            ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_long, ctypes.POINTER(_XEvent)
        ]  # fmt: skip
        x.XFlush.argtypes = [ctypes.c_void_p]
        x.XCloseDisplay.argtypes = [ctypes.c_void_p]
        self._x = x
        self._dpy = x.XOpenDisplay(display.encode())
        if not self._dpy:
            raise RuntimeError(f"cannot open X display {display}")
        x.XSelectInput(self._dpy, x.XDefaultRootWindow(self._dpy), _SUBSTRUCTURE_NOTIFY_MASK)
        x.XSync(self._dpy, 0)
        self._pid_atom = x.XInternAtom(self._dpy, b"_NET_WM_PID", 0)
        self._protocols = x.XInternAtom(self._dpy, b"WM_PROTOCOLS", 0)
        self._delete = x.XInternAtom(self._dpy, b"WM_DELETE_WINDOW", 0)
        self._fd = x.XConnectionNumber(self._dpy)

    def _pid_of(self, window: int) -> int | None:
        kind, fmt = ctypes.c_ulong(), ctypes.c_int()
        items, after, data = ctypes.c_ulong(), ctypes.c_ulong(), ctypes.c_void_p()
        status = self._x.XGetWindowProperty(
            self._dpy, window, self._pid_atom, 0, 1, 0, _XA_CARDINAL,
            ctypes.byref(kind), ctypes.byref(fmt), ctypes.byref(items), ctypes.byref(after),
            ctypes.byref(data),
        )  # fmt: skip
        try:
            if status != 0 or not data.value or items.value < 1:
                return None
            return int(ctypes.cast(data, ctypes.POINTER(ctypes.c_ulong))[0])
        finally:
            if data.value:
                self._x.XFree(data)

    def wait_mapped(self, pid: int, timeout: float) -> tuple[float, int] | None:
        """(``time.perf_counter()``, window id) when ``pid`` mapped a top-level window.

        None on timeout.

        Events of other processes (and override-redirect popups) are skipped.
        """
        deadline = time.perf_counter() + timeout
        event = _XEvent()
        while True:
            while self._x.XPending(self._dpy):
                self._x.XNextEvent(self._dpy, ctypes.byref(event))
                now = time.perf_counter()
                if event.type != _MAP_NOTIFY or event.xmap.override_redirect:
                    continue
                if self._pid_of(event.xmap.window) == pid:
                    return now, int(event.xmap.window)
            left = deadline - time.perf_counter()
            if left <= 0:
                return None
            select.select([self._fd], [], [], min(left, 0.5))

    def request_close(self, window: int) -> None:
        """Ask a window to close as a window manager would (``WM_DELETE_WINDOW``)."""
        event = _XEvent()
        message = event.xclient
        message.type = 33  # ClientMessage
        message.window = window
        message.message_type = self._protocols
        message.format = 32
        message.data[0] = self._delete
        message.data[1] = 0  # CurrentTime
        self._x.XSendEvent(self._dpy, window, 0, 0, ctypes.byref(event))
        self._x.XFlush(self._dpy)

    def drain(self) -> None:
        """Forget events already queued (windows of earlier launches)."""
        event = _XEvent()
        self._x.XSync(self._dpy, 0)
        while self._x.XPending(self._dpy):
            self._x.XNextEvent(self._dpy, ctypes.byref(event))

    def close(self) -> None:
        """Close the connection to the display."""
        if self._dpy:
            self._x.XCloseDisplay(self._dpy)
            self._dpy = None
