"""Saving a finished clip: stream to a temp file, cap, check, hash, move, poster.

A clip is only recorded once it has passed every check, and the final move is atomic, so
the store never holds half a file under a real name.
"""

from __future__ import annotations

import asyncio
import hashlib
import weakref
from collections.abc import AsyncIterator
from contextlib import aclosing

from workbench.engine.limits import DEFAULT_MAX_BYTES
from workbench.library.records import NewTake
from workbench.library.store import ClipStore
from workbench.media import NotAVideo, probe, sniff
from workbench.providers.errors import ProviderError

_SNIFF_BYTES = 64


#: By default one check (decode + poster) at a time per loop: several at once, on worker
#: threads, contend for the interpreter lock with a window's thread (94–141 ms stalls
#: measured with 12 at once, 35–48 ms one at a time, for the same total time). An engine
#: with no window passes its own, wider ``checks``.
_CHECKS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = (
    weakref.WeakKeyDictionary()
)


def _check_slot() -> asyncio.Semaphore:
    loop = asyncio.get_running_loop()
    slot = _CHECKS.get(loop)
    if slot is None:
        slot = _CHECKS[loop] = asyncio.Semaphore(1)
    return slot


class UnusableClip(ProviderError):
    """The service delivered something that is not a playable video, or far too much."""


async def save_clip(
    chunks: AsyncIterator[bytes],
    store: ClipStore,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    checks: asyncio.Semaphore | None = None,
) -> NewTake:
    """Consume ``chunks`` into the store and describe the verified clip.

    ``checks`` bounds how many clips are decoded at once (default: one per loop).

    Raises:
        UnusableClip: too large, not a video, or not decodable (the temp file is removed).
        ProviderError: the transfer itself failed (from the adapter's ``fetch``).
    """
    tmp = store.temp_path()
    digest = hashlib.sha256()
    size = 0
    head = b""
    container = ""
    try:
        async with aclosing(chunks) as stream:
            with tmp.open("wb") as handle:
                async for chunk in stream:
                    size += len(chunk)
                    if size > max_bytes:
                        raise UnusableClip(
                            f"the clip is larger than the {max_bytes / 1024**3:.1f} GiB "
                            "download limit; it was not saved"
                        )
                    if not container:
                        head += chunk[: _SNIFF_BYTES - len(head)]
                        if len(head) >= _SNIFF_BYTES:
                            container = _sniff(head)  # stop early on an HTML page
                    digest.update(chunk)
                    handle.write(chunk)
        container = container or _sniff(head)
        sha = digest.hexdigest()
        poster = store.poster_path(sha)
        async with checks or _check_slot():
            try:
                # One decode proves the clip plays and yields its poster frame.
                info = await asyncio.to_thread(probe, tmp, None if poster.exists() else poster)
            except NotAVideo as exc:
                raise UnusableClip(f"the service's file is not a playable video: {exc}") from None
            except OSError:  # the poster could not be written; the clip is still a clip
                info = await asyncio.to_thread(probe, tmp)
        final = store.place(tmp, sha, "webm" if container == "webm" else container)
        return NewTake(
            sha256=sha,
            path=store.relative(final),
            poster=store.relative(poster) if poster.exists() else None,
            bytes=size,
            duration=info.duration,
            width=info.width,
            height=info.height,
            fps=info.fps,
            codec=info.codec,
            audio=info.audio,
            container=info.container,
        )
    finally:
        store.release(tmp)


def _sniff(head: bytes) -> str:
    try:
        return sniff(head)
    except NotAVideo as exc:
        raise UnusableClip(f"the service delivered something that is not a video: {exc}") from None
