"""Login codes printed on the candidate's slip.

A code is ten random symbols of Crockford's base-32 alphabet (50 bits from ``secrets``) and one
check symbol, shown in groups as ``7K3M-9QXT-2RH``.  The alphabet has no I, L, O or U, so nothing
on the slip can be misread; on input, case, spaces and dashes are ignored and the look-alikes
I/L → 1 and O → 0 are mapped as Crockford's decoding rules say.  The check symbol (Luhn mod 32)
catches every single wrong symbol and every swap of two neighbours before the database is asked,
so a typo gets its own kind message and costs the candidate no lockout try.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.security.vault import Vault

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PAYLOAD_LENGTH = 10
CODE_LENGTH = PAYLOAD_LENGTH + 1
GROUPS = (4, 4, 3)
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
_LOOK_ALIKES = str.maketrans({"I": "1", "L": "1", "O": "0"})
_IGNORED = " -_\t\u00a0\u2010\u2011\u2012\u2013\u2014"


class MalformedCode(ValueError):
    """The text typed cannot be a code: wrong length, a foreign symbol, or a failed check."""


def check_symbol(payload: str) -> str:
    """The Luhn mod 32 check symbol for ``payload``."""
    factor = 2
    total = 0
    for symbol in reversed(payload):
        addend = factor * _VALUE[symbol]
        factor = 1 if factor == 2 else 2
        total += addend // 32 + addend % 32
    return ALPHABET[(32 - total % 32) % 32]


def generate_code() -> str:
    """A new code in canonical form (no dashes), from a cryptographic random source."""
    payload = "".join(secrets.choice(ALPHABET) for _ in range(PAYLOAD_LENGTH))
    return payload + check_symbol(payload)


def normalize_code(typed: str) -> str:
    """The canonical form of what a candidate typed, or :class:`MalformedCode`."""
    cleaned = "".join(ch for ch in typed.upper() if ch not in _IGNORED).translate(_LOOK_ALIKES)
    if len(cleaned) != CODE_LENGTH or any(ch not in _VALUE for ch in cleaned):
        raise MalformedCode(typed)
    if check_symbol(cleaned[:-1]) != cleaned[-1]:
        raise MalformedCode(typed)
    return cleaned


def format_code(code: str) -> str:
    """A canonical code in the groups printed on the slip: ``7K3M-9QXT-2RH``."""
    parts = []
    start = 0
    for size in GROUPS:
        parts.append(code[start : start + size])
        start += size
    return "-".join(parts)


def code_digest(vault: Vault, code: str) -> str:
    """What the database keeps instead of the code: its HMAC under the installation key.

    A plain hash would do for a password, but a code has only 50 bits, which a copied database
    could be searched for offline; without the key there is nothing to search with.
    """
    return vault.mac("login-code", normalize_code(code).encode("ascii"))
