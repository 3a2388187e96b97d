"""Kling's bearer token: an HS256 JWT made with the standard library (no PyJWT).

Header ``{"alg":"HS256","typ":"JWT"}``, claims ``iss`` = access key, ``exp`` = now + 1800,
``nbf`` = now − 5, signed with the secret key. Kling refuses tokens older than 30 minutes,
so a token is cached and renewed while it still has a few minutes left.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable

TOKEN_LIFETIME_S = 1800  # Kling's maximum: 30 minutes
NOT_BEFORE_SLACK_S = 5  # as Kling's own sample: valid from 5 s ago, for clock skew
RENEW_BEFORE_S = 300  # renew when under 5 minutes are left, so no request carries a dying token


def b64url(raw: bytes) -> str:
    """Base64url without padding, as JWT requires."""
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _segment(value: dict[str, object]) -> str:
    return b64url(json.dumps(value, separators=(",", ":")).encode())


def encode_token(access_key: str, secret_key: str, now: float) -> str:
    """A signed Kling token valid from ``now − 5 s`` to ``now + 30 min``."""
    header = _segment({"alg": "HS256", "typ": "JWT"})
    claims = _segment(
        {
            "iss": access_key,
            "exp": int(now) + TOKEN_LIFETIME_S,
            "nbf": int(now) - NOT_BEFORE_SLACK_S,
        }
    )
    signing_input = f"{header}.{claims}".encode("ascii")
    signature = hmac.new(secret_key.encode(), signing_input, hashlib.sha256).digest()
    return f"{header}.{claims}.{b64url(signature)}"


class TokenCache:
    """Hands out the current token, signing a new one shortly before the old one expires.

    Args:
        access_key: Kling AccessKey (the token's issuer).
        secret_key: Kling SecretKey (the HMAC key; never leaves this object).
        clock: seconds since the epoch (injectable so tests can cross the 30-minute line).
    """

    def __init__(
        self, access_key: str, secret_key: str, clock: Callable[[], float] = time.time
    ) -> None:
        self._access_key = access_key
        self._secret_key = secret_key
        self._clock = clock
        self._token = ""
        self._expires_at = 0.0

    def __repr__(self) -> str:
        return "<TokenCache>"  # never show a key or a token

    def token(self) -> str:
        """A token with at least :data:`RENEW_BEFORE_S` seconds of life left."""
        now = self._clock()
        if not self._token or self._expires_at - now < RENEW_BEFORE_S:
            self._token = encode_token(self._access_key, self._secret_key, now)
            self._expires_at = int(now) + TOKEN_LIFETIME_S
        return self._token
