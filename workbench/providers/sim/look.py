"""How a prompt and a seed look in the offline ``sim`` clips.

Words choose the palette, shapes and motion (English and Chinese); the seed moves
everything else, so two seeds of one prompt are visibly different takes and the same seed
is the same take.
"""

from __future__ import annotations

import colorsys
import hashlib
import random
from dataclasses import dataclass

# Keyword → RGB colours (0–255). Chinese keys match anywhere in the text (no spaces).
_PALETTES: dict[str, tuple[tuple[int, int, int], ...]] = {
    "red": ((200, 30, 40), (255, 120, 90)),
    "红": ((200, 30, 40), (255, 120, 90)),
    "blue": ((20, 60, 200), (120, 180, 255)),
    "蓝": ((20, 60, 200), (120, 180, 255)),
    "green": ((30, 140, 60), (160, 230, 120)),
    "绿": ((30, 140, 60), (160, 230, 120)),
    "forest": ((20, 90, 40), (110, 160, 70)),
    "森林": ((20, 90, 40), (110, 160, 70)),
    "ocean": ((0, 70, 140), (60, 200, 220)),
    "sea": ((0, 70, 140), (60, 200, 220)),
    "海": ((0, 70, 140), (60, 200, 220)),
    "sunset": ((250, 110, 40), (140, 40, 120)),
    "dawn": ((250, 170, 120), (120, 140, 220)),
    "日落": ((250, 110, 40), (140, 40, 120)),
    "黄昏": ((250, 110, 40), (140, 40, 120)),
    "night": ((10, 10, 40), (60, 50, 120)),
    "夜": ((10, 10, 40), (60, 50, 120)),
    "neon": ((255, 0, 170), (0, 240, 255)),
    "霓虹": ((255, 0, 170), (0, 240, 255)),
    "snow": ((225, 235, 245), (170, 190, 215)),
    "雪": ((225, 235, 245), (170, 190, 215)),
    "fire": ((255, 80, 0), (255, 210, 40)),
    "火": ((255, 80, 0), (255, 210, 40)),
    "gold": ((200, 150, 30), (255, 230, 140)),
    "金": ((200, 150, 30), (255, 230, 140)),
    "desert": ((210, 160, 90), (240, 210, 150)),
    "沙漠": ((210, 160, 90), (240, 210, 150)),
    "purple": ((90, 30, 140), (200, 120, 240)),
    "紫": ((90, 30, 140), (200, 120, 240)),
}
_SHAPES = {
    "circle": "circle",
    "ball": "circle",
    "moon": "circle",
    "sun": "circle",
    "bubble": "circle",
    "圆": "circle",
    "月": "circle",
    "太阳": "circle",
    "球": "circle",
    "box": "square",
    "city": "square",
    "building": "square",
    "robot": "square",
    "城市": "square",
    "楼": "square",
    "机器人": "square",
    "mountain": "triangle",
    "tree": "triangle",
    "rocket": "triangle",
    "山": "triangle",
    "树": "triangle",
    "火箭": "triangle",
    "star": "star",
    "星": "star",
    "spark": "star",
}
_MOTIONS = {
    "slow": "drift",
    "calm": "drift",
    "缓慢": "drift",
    "慢": "drift",
    "平静": "drift",
    "fast": "dart",
    "run": "dart",
    "running": "dart",
    "chase": "dart",
    "快": "dart",
    "奔跑": "dart",
    "orbit": "orbit",
    "spin": "orbit",
    "dance": "orbit",
    "环绕": "orbit",
    "旋转": "orbit",
    "跳舞": "orbit",
    "rain": "fall",
    "falling": "fall",
    "snow": "fall",
    "雨": "fall",
    "雪": "fall",
    "落": "fall",
    "rise": "rise",
    "fly": "rise",
    "flying": "rise",
    "飞": "rise",
    "升": "rise",
    "zoom": "zoom",
    "push": "zoom",
    "推": "zoom",
    "靠近": "zoom",
    "wave": "wave",
    "waves": "wave",
    "浪": "wave",
    "波": "wave",
}


@dataclass(frozen=True, slots=True)
class Sprite:
    """One moving shape: start position and velocity in frame fractions, size, colour."""

    shape: str
    x: float
    y: float
    vx: float
    vy: float
    size: float
    phase: float
    colour: tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Look:
    """Everything the renderer needs besides the frame size."""

    top: tuple[int, int, int]
    bottom: tuple[int, int, int]
    motion: str
    sprites: tuple[Sprite, ...]
    tone_hz: float
    grain: float
    glow: bool
    letterbox: bool = False


def _words(text: str) -> list[str]:
    """Keywords in the order they appear (English by word, Chinese by substring)."""
    lowered = text.lower()
    found: list[tuple[int, str]] = []
    position = 0
    for raw in lowered.split():
        word = raw.strip(".,;:!?\"'()")
        position = lowered.find(raw, position)
        found.append((position, word))
    for key in (*_PALETTES, *_SHAPES, *_MOTIONS):
        if not key.isascii() and key in text:
            found.append((text.find(key), key))
    return [word for _position, word in sorted(found)]


def _hash_rng(*parts: object) -> random.Random:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def look_for(prompt: str, seed: int, model: str) -> Look:
    """The look of ``prompt`` drawn with ``seed`` on ``model``."""
    words = _words(prompt)
    prompt_rng = _hash_rng("prompt", prompt)
    rng = _hash_rng("seed", prompt, seed, model)
    colours = [_PALETTES[w] for w in words if w in _PALETTES]
    # With several colour words the last usually names the setting ("… in the snow at
    # dawn") and the first the subject ("a red fox …"): setting → sky, subject → shapes.
    palette = colours[-1] if colours else None
    subject = colours[0] if len(colours) > 1 else None
    if palette is None:  # no colour word: a palette that still belongs to this prompt
        hue = prompt_rng.random()
        palette = (_hsv(hue, 0.7, 0.55), _hsv((hue + 0.12) % 1, 0.5, 0.95))
    # The seed tilts the palette a little so takes differ but stay on-prompt.
    shift = rng.uniform(-0.06, 0.06)
    top, bottom = (_shift_hue(c, shift) for c in palette)
    shapes = [_SHAPES[w] for w in words if w in _SHAPES] or [
        prompt_rng.choice(["circle", "square", "triangle", "star"])
    ]
    motion = next((_MOTIONS[w] for w in words if w in _MOTIONS), "drift")
    cinema = model == "sim-cinema"  # slower, graded, letterboxed
    count = 3 + rng.randrange(5) + (12 if motion == "fall" else 0)
    sprites = []
    for index in range(count):
        speed = {"dart": 0.45, "drift": 0.08}.get(motion, 0.2) * (0.5 if cinema else 1.0)
        base = subject[index % 2] if subject else (bottom if index % 2 else _contrast(top))
        sprites.append(
            Sprite(
                shape=shapes[index % len(shapes)],
                x=rng.random(),
                y=rng.random(),
                vx=rng.uniform(-speed, speed),
                vy=rng.uniform(-speed, speed),
                size=rng.uniform(0.04, 0.16) * (0.5 if motion == "fall" else 1.0),
                phase=rng.uniform(0, 6.283),
                colour=_shift_hue(base, rng.uniform(-0.1, 0.1)),
            )
        )
    return Look(
        top=top,
        bottom=bottom,
        motion=motion,
        sprites=tuple(sprites),
        tone_hz=220.0 * 2 ** (rng.randrange(12) / 12),
        grain=7.0 if cinema else 0.0,
        glow=model == "sim-pro",
        letterbox=cinema,
    )


def _hsv(h: float, s: float, v: float) -> tuple[int, int, int]:
    r, g, b = colorsys.hsv_to_rgb(h, s, v)
    return int(r * 255), int(g * 255), int(b * 255)


def _shift_hue(colour: tuple[int, int, int], shift: float) -> tuple[int, int, int]:
    h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in colour))
    return _hsv((h + shift) % 1.0, s, v)


def _contrast(colour: tuple[int, int, int]) -> tuple[int, int, int]:
    h, s, v = colorsys.rgb_to_hsv(*(c / 255 for c in colour))
    return _hsv((h + 0.5) % 1.0, max(s, 0.5), 1.0 - 0.6 * v + 0.3)
