"""Staff passwords, hashed with Argon2id (argon2-cffi) and never stored or logged in clear.

The hash is a PHC string that carries its own parameters and salt, so parameters can be raised
later: :func:`needs_rehash` tells the sign-in to store a stronger hash of the same password.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from argon2 import PasswordHasher

#: Shorter passwords are refused; a passphrase of several words is what we suggest to staff.
MIN_LENGTH = 10


@cache
def _hasher() -> PasswordHasher:
    # The library's defaults follow RFC 9106's second recommendation (64 MiB, 3 passes): about
    # 50 ms here, cheap for a person signing in and dear for someone trying a list of passwords.
    # Imported on first use: a candidate station never checks a password.
    from argon2 import PasswordHasher

    return PasswordHasher()


class WeakPassword(ValueError):
    """The password is too short or too simple; ``reason`` says which."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def check_strength(password: str, login: str = "") -> None:
    """Raise :class:`WeakPassword` for a password staff must not use."""
    if len(password) < MIN_LENGTH:
        raise WeakPassword("too_short")
    if len(set(password)) < 4:
        raise WeakPassword("too_simple")
    if login and login.casefold() in password.casefold():
        raise WeakPassword("contains_login")


def hash_password(password: str) -> str:
    """A salted Argon2id hash of ``password``."""
    return _hasher().hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when ``password`` matches; False for a wrong password or a damaged hash."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher().check_needs_rehash(stored_hash)
