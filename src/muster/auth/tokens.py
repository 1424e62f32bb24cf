"""API tokens for scripts: generated once, shown once, stored as a SHA-256 digest.

A token is `mst_` followed by 32 random bytes in URL-safe base64 (256 bits). With that much
entropy a fast hash is enough: nobody can guess or brute-force a preimage, so the slow password
hash (argon2) is not needed and every request can check a token in microseconds. The first 8
characters after the prefix are kept in clear as a `prefix` so users can tell tokens apart.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

TOKEN_PREFIX = "mst_"
_TOKEN_BYTES = 32
_SHOWN = 8


@dataclass(frozen=True, slots=True)
class NewToken:
    """A freshly made token: `secret` is shown to the user once; only `digest` is stored."""

    secret: str
    digest: str
    prefix: str


def token_digest(secret: str) -> str:
    """The hex SHA-256 of a token, as stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_token() -> NewToken:
    secret = TOKEN_PREFIX + secrets.token_urlsafe(_TOKEN_BYTES)
    return NewToken(secret=secret, digest=token_digest(secret), prefix=token_prefix(secret))


def token_prefix(secret: str) -> str:
    return secret[: len(TOKEN_PREFIX) + _SHOWN]


def looks_like_token(text: str) -> bool:
    return text.startswith(TOKEN_PREFIX) and 20 <= len(text) <= 200


def digests_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
