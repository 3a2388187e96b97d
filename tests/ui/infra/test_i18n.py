"""Translations: the right language is installed, Qt's own strings too, and .qm files are fresh."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from workbench.ui import i18n, i18n_tool


def _tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    i18n.remove_translators(qapp)


def test_zh_cn_gives_chinese_for_ours_and_qts_strings(app) -> None:
    assert i18n.install_translators(app, "zh_CN") == "zh_CN"
    assert _tr("ProviderPanel", "Save key") == "保存密钥"
    assert _tr("SettingsDialog", "Settings") == "设置"
    assert _tr("QPlatformTheme", "Cancel") == "取消"  # qtbase: standard dialog buttons


def test_english_is_the_source_text(app) -> None:
    i18n.install_translators(app, "zh_CN")
    assert i18n.install_translators(app, "en") == "en"  # switching removes the Chinese ones
    assert _tr("ProviderPanel", "Save key") == "Save key"
    assert _tr("QPlatformTheme", "Cancel") == "Cancel"
    assert i18n.installed_languages() == ["en"]


def test_english_plurals_come_from_the_english_translation(app) -> None:
    root = ET.parse(i18n_tool.ts_file("en")).getroot()
    numerus = [
        (context.findtext("name", ""), message)
        for context in root.iter("context")
        for message in context.iter("message")
        if message.get("numerus") == "yes"
    ]
    if not numerus:
        pytest.skip("no plural message in workbench/ui yet")
    context, message = numerus[0]
    source = message.findtext("source", "")
    one, many = (f.text or "" for f in message.iter("numerusform"))
    i18n.install_translators(app, "en")
    assert QCoreApplication.translate(context, source, None, 1) == one.replace("%n", "1")
    assert QCoreApplication.translate(context, source, None, 3) == many.replace("%n", "3")
    assert "(s)" not in QCoreApplication.translate(context, source, None, 1)


@pytest.mark.parametrize(
    ("system", "expected"),
    [
        ("zh_CN", "zh_CN"),
        ("zh_SG", "zh_CN"),
        ("zh_TW", "zh_CN"),
        ("en_US", "en"),
        ("en_GB", "en"),
        ("de_DE", "en"),
        ("ja_JP", "en"),
    ],
)
def test_auto_follows_the_system_locale(system: str, expected: str) -> None:
    assert i18n.resolve_language("auto", QLocale(system)) == expected


def test_a_forced_language_ignores_the_system() -> None:
    assert i18n.resolve_language("en", QLocale("zh_CN")) == "en"
    assert i18n.resolve_language("zh_CN", QLocale("en_US")) == "zh_CN"
    assert i18n.resolve_language("nonsense", QLocale("zh_CN")) == "zh_CN"  # treated as auto


def test_a_missing_translation_folder_keeps_english(app, monkeypatch, caplog) -> None:
    def missing() -> Path:
        raise FileNotFoundError("no resources")

    monkeypatch.setattr(i18n, "translations_dir", missing)
    assert i18n.install_translators(app, "zh_CN") == "en"
    assert _tr("ProviderPanel", "Save key") == "Save key"
    assert "English" in caplog.text


_CHILD = textwrap.dedent(
    """
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication
    from workbench.ui.i18n import install_translators
    app = QApplication([])
    print(install_translators(app, "auto"))
    print(QCoreApplication.translate("ProviderPanel", "Save key"))
    """
)


@pytest.mark.parametrize(
    ("lang", "expected"), [("zh_CN.UTF-8", "zh_CN 保存密钥"), ("C.UTF-8", "en Save key")]
)
def test_lang_environment_variable_chooses_the_language(lang: str, expected: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))}
    env.update(LANG=lang, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", _CHILD],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert " ".join(result.stdout.split()) == expected


@pytest.mark.parametrize("language", i18n_tool.LANGUAGES)
def test_committed_qm_files_match_their_sources(language: str, tmp_path: Path) -> None:
    ts = i18n_tool.ts_file(language)
    committed = ts.with_suffix(".qm")
    fresh = i18n_tool.compile_qm(ts, tmp_path)
    assert committed.read_bytes() == fresh.read_bytes(), (
        f"{committed.name} is out of date: run python -m workbench.ui.i18n_tool release"
    )


def test_the_tool_round_trips_translations(tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "i18n"
    folder.mkdir()
    ts = folder / "workbench_zh_CN.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" '
        'language="zh_CN"><context><name>Ctx</name>'
        '<message><source>Save</source><translation type="unfinished"></translation></message>'
        '<message numerus="yes"><source>%n take(s)</source><translation type="unfinished">'
        "<numerusform></numerusform></translation></message>"
        "<message><source>Done</source><translation>完成</translation></message>"
        "</context></TS>\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n_tool, "i18n_dir", lambda: folder)
    todo = i18n_tool.unfinished()
    assert [(e["source"], e["numerus"]) for e in todo] == [("Save", False), ("%n take(s)", True)]
    todo[0]["translation"], todo[1]["translation"] = "保存", ["%n 条镜头"]
    assert i18n_tool.apply(todo) == 2
    assert i18n_tool.unfinished() == []
    qm = i18n_tool.compile_qm(ts, tmp_path)
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("Ctx", "Save") == "保存"
    assert translator.translate("Ctx", "%n take(s)", None, 3) == "%n 条镜头"


@pytest.mark.parametrize("language", i18n_tool.LANGUAGES)
def test_translations_keep_every_placeholder(language: str) -> None:
    marks = re.compile(r"%\d|%n|\{[^{}]*\}")
    root = ET.parse(i18n_tool.ts_file(language)).getroot()
    wrong = []
    for context in root.iter("context"):
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            if translation is None or translation.get("type"):
                continue
            forms = [f.text or "" for f in translation.iter("numerusform")] or [
                translation.text or ""
            ]
            for form in forms:
                if sorted(marks.findall(form)) != sorted(marks.findall(source)):
                    wrong.append(f"{context.findtext('name')}: {source!r} → {form!r}")
    assert wrong == []
