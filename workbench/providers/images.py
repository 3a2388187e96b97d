"""The creator's input images as services want them: bytes, MIME type, base64, data URL.

Every adapter reads local first/last frames and references the same way, so a file that
vanished or became unreadable since validation is refused in the same plain words, with
nothing sent.
"""

from __future__ import annotations

import asyncio
import base64
from pathlib import Path

from workbench.domain.jobs import Failure, FailureKind
from workbench.domain.spec import ImageInput
from workbench.providers.errors import ProviderRefused

_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"BM", "image/bmp"),  # Seedance takes BMP, TIFF and GIF too ("Checked 2026-11")
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


def load_image(image: ImageInput, role: str) -> bytes:
    """The file's bytes (blocking; see :func:`read_image`).

    Raises:
        ProviderRefused: the file cannot be read (INVALID; nothing was sent).
    """
    try:
        return Path(image.path).read_bytes()
    except OSError as exc:
        raise ProviderRefused(
            Failure(
                kind=FailureKind.INVALID,
                code="image_unreadable",
                message=f"the {role} {image.path!r} could not be read "
                f"({exc.strerror or type(exc).__name__}); nothing was sent",
            )
        ) from None


async def read_image(image: ImageInput, role: str) -> bytes:
    """The file's bytes, read off the event loop."""
    return await asyncio.to_thread(load_image, image, role)


def image_mime(data: bytes, declared: str) -> str:
    """MIME type from the image's first bytes (its content wins over its name)."""
    for magic, mime in _MAGIC:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return declared


def raw_base64(data: bytes) -> str:
    """Plain base64 text (no ``data:`` prefix)."""
    return base64.b64encode(data).decode("ascii")


def data_url(data: bytes, mime: str) -> str:
    """A ``data:<mime>;base64,…`` URL."""
    return f"data:{mime};base64,{raw_base64(data)}"
