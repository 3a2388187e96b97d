"""Problems found before anything is sent: a code for translation plus plain words."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError


class Problem(BaseModel):
    """One reason a request cannot be sent as it stands.

    ``code`` is stable (the UI translates it); ``message`` is the English sentence the
    command line prints; ``allowed`` lists the values that would be accepted, when that is
    a short list.
    """

    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    field: str | None = None
    target: str | None = None
    allowed: tuple[str, ...] = ()

    def for_target(self, target: str) -> Problem:
        """Return a copy that names the provider/model it concerns."""
        return self.model_copy(update={"target": target})

    def __str__(self) -> str:
        prefix = f"{self.target}: " if self.target else ""
        return prefix + self.message


class InvalidRequest(ValueError):
    """Raised when input cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


#: How a field is named to a person (the spec's names are not always the words people use).
_FIELD_WORDS = {"negative_prompt": "negative prompt", "seed_policy": "seed policy"}


def _words(error: Any) -> str:
    """One pydantic error in words: what was given and what is allowed."""
    ctx = error.get("ctx") or {}
    given = error.get("input")
    kind = error.get("type", "")
    if kind in ("less_than_equal", "less_than"):
        return f"{given} is more than {ctx.get('le', ctx.get('lt'))}, the largest allowed"
    if kind in ("greater_than_equal", "greater_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        return f"{given} is too small; use {'at least' if 'ge' in ctx else 'more than'} {bound}"
    if kind.endswith(("_parsing", "_type")):
        return f"{given!r} is not a valid value"
    if kind == "string_pattern_mismatch":
        return f"{given!r} is not one of the allowed values"
    return str(error.get("msg", "is not valid")).removeprefix("Value error, ")


def problems_from_validation(exc: ValidationError, code: str = "input") -> list[Problem]:
    """Every error of a pydantic validation as a :class:`Problem` that names its field.

    No raw pydantic text reaches a person: "duration: 0 is too small; use at least 1".
    """
    problems = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error.get("loc", ()) if part != "__root__")
        name = _FIELD_WORDS.get(field, field.replace("_", " "))
        message = _words(error)
        problems.append(
            Problem(
                code=code,
                field=field or None,
                message=f"{name}: {message}" if name else message,
            )
        )
    return problems
