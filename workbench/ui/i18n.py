"""Qt translations: Workbench's own (``resources/i18n``) and Qt's (standard buttons, dialogs).

``install_translators(app, "auto")`` follows the system locale: ``LANG=zh_CN.UTF-8`` gives
Chinese, anything else English. ``"en"`` and ``"zh_CN"`` force a language. Sources are
``resources/i18n/workbench_<lang>.ts``; the compiled ``.qm`` files are committed beside them
(``resources/README.md``), refreshed with ``python -m workbench.ui.i18n_tool update``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from workbench import resources

log = logging.getLogger(__name__)

#: Values of ``Settings.language``: "auto" follows the system.
LANGUAGES = ("auto", "en", "zh_CN")
#: Languages Workbench ships a translation for.
SHIPPED = ("en", "zh_CN")

# Translators must outlive the call that installs them (Qt keeps only a pointer), and a second
# install (language changed in settings) must remove the first set.
_installed: list[QTranslator] = []


def translations_dir() -> Path:
    """Folder holding ``workbench_<lang>.ts`` and ``.qm`` (checkout or installed wheel)."""
    return resources.resources_dir() / "i18n"


def resolve_language(language: str, system: QLocale | None = None) -> str:
    """The shipped language to use for a ``Settings.language`` value.

    Args:
        language: "auto", "en" or "zh_CN" (anything unknown counts as "auto").
        system: the locale "auto" follows (default ``QLocale.system()``).

    Returns:
        "zh_CN" or "en".
    """
    if language in SHIPPED:
        return language
    locale = system if system is not None else QLocale.system()
    # uiLanguages lists the user's preferences in order (LANGUAGE, then LC_MESSAGES/LANG on
    # Unix; the OS list on macOS and Windows). The first one we ship wins.
    tags = [*locale.uiLanguages(), locale.name()]
    for tag in tags:
        lowered = tag.replace("_", "-").lower()
        # Any Chinese gets the Simplified translation: closer for a Traditional reader than
        # English, and the only Chinese we ship.
        if lowered == "zh" or lowered.startswith("zh-"):
            return "zh_CN"
        if lowered == "en" or lowered.startswith("en-"):
            return "en"
    return "en"


def remove_translators(app: QCoreApplication) -> None:
    """Uninstall every translator :func:`install_translators` installed."""
    while _installed:
        translator = _installed.pop()
        app.removeTranslator(translator)
        translator.deleteLater()


def install_translators(app: QCoreApplication, language: str) -> str:
    """Install Workbench's translation and Qt's own for ``language``.

    Safe to call again: the previous translators are removed first. A missing or unreadable
    translation is logged and the UI stays in English; it never stops the start-up.

    Args:
        app: the application.
        language: "auto" (follow the system locale), "en" or "zh_CN".

    Returns:
        The language installed ("en" or "zh_CN").
    """
    remove_translators(app)
    chosen = resolve_language(language)
    try:
        folder = str(translations_dir())
    except FileNotFoundError:
        log.warning("translations folder missing; the interface stays in English")
        return "en"
    _load(app, f"workbench_{chosen}", folder)
    if chosen != "en":
        # Qt's own strings (OK/Cancel/Apply, file dialogs, context menus) come from qtbase.
        _load(app, f"qtbase_{chosen}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return chosen


def _load(app: QCoreApplication, name: str, folder: str) -> bool:
    translator = QTranslator(app)
    if not translator.load(name, folder):
        log.warning("translation %s not found in %s", name, folder)
        translator.deleteLater()
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def installed_languages() -> list[str]:
    """Languages of the translators installed now (for tests and the About box)."""
    return [t.language() for t in _installed]
