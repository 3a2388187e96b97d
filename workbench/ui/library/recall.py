"""A clip dropped onto the window recalls the record embedded in it, without the library.

Dropping an MP4 that Workbench exported (onto the board, the library or anywhere in the
window that takes no drop of its own) reads its record on the engine's side, fills the
prompt editor with its prompt and negative prompt, checks its service and model in the
services panel with its spec and its seed fixed, and shows the whole record (notes too) in
a small dialog. A clip without a record says so in the status bar.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QObject, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent

if TYPE_CHECKING:
    from workbench.ui.bridge import EngineBridge
    from workbench.ui.window import MainWindow

# Called by this name with literal arguments so pyside6-lupdate finds every string.
translate = QCoreApplication.translate
VIDEO_SUFFIXES = (".mp4", ".m4v", ".mov", ".webm", ".mkv")
_DRAGS = (QEvent.Type.DragEnter, QEvent.Type.DragMove)


def dropped_clips(mime: QMimeData) -> list[str]:
    """Local video files among a drag's URLs."""
    return [
        url.toLocalFile()
        for url in mime.urls()
        if url.isLocalFile() and url.toLocalFile().lower().endswith(VIDEO_SUFFIXES)
    ]


class ClipDrop(QObject):
    """Takes clip drops on the widgets it watches and reads their records.

    Args:
        bridge: the engine bridge (reading runs on its side, off the GUI thread).
        parent: owner.
    """

    sig_record_read = Signal(str, object)
    """A dropped clip was read: (path, its record as a dict — or None when it has none)."""
    sig_message = Signal(str)
    """Something to tell in words (no record, unreadable file)."""

    def __init__(self, bridge: EngineBridge, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge

    def watch(self, widget: QObject) -> None:
        """Accept clip drops on ``widget`` (and on children that take no drops themselves)."""
        widget.setAcceptDrops(True)  # type: ignore[attr-defined]
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Accept drags of clip files from outside; read the first one dropped."""
        if event.type() in _DRAGS and isinstance(event, QDragEnterEvent | QDropEvent):
            # A drag out of our own library is a drag out, not a recall.
            if event.source() is None and dropped_clips(event.mimeData()):
                event.acceptProposedAction()
                return True
        elif event.type() == QEvent.Type.Drop and isinstance(event, QDropEvent):
            clips = dropped_clips(event.mimeData()) if event.source() is None else []
            if clips:
                event.acceptProposedAction()
                self.read(clips[0])
                return True
        return super().eventFilter(watched, event)

    def read(self, path: str) -> None:
        """Read a clip's record on the engine's side; :attr:`sig_record_read` tells it."""
        from workbench.library.embed import read_record

        def done(record: dict[str, Any] | None) -> None:
            if record is None:
                self.sig_message.emit(
                    self.tr(
                        "%1 carries no Workbench record: it was not exported by Workbench, or "
                        "its metadata was stripped."
                    ).replace("%1", Path(path).name)
                )
            self.sig_record_read.emit(path, record)

        def failed(error: BaseException) -> None:
            self.sig_message.emit(
                self.tr("%1 cannot be read: %2")
                .replace("%1", Path(path).name)
                .replace("%2", str(error))
            )

        self.bridge.call(lambda _e: asyncio.to_thread(read_record, Path(path)), done, failed)


def joined(parts: list[str]) -> str:
    """Phrases in a list, with the language's separator ("、" in Chinese)."""
    return translate("ClipDrop", ", ").join(parts)


def recall(window: MainWindow, record: dict[str, Any]) -> list[str]:
    """Put a record's request back into the prompt editor and the services panel.

    Returns:
        What was recalled, as short phrases for the status bar.
    """
    done = []
    prompt = record.get("prompt")
    if isinstance(prompt, str):
        negative = record.get("negative_prompt")
        window.prompt.set_content(prompt, negative if isinstance(negative, str) else None)
        done.append(translate("ClipDrop", "the prompt"))
    if _select_service(window, record):
        done.append(translate("ClipDrop", "its service and model with the same settings"))
        row = window.services.row(f"{record['provider']}:{record['model']}")
        seed = row.state().get("seed_value") if row and row.state().get("seed") else None
        if seed is not None and seed == record.get("seed"):
            done.append(translate("ClipDrop", "seed %1 (fixed)").replace("%1", str(seed)))
    return done


def _select_service(window: MainWindow, record: dict[str, Any]) -> bool:
    """Check only the record's model, with its spec and its seed fixed; False if unknown."""
    from workbench.domain.spec import SeedPolicy, SeedPolicyKind
    from workbench.engine.planner import Target

    provider, model = record.get("provider"), record.get("model")
    spec = record.get("spec") if isinstance(record.get("spec"), dict) else {}
    if not isinstance(provider, str) or not isinstance(model, str):
        return False
    seed = record.get("seed")
    services = window.services
    row = services.row(f"{provider}:{model}")
    if row is None or row.refused:
        return False
    target = Target(
        provider=provider,
        model=model,
        draws=row.draws.value() if row.is_checked() else window.settings.default_draws,
        duration=spec.get("duration") if isinstance(spec.get("duration"), int) else None,
        aspect=spec.get("aspect") if isinstance(spec.get("aspect"), str) else None,
        resolution=spec.get("resolution") if isinstance(spec.get("resolution"), str) else None,
        audio=spec.get("audio") if isinstance(spec.get("audio"), bool) else None,
        seed_policy=SeedPolicy(kind=SeedPolicyKind.FIXED, value=seed)
        if isinstance(seed, int) and seed >= 0
        else None,
    )
    select_only = getattr(services, "select_only", None)
    if callable(select_only):  # the services panel's own Recall entry point
        return bool(select_only(target))
    state = {**row.state(), "checked": True, "draws": target.draws}
    for name in ("duration", "aspect", "resolution", "audio"):
        if getattr(target, name) is not None:
            state[name] = getattr(target, name)
    if target.seed_policy is not None and state.get("seed") is not None:
        state.update(seed="fixed", seed_value=target.seed_policy.value, seed_chosen=True)
    for other in services.rows():
        if other is not row:
            other.set_checked(False)
    row.restore_state(state)
    return True
