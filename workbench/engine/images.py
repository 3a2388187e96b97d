"""Reading input images (first and last frames) before anything is sent.

Shared by the CLI and the desktop; the desktop runs it on the engine's worker threads so
the window never waits on the disk.
"""

from __future__ import annotations

from pathlib import Path

from workbench.domain.spec import ImageInput


def load_image(path: str, role: str) -> ImageInput:
    """Open an image to learn its format and size.

    Raises:
        ValueError: the file is missing or not an image, in words.
    """
    from PIL import Image, UnidentifiedImageError

    file = Path(path).expanduser()
    if not file.is_file():
        raise ValueError(f"the {role} {path!r} does not exist")
    try:
        with Image.open(file) as image:
            fmt = (image.format or "").lower()
            width, height = image.size
    except (UnidentifiedImageError, OSError):
        raise ValueError(f"the {role} {path!r} is not an image this app can read") from None
    return ImageInput(
        path=str(file.resolve()),
        format="jpeg" if fmt == "jpg" else fmt,
        width=width,
        height=height,
        bytes=file.stat().st_size,
    )
