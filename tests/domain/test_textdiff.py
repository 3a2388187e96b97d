"""Prompt diffs: words for Latin text, characters for Chinese, texts always rebuilt exactly."""

from __future__ import annotations

import random

import pytest

from workbench.domain.textdiff import (
    Op,
    Segment,
    cjk_share,
    diff_texts,
    mostly_cjk,
    tokenize,
)


def ops(old: str | None, new: str | None) -> list[tuple[str, str]]:
    return [(s.op.value, s.text) for s in diff_texts(old, new).segments]


# -- tokens ---------------------------------------------------------------------------------


def test_latin_text_is_cut_into_words_spaces_and_marks() -> None:
    assert tokenize("a red fox, running") == ["a", " ", "red", " ", "fox", ",", " ", "running"]
    assert tokenize("don't stop — it’s") == ["don't", " ", "stop", " ", "—", " ", "it’s"]


def test_chinese_text_is_cut_into_characters() -> None:
    assert tokenize("雨夜霓虹，小猫") == ["雨", "夜", "霓", "虹", "，", "小", "猫"]


def test_mixed_text_keeps_latin_words_and_cuts_cjk_runs() -> None:
    text = "cyberpunk city at night, 霓虹灯 rain on the street"
    assert not mostly_cjk(text)
    tokens = tokenize(text)
    assert "cyberpunk" in tokens and "street" in tokens
    assert tokens[tokens.index("霓") : tokens.index("霓") + 3] == ["霓", "虹", "灯"]


def test_mostly_chinese_text_cuts_latin_into_characters_too() -> None:
    text = "一只小猫在4K画面中慢慢走过 neon 水坑"
    assert mostly_cjk(text)
    tokens = tokenize(text)
    assert "neon" not in tokens
    assert tokens[tokens.index("n") : tokens.index("n") + 4] == ["n", "e", "o", "n"]
    assert "4" in tokens and "K" in tokens


@pytest.mark.parametrize(
    "text",
    ["", "  ", "a  b\n\tc", "雨夜，霓虹。", "mix 混合 text！", "日本語のテキスト", "한국어 text"],
)
def test_tokens_rebuild_the_text(text: str) -> None:
    assert "".join(tokenize(text)) == text
    assert "".join(tokenize(text, by_character=True)) == text
    assert "".join(tokenize(text, by_character=False)) == text


def test_cjk_share_counts_letters_only() -> None:
    assert cjk_share("") == 0.0
    assert cjk_share("abc，。！") == 0.0  # full-width punctuation is not a letter
    assert cjk_share("猫猫 ab") == pytest.approx(0.5)
    assert cjk_share("小猫") == 1.0


# -- diffs ----------------------------------------------------------------------------------


def test_english_rewrite_is_diffed_by_word() -> None:
    diff = diff_texts(
        "a red fox running through fresh snow",
        "a red fox walking through deep fresh snow, slow dolly in",
    )
    assert not diff.by_character
    assert ("delete", "running") in ops(diff.old_text, diff.new_text)
    assert ("insert", "walking") in ops(diff.old_text, diff.new_text)
    inserted = "".join(s.text for s in diff.segments if s.op is Op.INSERT)
    assert "deep" in inserted and "slow dolly in" in inserted
    # Whole words only: nothing is split inside "running" / "walking".
    assert all(s.text not in ("run", "walk", "ning") for s in diff.segments)
    assert diff.deleted == 1
    assert diff.inserted == 1 + 1 + 4  # walking; deep; "," slow dolly in


def test_a_rewritten_phrase_is_one_deletion_and_one_insertion() -> None:
    assert ops("a quick brown fox", "a slow red fox") == [
        ("equal", "a "),
        ("delete", "quick brown"),
        ("insert", "slow red"),
        ("equal", " fox"),
    ]


def test_chinese_rewrite_is_diffed_by_character() -> None:
    diff = diff_texts("雨夜霓虹街道，一只小猫走过水坑", "雨夜霓虹街道，一只小狗慢慢走过水坑")
    assert diff.by_character
    assert [(s.op, s.text) for s in diff.segments] == [
        (Op.EQUAL, "雨夜霓虹街道，一只小"),
        (Op.DELETE, "猫"),
        (Op.INSERT, "狗慢慢"),
        (Op.EQUAL, "走过水坑"),
    ]
    assert (diff.deleted, diff.inserted) == (1, 3)


def test_latin_inside_chinese_is_diffed_by_character() -> None:
    assert ops("一只猫在4K画面中", "一只猫在8K画面中") == [
        ("equal", "一只猫在"),
        ("delete", "4"),
        ("insert", "8"),
        ("equal", "K画面中"),
    ]


def test_mixed_prompt_diffs_words_and_characters() -> None:
    assert ops("赛博朋克 city at night，霓虹灯 glow", "赛博朋克 town at night，霓虹灯光 glow") == [
        ("equal", "赛博朋克 "),
        ("delete", "city"),
        ("insert", "town"),
        ("equal", " at night，霓虹灯"),
        ("insert", "光"),
        ("equal", " glow"),
    ]


def test_identical_empty_and_missing_texts() -> None:
    same = diff_texts("same words", "same words")
    assert not same.changed and same.segments == (Segment(Op.EQUAL, "same words"),)
    assert diff_texts(None, None).segments == ()
    assert not diff_texts(None, "").changed
    assert ops(None, "blur, watermark") == [("insert", "blur, watermark")]
    assert ops("blur", None) == [("delete", "blur")]
    assert diff_texts("a b", "a  b").changed  # whitespace is part of the text


def test_deletion_comes_before_its_insertion() -> None:
    segments = diff_texts("one two three", "one four three").segments
    kinds = [s.op for s in segments]
    assert kinds.index(Op.DELETE) < kinds.index(Op.INSERT)


@pytest.mark.parametrize("seed", range(30))
def test_any_diff_rebuilds_both_texts(seed: int) -> None:
    rng = random.Random(seed)
    words = ["fox", "雪", "snow", "夜", "neon", " ", ", ", "，", "slow", "猫", "\n"]
    old = "".join(rng.choice(words) for _ in range(rng.randrange(0, 30)))
    new = "".join(rng.choice(words) for _ in range(rng.randrange(0, 30)))
    diff = diff_texts(old, new)
    assert diff.old_text == old
    assert diff.new_text == new
    assert all(s.text for s in diff.segments)
    # Never two segments of the same kind in a row.
    assert all(a.op != b.op for a, b in zip(diff.segments, diff.segments[1:], strict=False))
