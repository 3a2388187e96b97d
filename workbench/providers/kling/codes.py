"""Kling's answers in words: business codes, the ``{code, message}`` envelope, failure text.

Kling answers errors as ``{"code": N, "message": …}`` — on HTTP errors and on HTTP 200
alike — and a failed task carries only free text; both are classified here (pure).
"""

from __future__ import annotations

import re
from typing import Any

from workbench.domain.jobs import Failure, FailureKind
from workbench.providers.errors import ProtocolError

LABEL = "Kling"
_CODE_TEXT = re.compile(r"-?[0-9]{1,12}")

# Kling's failure reasons are free text ("Failure to pass the risk control system",
# "触发平台的内容风控" …); these words mark a content refusal rather than a render failure.
_MODERATION_WORDS = re.compile(
    r"risk|moderat|sensitive|content (?:security|safety)|inappropriate|violat|nsfw|censor"
    r"|风控|安全|敏感|违规|审核|违禁",
    re.IGNORECASE,
)

# Business codes (HTTP status in brackets), from Kling's error table ("Checked 2026-11"):
# 1000–1004 (401) auth; 1100 (429) account exception, 1101 (429) arrears, 1102 (429)
# resource pack used up — balance problems, never retried; 1103 (403) no access;
# 1200/1201 (400) bad parameters; 1202/1203 (404) not found; 1300 (400) platform policy;
# 1301 (400) content safety refusal; 1302/1303 (429) rate and concurrency limits;
# 1304 (429) IP allow-list; 5000/5001/5002 (500/503/504) service errors.
RATE_CODES = frozenset({1302, 1303})
NOT_FOUND_CODES = frozenset({1202, 1203})
BALANCE_CODES = frozenset({1100, 1101, 1102})


def classify_code(code: int, message: str) -> Failure:
    """A business code and Kling's own message as a normalised failure, in plain words."""
    text = message.strip()[:500]

    def failure(kind: FailureKind, words: str, retryable: bool = False) -> Failure:
        return Failure(
            kind=kind, message=words, provider_text=text, code=str(code), retryable=retryable
        )

    if 1000 <= code < 1100:
        return failure(
            FailureKind.AUTH,
            "Kling did not accept the key: check the access key and secret key (or API key) "
            "and that they belong to this region.",
        )
    if code == 1103:
        return failure(FailureKind.AUTH, "This Kling key has no access to this model or feature.")
    if code == 1304:
        return failure(FailureKind.AUTH, "Kling refused this computer's IP address (allow-list).")
    if 1100 <= code < 1200:
        return failure(
            FailureKind.QUOTA,
            "Kling refused the draw for the account's balance: the account is in arrears or "
            "its resource package is used up or expired. Top it up in the Kling console.",
        )
    if code in RATE_CODES:
        return failure(
            FailureKind.QUOTA,
            "Kling is rate-limiting, or the account's concurrency limit is reached; try again "
            "in a little while.",
            retryable=True,
        )
    if code == 1301:
        return failure(
            FailureKind.MODERATION,
            "Kling's content safety policy refused this draw; rewording the prompt or "
            "changing the image may help.",
        )
    if code == 1300:
        # A platform policy (account, region or feature rule), not a verdict on the content.
        return failure(FailureKind.INVALID, "Kling's platform policy refused this request.")
    if 1200 <= code < 1300:
        return failure(FailureKind.INVALID, "Kling rejected the request's settings.")
    if 5000 <= code < 6000:
        return failure(
            FailureKind.PROVIDER, "Kling had an internal error; try again later.", retryable=True
        )
    return failure(FailureKind.PROVIDER, f"Kling answered with error code {code}.")


def task_failure(message: str) -> Failure:
    """A ``failed`` task's reason: content refusals are moderation, the rest render failures."""
    text = message.strip()[:500]
    if _MODERATION_WORDS.search(text):
        return Failure(
            kind=FailureKind.MODERATION,
            message="Kling's content filter refused this draw; rewording the prompt or "
            "changing the image may help.",
            provider_text=text,
            code="failed",
        )
    return Failure(
        kind=FailureKind.PROVIDER,
        message="Kling could not make this clip.",
        provider_text=text,
        code="failed",
        retryable=True,
    )


# -- envelope ---------------------------------------------------------------------------------
def head(value: Any) -> str:
    """A short printable form of a service value, for error messages."""
    return str(value)[:200]


def envelope_code(body: Any) -> tuple[int, str]:
    """``code`` and ``message`` of a Kling answer.

    Raises:
        ProtocolError: the body is not Kling's ``{code, message, …}`` object.
    """
    if not isinstance(body, dict):
        raise ProtocolError(f"{LABEL} answered with something other than a JSON object")
    code = body.get("code")
    if isinstance(code, str) and _CODE_TEXT.fullmatch(code.strip()):
        code = int(code.strip())
    if not isinstance(code, int) or isinstance(code, bool):
        raise ProtocolError(f"{LABEL}'s answer has no numeric code", provider_text=head(body))
    message = body.get("message")
    return code, message if isinstance(message, str) else ""


def envelope_failure(body: Any) -> Failure | None:
    """The failure a non-zero ``code`` stands for (even on HTTP 200), else None.

    Raises:
        ProtocolError: the body is not Kling's envelope.
    """
    code, message = envelope_code(body)
    return None if code == 0 else classify_code(code, message)
