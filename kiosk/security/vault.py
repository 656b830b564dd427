"""The installation's data key: held in memory only, opened by a member of staff's password.

One random 256-bit key protects every secret the database holds: the answer keys, the login
codes (kept only as keyed digests), the codes printed on protocols, the signing key of the
documents and the MAC of the audit chain.  The database keeps the key only *wrapped* — encrypted
with AES-GCM under a key derived by Argon2id from one staff member's password, one wrapping
("key slot") per account — so a copied database file or dump opens nothing without a password.

Each use derives its own subkey with HKDF, so that a MAC of one kind can never pass for another
and a sealed answer key cannot be moved into a code's place.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from typing import Any

KEY_BYTES = 32
#: ``Session.info`` key under which every database session of a process carries its vault
#: (:func:`kiosk.app.build` puts it on the sessionmaker).
VAULT = "vault"
_NONCE_BYTES = 12
#: The first byte of every sealed value, so that a later scheme can be told apart.
_SEALED_V1 = b"\x01"


class VaultLocked(RuntimeError):
    """A secret was needed, but no member of staff has opened the data key in this process."""


class WrongPassphrase(ValueError):
    """The password does not open this key slot (or the slot was altered)."""


class TamperedSecret(ValueError):
    """A sealed value does not open with the installation's key: altered, moved or foreign."""


@dataclass(frozen=True)
class KdfCost:
    """Argon2id parameters of a key slot, stored with it so that they can be raised later."""

    time_cost: int = 3
    memory_kib: int = 64 * 1024
    parallelism: int = 4


#: RFC 9106's second recommendation, as for the password hashes: about 50 ms here.
DEFAULT_COST = KdfCost()


@dataclass(frozen=True)
class WrappedKey:
    """The data key encrypted under a password-derived key: what a key slot stores."""

    salt: bytes
    nonce: bytes
    ciphertext: bytes
    cost: KdfCost

    def to_json(self) -> dict[str, Any]:
        """The stored form (base64 text in a JSON column)."""
        return {
            "kdf": "argon2id",
            "t": self.cost.time_cost,
            "m": self.cost.memory_kib,
            "p": self.cost.parallelism,
            "salt": _b64(self.salt),
            "nonce": _b64(self.nonce),
            "ciphertext": _b64(self.ciphertext),
        }

    @classmethod
    def from_json(cls, stored: dict[str, Any]) -> WrappedKey:
        """Read a stored slot; a damaged one fails as a wrong password would."""
        try:
            return cls(
                salt=base64.b64decode(stored["salt"]),
                nonce=base64.b64decode(stored["nonce"]),
                ciphertext=base64.b64decode(stored["ciphertext"]),
                cost=KdfCost(int(stored["t"]), int(stored["m"]), int(stored["p"])),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise WrongPassphrase("the key slot is damaged") from error


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _password_key(password: str, salt: bytes, cost: KdfCost) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=cost.time_cost,
        memory_cost=cost.memory_kib,
        parallelism=cost.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


def new_data_key() -> bytes:
    """A fresh installation key from the operating system's random source."""
    return os.urandom(KEY_BYTES)


def wrap_key(key: bytes, password: str, cost: KdfCost | None = None) -> WrappedKey:
    """``key`` encrypted under ``password`` (Argon2id with ``cost``, by default
    :data:`DEFAULT_COST` as it is when called, then AES-256-GCM)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    cost = cost or DEFAULT_COST
    salt = os.urandom(16)
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(_password_key(password, salt, cost)).encrypt(nonce, key, b"kiosk/key-slot")
    return WrappedKey(salt, nonce, sealed, cost)


def unwrap_key(wrapped: WrappedKey, password: str) -> bytes:
    """The key inside ``wrapped``, or :class:`WrongPassphrase`."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        key = _password_key(password, wrapped.salt, wrapped.cost)
        return AESGCM(key).decrypt(wrapped.nonce, wrapped.ciphertext, b"kiosk/key-slot")
    except (InvalidTag, ValueError) as error:
        raise WrongPassphrase("the password does not open this key slot") from error


class Vault:
    """The data key of this process, once opened; every use of a secret goes through here."""

    def __init__(self) -> None:
        self._key: bytes | None = None
        self._subkeys: dict[str, bytes] = {}

    @property
    def unlocked(self) -> bool:
        """True once a member of staff opened the key in this process."""
        return self._key is not None

    def unlock(self, key: bytes) -> None:
        """Hold ``key`` (already unwrapped and checked) for this process."""
        if len(key) != KEY_BYTES:
            raise ValueError("an installation key has 32 bytes")
        self._key = key
        self._subkeys.clear()

    def wrapped(self, password: str, cost: KdfCost | None = None) -> WrappedKey:
        """The open key wrapped under ``password``: a new key slot."""
        if self._key is None:
            raise VaultLocked("wrapping the key")
        return wrap_key(self._key, password, cost)

    def lock(self) -> None:
        """Forget the key: a closed station holds no secret."""
        self._key = None
        self._subkeys.clear()

    def _subkey(self, purpose: str) -> bytes:
        if self._key is None:
            raise VaultLocked(purpose)
        if purpose not in self._subkeys:
            from cryptography.hazmat.primitives import hashes
            from cryptography.hazmat.primitives.kdf.hkdf import HKDF

            self._subkeys[purpose] = HKDF(
                algorithm=hashes.SHA256(),
                length=KEY_BYTES,
                salt=None,
                info=b"kiosk/" + purpose.encode("ascii"),
            ).derive(self._key)
        return self._subkeys[purpose]

    def mac(self, purpose: str, data: bytes) -> str:
        """HMAC-SHA256 of ``data`` under the subkey of ``purpose``, as hex."""
        return hmac.new(self._subkey(purpose), data, hashlib.sha256).hexdigest()

    def seal(self, purpose: str, plaintext: bytes, context: str = "") -> bytes:
        """``plaintext`` encrypted (AES-256-GCM); ``context`` binds it to its row, so that a
        sealed value copied into another row does not open there."""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        nonce = os.urandom(_NONCE_BYTES)
        aad = f"{purpose}|{context}".encode()
        return _SEALED_V1 + nonce + AESGCM(self._subkey(purpose)).encrypt(nonce, plaintext, aad)

    def unseal(self, purpose: str, sealed: bytes, context: str = "") -> bytes:
        """The plaintext of :meth:`seal`, or :class:`TamperedSecret`."""
        from cryptography.exceptions import InvalidTag
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        key = self._subkey(purpose)
        if not sealed or sealed[:1] != _SEALED_V1:
            raise TamperedSecret(purpose)
        nonce, body = sealed[1 : 1 + _NONCE_BYTES], sealed[1 + _NONCE_BYTES :]
        try:
            return AESGCM(key).decrypt(nonce, body, f"{purpose}|{context}".encode())
        except (InvalidTag, ValueError) as error:
            raise TamperedSecret(purpose) from error

    def seal_json(self, purpose: str, value: Any, context: str = "") -> bytes:
        """:meth:`seal` of a JSON value."""
        return self.seal(purpose, json.dumps(value, sort_keys=True).encode(), context)

    def unseal_json(self, purpose: str, sealed: bytes, context: str = "") -> Any:
        """:meth:`unseal` of a JSON value."""
        return json.loads(self.unseal(purpose, sealed, context))
