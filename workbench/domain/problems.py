"""Problems found before anything is sent: a code for translation plus plain words."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


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
