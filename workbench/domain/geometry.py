"""Resolution names and aspect ratios to pixel sizes."""

from __future__ import annotations

#: Short side in pixels for each resolution name services use.
_SHORT_SIDE = {
    "240p": 240,
    "360p": 360,
    "480p": 480,
    "540p": 540,
    "720p": 720,
    "768p": 768,
    "1080p": 1080,
    "2k": 1440,
    "1440p": 1440,
    "4k": 2160,
    "2160p": 2160,
}


def parse_aspect(aspect: str) -> tuple[int, int]:
    """``"16:9"`` → ``(16, 9)``; raises ValueError on anything else."""
    left, sep, right = aspect.partition(":")
    if not sep or not left.isdigit() or not right.isdigit() or int(left) == 0 or int(right) == 0:
        raise ValueError(f"aspect ratio {aspect!r} is not of the form W:H, e.g. 16:9")
    return int(left), int(right)


def short_side(resolution: str) -> int:
    """Short side in pixels of a resolution name like ``720p`` or ``4k``."""
    key = resolution.strip().lower()
    if key in _SHORT_SIDE:
        return _SHORT_SIDE[key]
    if key.endswith("p") and key[:-1].isdigit():
        return int(key[:-1])
    raise ValueError(f"resolution {resolution!r} is not known")


def frame_size(resolution: str, aspect: str) -> tuple[int, int]:
    """Width and height (both even, as H.264 needs) for a resolution and aspect ratio.

    Unknown names fall back to 720p and 16:9 so estimates never fail; validation reports
    unknown names separately.
    """
    try:
        side = short_side(resolution)
    except ValueError:
        side = 720
    try:
        aw, ah = parse_aspect(aspect)
    except ValueError:
        aw, ah = 16, 9
    if aw >= ah:
        height, width = side, side * aw / ah
    else:
        width, height = side, side * ah / aw
    return round(width / 2) * 2, round(height / 2) * 2
