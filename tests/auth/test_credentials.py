"""Passwords (argon2id, a stated rule) and API tokens (high entropy, stored as SHA-256)."""

from __future__ import annotations

import pytest

from muster.auth.passwords import PASSWORD_RULE, check_password, hash_password, verify_password
from muster.auth.tokens import new_token, token_digest
from muster.errors import InvalidInput


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("short1", "6 characters"),
        ("onlyletterslong", "only letters"),
        ("12345678901", "only letters or only digits"),
        ("alice-rocks-2025", "contains the user name"),
        ("Password123", "well-known"),
    ],
)
def test_weak_passwords_are_refused_with_the_rule(password: str, why: str) -> None:
    with pytest.raises(InvalidInput) as e:
        check_password(password, username="alice")
    message = str(e.value)
    assert why in message
    assert PASSWORD_RULE in message


def test_a_good_password_passes_and_verifies() -> None:
    check_password("correct horse 1", username="alice")
    hashed = hash_password("correct horse 1")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "correct horse 1")
    assert not verify_password(hashed, "correct horse 2")
    assert not verify_password("not a hash", "correct horse 1")


def test_tokens_are_random_and_stored_as_digests() -> None:
    a, b = new_token(), new_token()
    assert a.secret != b.secret
    assert a.secret.startswith("mst_")
    assert len(a.secret) > 40
    assert a.digest == token_digest(a.secret)
    assert a.secret not in a.digest
    assert a.secret.startswith(a.prefix)
