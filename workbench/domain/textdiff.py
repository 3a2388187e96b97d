"""Word-level diffs of prompt versions; Chinese (and other CJK text) diffed by character.

A prompt is cut into tokens: a run of Latin letters or digits is one word, every CJK
character is a token of its own (Chinese has no spaces between words, so a character is
the smallest unit a rewrite changes), whitespace runs and punctuation marks are tokens
too. A text that is mostly CJK is cut into single characters throughout, so "4K" in a
Chinese prompt diffs like the characters around it. :class:`difflib.SequenceMatcher`
aligns the tokens; whitespace caught between two changes joins them, so a rewritten
phrase reads as one deletion and one insertion instead of word-by-word confetti.

Concatenating the equal and deleted segments gives the old text back; the equal and
inserted ones give the new text (nothing is normalised away).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# Han ideographs (with extensions and compatibility forms), kana, Hangul, CJK symbols and
# punctuation (、。「」), and full-width forms (，！？ＡＢ): each is a token of its own.
_CJK_RANGES = (
    "\u2e80-\u2fdf"  # radicals
    "\u3000-\u303f"  # CJK symbols and punctuation
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3100-\u312f\u31a0-\u31bf"  # bopomofo
    "\u3400-\u4dbf"  # extension A
    "\u4e00-\u9fff"  # unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # compatibility ideographs
    "\ufe30-\ufe4f"  # compatibility forms
    "\uff00-\uffef"  # half- and full-width forms
    "\U00020000-\U0003134f"  # extensions B–G
)
_CJK = re.compile(f"[{_CJK_RANGES}]")
# A word: letters and digits (not CJK), with inner apostrophes ("don't", "it’s").
_WORD = rf"(?:(?![{_CJK_RANGES}])\w)+(?:['’](?:(?![{_CJK_RANGES}])\w)+)*"
_MIXED = re.compile(rf"\s+|{_WORD}|[{_CJK_RANGES}]|.", re.DOTALL)
_CHARS = re.compile(r"\s+|.", re.DOTALL)
_LETTER = re.compile(r"[^\W\d_]")

#: A text whose letters are at least this share CJK is diffed character by character.
CJK_SHARE = 0.5


class Op(enum.StrEnum):
    """What a segment of a diff is."""

    EQUAL = "equal"
    INSERT = "insert"
    DELETE = "delete"


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text that is the same in both versions, only in the new, or only in the old."""

    op: Op
    text: str


@dataclass(frozen=True, slots=True)
class TextDiff:
    """The change from an old text to a new one.

    Attributes:
        segments: equal, deleted and inserted runs in reading order (a deletion before
            the insertion that replaces it).
        by_character: True when the texts were cut into characters (mostly CJK).
        inserted: words (or characters) added, whitespace not counted.
        deleted: words (or characters) removed, whitespace not counted.
    """

    segments: tuple[Segment, ...]
    by_character: bool
    inserted: int
    deleted: int

    @property
    def changed(self) -> bool:
        """Whether the texts differ at all (whitespace included)."""
        return any(s.op is not Op.EQUAL for s in self.segments)

    @property
    def old_text(self) -> str:
        """The old text, rebuilt from the segments."""
        return "".join(s.text for s in self.segments if s.op is not Op.INSERT)

    @property
    def new_text(self) -> str:
        """The new text, rebuilt from the segments."""
        return "".join(s.text for s in self.segments if s.op is not Op.DELETE)


def cjk_share(text: str) -> float:
    """The share of a text's letters that are CJK (0.0 for a text without letters)."""
    letters = _LETTER.findall(text)
    cjk = sum(1 for ch in letters if _CJK.match(ch))
    return cjk / len(letters) if letters else 0.0


def mostly_cjk(*texts: str) -> bool:
    """Whether these texts, taken together, are mostly CJK (diff them by character)."""
    return cjk_share("\n".join(texts)) >= CJK_SHARE


def tokenize(text: str, *, by_character: bool | None = None) -> list[str]:
    """Cut a text into diff tokens; ``"".join(tokenize(t)) == t`` always holds.

    Args:
        text: the prompt text.
        by_character: force character mode (True) or mixed mode (False); None decides by
            :func:`mostly_cjk`.

    Returns:
        Words for Latin runs and single characters for CJK in mixed mode; every
        non-whitespace character alone in character mode. Whitespace runs stay whole.
    """
    if by_character is None:
        by_character = mostly_cjk(text)
    return (_CHARS if by_character else _MIXED).findall(text)


def _counts(tokens: list[str]) -> int:
    return sum(1 for t in tokens if not t.isspace())


def diff_texts(old: str | None, new: str | None) -> TextDiff:
    """The word-level (CJK: character-level) diff from ``old`` to ``new``.

    Args:
        old: the earlier text (None reads as empty: a version without a negative prompt).
        new: the later text (None reads as empty).

    Returns:
        The segments, whether the texts were cut by character, and how many words (or
        characters) were inserted and deleted.
    """
    old, new = old or "", new or ""
    by_character = mostly_cjk(old, new)
    a = tokenize(old, by_character=by_character)
    b = tokenize(new, by_character=by_character)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    # (is_equal, old text, new text) per opcode, with counts of changed tokens.
    parts: list[tuple[bool, str, str]] = []
    inserted = deleted = 0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old_part, new_part = "".join(a[i1:i2]), "".join(b[j1:j2])
        if tag == "equal":
            parts.append((True, old_part, new_part))
        else:
            parts.append((False, old_part, new_part))
            deleted += _counts(a[i1:i2])
            inserted += _counts(b[j1:j2])
    # Whitespace alone between two changes belongs to them: one phrase replaced, not two.
    for k in range(1, len(parts) - 1):
        equal, text, _ = parts[k]
        if equal and text.isspace() and not parts[k - 1][0] and not parts[k + 1][0]:
            parts[k] = (False, text, text)
    segments: list[Segment] = []
    pending_old, pending_new = "", ""
    for equal, old_part, new_part in [*parts, (True, "", "")]:
        if not equal:
            pending_old += old_part
            pending_new += new_part
            continue
        if pending_old:
            segments.append(Segment(Op.DELETE, pending_old))
        if pending_new:
            segments.append(Segment(Op.INSERT, pending_new))
        pending_old, pending_new = "", ""
        if old_part:
            segments.append(Segment(Op.EQUAL, old_part))
    return TextDiff(tuple(segments), by_character, inserted, deleted)
