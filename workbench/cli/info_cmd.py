"""``workbench info FILE``: the generation record an exported clip carries, without a library.

Works on any machine with the file alone: it reads the record Workbench embedded in the
clip's metadata on export (:mod:`workbench.library.embed`) and prints it as text or JSON.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from workbench.cli.output import EXIT_BAD_INPUT, EXIT_OK, EXIT_SOME_FAILED, emit_json, say


def _money(usd: Any) -> str:
    return f"${usd:.2f}" if isinstance(usd, int | float) else "-"


def _cost(record: dict[str, Any]) -> str:
    charged = record.get("charged")
    estimate = f"estimated {_money(record.get('estimated_cost_usd'))}"
    if charged is False:
        return f"not charged ({estimate})"
    if record.get("cost_usd") is not None:
        return f"{_money(record['cost_usd'])} charged ({estimate})"
    return estimate + ("" if charged else ", charge unknown")


def _spec(spec: Any) -> str:
    if not isinstance(spec, dict):
        return "-"
    parts = []
    if spec.get("duration"):
        parts.append(f"{spec['duration']} s")
    parts += [str(spec[k]) for k in ("aspect", "resolution") if spec.get(k)]
    if "audio" in spec:
        parts.append("audio" if spec["audio"] else "no audio")
    return " · ".join(parts) or "-"


def record_lines(record: dict[str, Any]) -> list[tuple[str, str]]:
    """The record as ``(label, text)`` lines, in the order a person reads them."""
    stars = record.get("rating")
    judged = ("★" * stars + "☆" * (5 - stars)) if isinstance(stars, int) else "not rated"
    if record.get("rated_blind"):
        judged += " (rated blind)"
    if record.get("favourite"):
        judged += " · favourite"
    clip = record.get("clip") if isinstance(record.get("clip"), dict) else {}
    seed = record.get("seed")
    lines = [
        ("file", str(record.get("file") or "-")),
        ("take", f"{record.get('take')} (run {record.get('run')}, draw {record.get('draw')})"),
        ("service", f"{record.get('provider')} · {record.get('model')}"),
        ("seed", "none (the model takes no seed)" if seed is None else str(seed)),
        ("prompt", str(record.get("prompt") or "")),
    ]
    if record.get("negative_prompt"):
        lines.append(("negative", str(record["negative_prompt"])))
    lines += [
        ("version", f"v{record.get('prompt_version')} of prompt {record.get('prompt_id')}"),
        ("spec", _spec(record.get("spec"))),
        ("cost", _cost(record)),
        ("judged", judged),
    ]
    if record.get("tags"):
        lines.append(("tags", ", ".join(map(str, record["tags"]))))
    if record.get("reasons"):
        lines.append(("reasons", ", ".join(map(str, record["reasons"]))))
    lines += [("note", str(note)) for note in record.get("notes") or ()]
    if record.get("parent_take"):
        lines.append(("rerolled", f"from take {record['parent_take']}"))
    if clip.get("sha256"):
        lines.append(("original", f"sha256 {clip['sha256']}"))
    return lines


def cmd_info(args: argparse.Namespace) -> int:
    """Print the record embedded in an exported clip (text, or one JSON line)."""
    from workbench.library.embed import read_record
    from workbench.media import NotAVideo

    path = Path(args.file)
    try:
        record = read_record(path)
    except FileNotFoundError:
        say(f"There is no file {path}.")
        return EXIT_BAD_INPUT
    except NotAVideo as exc:
        say(f"{path}: {exc}.")
        return EXIT_BAD_INPUT
    if record is None:
        say(
            f"{path.name} carries no Workbench record: it was not exported by Workbench, or "
            "its metadata was stripped (look for a .json sidecar beside it)."
        )
        return EXIT_SOME_FAILED
    if args.json:
        emit_json(record)
        return EXIT_OK
    lines = record_lines(record)
    width = max(len(label) for label, _ in lines)
    for label, text in lines:
        print(f"{label.ljust(width)}  {text}")
    return EXIT_OK


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``info``."""
    info = sub.add_parser(
        "info", help="print the generation record embedded in a clip Workbench exported"
    )
    info.add_argument("file", metavar="FILE")
    info.add_argument("--json", action="store_true", help="the record as one JSON line")
    info.set_defaults(func=cmd_info)
