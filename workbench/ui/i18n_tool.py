"""Refresh and compile the translations: ``python -m workbench.ui.i18n_tool COMMAND``.

Commands (run from a checkout, with the project's venv):

- ``update``: ``pyside6-lupdate`` over ``workbench/ui/**/*.py`` into
  ``resources/i18n/workbench_{zh_CN,en}.ts`` (English keeps only plural forms), then
  ``release``. New strings arrive in the zh_CN file marked unfinished.
- ``release``: ``pyside6-lrelease`` each ``.ts`` into the ``.qm`` beside it (committed).
- ``check``: exit 1 when a committed ``.qm`` differs from its ``.ts`` compiled now; lists how
  many zh_CN strings are still unfinished.
- ``missing [FILE [LANG]]``: the unfinished messages of LANG (default zh_CN) as JSON, to
  translate without Linguist. For ``en`` these are the plural forms (``%n``) only.
- ``apply FILE [LANG]``: fill translations from such a JSON file (``translation`` filled in: a
  string, or a list of forms for plural messages: one for zh_CN, singular and plural for
  en), then ``update``.

Translating by hand: ``pyside6-linguist resources/i18n/workbench_zh_CN.ts``, then ``release``.
This module imports no Qt; it drives Qt's command-line tools.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

from workbench import resources

LANGUAGES = ("zh_CN", "en")
_UI = Path(__file__).resolve().parent


def i18n_dir() -> Path:
    """``resources/i18n`` of this checkout."""
    return resources.resources_dir() / "i18n"


def ts_file(language: str) -> Path:
    """The translation source of one language."""
    return i18n_dir() / f"workbench_{language}.ts"


def tool(name: str) -> str:
    """A Qt tool (``pyside6-lupdate``…) from this interpreter's environment, else PATH."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found; install PySide6 in this environment")
    return found


def sources() -> list[str]:
    """Every Python file of the UI, in a stable order."""
    return sorted(str(p) for p in _UI.rglob("*.py") if "__pycache__" not in p.parts)


def update(*, quiet: bool = False) -> None:
    """Refresh the ``.ts`` files from the sources, then compile them."""
    for language in LANGUAGES:
        args = [tool("pyside6-lupdate"), *sources(), "-locations", "none", "-no-obsolete"]
        args += ["-target-language", language, "-ts", str(ts_file(language))]
        if language == "en":
            args.insert(-2, "-pluralonly")  # English source text needs only its plurals
        _run(args, quiet)
    release(quiet=quiet)


def compile_qm(ts: Path, out_dir: Path, *, quiet: bool = True) -> Path:
    """Compile one ``.ts`` into ``out_dir``; returns the ``.qm`` path."""
    qm = out_dir / ts.with_suffix(".qm").name
    _run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], quiet)
    return qm


def release(*, quiet: bool = False) -> None:
    """Compile every ``.ts`` into the ``.qm`` beside it."""
    for language in LANGUAGES:
        compile_qm(ts_file(language), i18n_dir(), quiet=quiet)


def stale() -> list[str]:
    """Names of committed ``.qm`` files that differ from their ``.ts`` compiled now."""
    out: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for language in LANGUAGES:
            fresh = compile_qm(ts_file(language), Path(tmp))
            committed = ts_file(language).with_suffix(".qm")
            if not committed.exists() or committed.read_bytes() != fresh.read_bytes():
                out.append(committed.name)
    return out


def unfinished(language: str = "zh_CN") -> list[dict[str, object]]:
    """Messages without a finished translation, as plain dicts."""
    root = ET.parse(ts_file(language)).getroot()
    found: list[dict[str, object]] = []
    for context in root.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") not in ("unfinished", None):
                continue  # vanished/obsolete entries are not shipped
            numerus = message.get("numerus") == "yes"
            forms = [f.text or "" for f in translation.iter("numerusform")]
            empty = not all(forms) if numerus else not translation.text
            if translation.get("type") == "unfinished" or empty:
                found.append(
                    {
                        "context": name,
                        "source": message.findtext("source", ""),
                        "comment": message.findtext("comment", ""),
                        "numerus": numerus,
                        "translation": forms if numerus else (translation.text or ""),
                    }
                )
    return found


def apply(entries: list[dict[str, object]], language: str = "zh_CN") -> int:
    """Write translations into the ``.ts``; returns how many messages were filled."""
    path = ts_file(language)
    tree = ET.parse(path)
    wanted = {(str(e["context"]), str(e["source"])): e["translation"] for e in entries}
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            value = wanted.get((name, message.findtext("source", "")))
            translation = message.find("translation")
            if not value or translation is None:
                continue
            if isinstance(value, list):
                for form in list(translation):
                    translation.remove(form)
                for text in value:
                    ET.SubElement(translation, "numerusform").text = str(text)
            else:
                translation.text = str(value)
            translation.attrib.pop("type", None)
            filled += 1
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n{body}\n', "utf-8")
    return filled


def _run(args: list[str], quiet: bool) -> None:
    result = subprocess.run(args, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{Path(args[0]).name} failed:\n{result.stdout}{result.stderr}")
    if not quiet:
        sys.stdout.write(result.stdout)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    command = args.pop(0) if args else "help"
    if command == "update":
        update()
    elif command == "release":
        release()
    elif command == "check":
        bad = stale()
        for language in LANGUAGES:
            todo = len(unfinished(language))
            sys.stdout.write(f"{language}: {todo} unfinished message(s)\n")
        if bad:
            sys.stdout.write("out of date (run release): " + ", ".join(bad) + "\n")
            return 1
    elif command == "missing":
        language = args[1] if len(args) > 1 else "zh_CN"
        text = json.dumps(unfinished(language), ensure_ascii=False, indent=1)
        if args:
            Path(args[0]).write_text(text + "\n", encoding="utf-8")
        else:
            sys.stdout.write(text + "\n")
    elif command == "apply" and args:
        language = args[1] if len(args) > 1 else "zh_CN"
        entries = json.loads(Path(args[0]).read_text(encoding="utf-8"))
        sys.stdout.write(f"filled {apply(entries, language)} message(s)\n")
        update()
    else:
        sys.stdout.write(__doc__ or "")
        return 2 if command != "help" else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
