"""The installation's keys: made once, opened at each sign-in, granted to each account.

The first administrator's creation makes the data key and the Ed25519 signing key
(:meth:`KeyService.install`); each staff account gets a key slot wrapping the data key under its
password (:meth:`KeyService.grant`), and signing in opens it (:meth:`KeyService.open`).  A station
is opened the same way, by an operator or administrator signing in on it; the key then stays in
that process's memory until it closes.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.domain.roles import Actor, Permission
from kiosk.security.vault import (
    VAULT,
    KdfCost,
    TamperedSecret,
    Vault,
    VaultLocked,
    WrappedKey,
    WrongPassphrase,
    new_data_key,
    unwrap_key,
)
from kiosk.services import audit
from kiosk.services.guard import guarded
from kiosk.storage.models import Attempt, Installation, KeySlot, QuestionVersion

_CHECK = b"kiosk installation key"
#: A recovery passphrase opens everything: several words, kept in the safe.
MIN_RECOVERY_LENGTH = 24


class WeakRecoveryPassphrase(ValueError):
    """The recovery passphrase is too short or too simple."""


_SIGNING = "signing-key"
ANSWER_KEY = "answer-key"


class KeyService:
    """Makes, opens and grants the installation key; signs with the installation's key pair."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        vault: Vault,
        cost: KdfCost | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.vault = vault
        self._cost = cost
        self._public: bytes | None = None

    @property
    def unlocked(self) -> bool:
        """True while this process holds the data key."""
        return self.vault.unlocked

    def installed(self) -> bool:
        """True once the installation's keys exist."""
        with self._sessions() as session:
            return session.get(Installation, 1) is not None

    def install(
        self,
        session: Session | None = None,
        recovery_passphrase: str = "",
        recovery_cost: KdfCost | None = None,
    ) -> None:
        """Make the data key and the signing key, open them here, and seal what an older
        database kept in clear; refused when the installation has keys already.

        With ``recovery_passphrase`` the key is also wrapped under it (with ``recovery_cost``,
        by default the accounts' cost), for the day every administrator's password is lost
        (:meth:`recover`); the passphrase belongs in a safe.
        """
        if session is None:
            with self._sessions.begin() as own:
                self.install(own, recovery_passphrase, recovery_cost)
            return
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import (
            Encoding,
            NoEncryption,
            PrivateFormat,
            PublicFormat,
        )

        if session.get(Installation, 1) is not None:
            raise PermissionError("this installation has its keys already")
        key = new_data_key()
        staged = Vault()
        staged.unlock(key)
        private = Ed25519PrivateKey.generate()
        session.add(
            Installation(
                id=1,
                key_check=staged.mac("check", _CHECK),
                public_key=private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
                signing_key=staged.seal(
                    _SIGNING,
                    private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
                ),
                created_at=self._clock.now(),
            )
        )
        _seal_clear_answer_keys(session, staged)
        if recovery_passphrase:
            session.add(
                KeySlot(
                    account_id=None,
                    wrapped=staged.wrapped(
                        recovery_passphrase, recovery_cost or self._cost
                    ).to_json(),
                    created_at=self._clock.now(),
                )
            )
        session.flush()
        self.vault.unlock(key)

    @guarded(Permission.MANAGE_ACCOUNTS)
    def set_recovery_passphrase(self, actor: Actor, passphrase: str) -> None:
        """Wrap the open key under a new recovery passphrase (replacing any earlier one).

        The passphrase is for the safe: at least :data:`MIN_RECOVERY_LENGTH` characters, because
        it alone opens everything.  Raises :class:`WeakRecoveryPassphrase` for a shorter one.
        """
        if len(passphrase.strip()) < MIN_RECOVERY_LENGTH or len(set(passphrase)) < 8:
            raise WeakRecoveryPassphrase(MIN_RECOVERY_LENGTH)
        wrapped = self.vault.wrapped(passphrase, self._cost)
        now = self._clock.now()
        with self._sessions.begin() as session:
            slot = session.scalars(select(KeySlot).where(KeySlot.account_id.is_(None))).first()
            if slot is None:
                session.add(KeySlot(account_id=None, wrapped=wrapped.to_json(), created_at=now))
            else:
                slot.wrapped = wrapped.to_json()
                slot.created_at = now
            audit.record(session, now, actor.name, "keys.recovery_set")

    def recover(self, recovery_passphrase: str) -> None:
        """Open the key with the recovery passphrase; :class:`WrongPassphrase` otherwise."""
        with self._sessions() as session:
            slot = session.scalars(select(KeySlot).where(KeySlot.account_id.is_(None))).first()
            if slot is None:
                raise WrongPassphrase("this installation has no recovery passphrase")
            self._open_slot(session, slot, recovery_passphrase)

    def grant(self, session: Session, account_id: int, password: str) -> None:
        """Give an account a key slot under ``password`` (replacing any it had); needs the key
        open in this process, as it is for the administrator who creates or resets accounts."""
        wrapped = self.vault.wrapped(password, self._cost)
        slot = _slot_of(session, account_id)
        if slot is None:
            session.add(
                KeySlot(
                    account_id=account_id, wrapped=wrapped.to_json(), created_at=self._clock.now()
                )
            )
        else:
            slot.wrapped = wrapped.to_json()
            slot.created_at = self._clock.now()

    def open(self, session: Session, account_id: int, password: str) -> bool:
        """Open the data key with an account's slot; False when the account has none.

        Raises :class:`WrongPassphrase` when the slot does not open or holds a key that is not
        this installation's (a planted slot).
        """
        slot = _slot_of(session, account_id)
        if slot is None:
            return False
        self._open_slot(session, slot, password)
        return True

    def _open_slot(self, session: Session, slot: KeySlot, password: str) -> None:
        installation = session.get(Installation, 1)
        if installation is None:
            raise WrongPassphrase("this installation has no keys yet")
        key = unwrap_key(WrappedKey.from_json(slot.wrapped), password)
        candidate = Vault()
        candidate.unlock(key)
        if candidate.mac("check", _CHECK) != installation.key_check:
            raise WrongPassphrase("the key slot holds a key that is not this installation's")
        self.vault.unlock(key)

    def lock(self) -> None:
        """Forget the data key in this process."""
        self.vault.lock()

    # -- signing ---------------------------------------------------------------------------------

    def public_key(self) -> bytes:
        """The installation's Ed25519 public key (32 raw bytes)."""
        if self._public is None:
            with self._sessions() as session:
                installation = session.get(Installation, 1)
                if installation is None:
                    raise VaultLocked("the installation has no keys yet")
                self._public = installation.public_key
        return self._public

    def sign(self, message: bytes) -> bytes:
        """An Ed25519 signature of ``message`` by the installation (needs the key open)."""
        with self._sessions() as session:
            return sign(session, message)

    def verify(self, message: bytes, signature: bytes) -> bool:
        """True when ``signature`` is the installation's signature of ``message``."""
        return verify_signature(self.public_key(), message, signature)


def sign(session: Session, message: bytes) -> bytes:
    """An Ed25519 signature of ``message`` by the installation, in ``session``'s transaction
    and with its process's vault (:class:`VaultLocked` when the key is not open)."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    installation = session.get(Installation, 1)
    if installation is None:
        raise VaultLocked("the installation has no keys yet")
    raw = vault_of(session).unseal(_SIGNING, installation.signing_key)
    return Ed25519PrivateKey.from_private_bytes(raw).sign(message)


def _slot_of(session: Session, account_id: int) -> KeySlot | None:
    return session.scalars(select(KeySlot).where(KeySlot.account_id == account_id)).first()


def vault_of(session: Session) -> Vault:
    """The vault of the process a database session belongs to."""
    vault = session.info.get(VAULT)
    if vault is None:
        raise VaultLocked("this database session carries no vault")
    return vault


def verify_signature(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """Check an Ed25519 signature with a raw public key; needs no secret."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def answer_key_context(uid: str, version: int) -> str:
    """What a sealed answer key is bound to: its question's uid and the version number."""
    return f"{uid}/{version}"


def seal_answer_key(vault: Vault, uid: str, version: int, keys: Iterable[str]) -> bytes:
    """The sealed form of a version's correct option keys."""
    return vault.seal_json(ANSWER_KEY, sorted(keys), answer_key_context(uid, version))


def open_answer_key(vault: Vault, uid: str, version: int, sealed: bytes | None) -> frozenset[str]:
    """The correct option keys of a version; :class:`TamperedSecret` when the seal was altered
    or moved from another version."""
    if sealed is None:
        raise TamperedSecret(f"question {uid} version {version} has no sealed key")
    return frozenset(vault.unseal_json(ANSWER_KEY, sealed, answer_key_context(uid, version)))


def _seal_clear_answer_keys(session: Session, vault: Vault) -> None:
    """Seal every answer key an older database kept in clear, and empty the clear column."""
    for version in session.scalars(
        select(QuestionVersion).where(QuestionVersion.key_sealed.is_(None))
    ):
        version.key_sealed = seal_answer_key(
            vault, version.question.uid, version.version, version.correct
        )
        version.correct = []
        version.fingerprint = keyed_fingerprint(vault, version.fingerprint)


def keyed_fingerprint(vault: Vault, fingerprint: str) -> str:
    """The stored form of a content fingerprint: keyed, because the fingerprint covers the
    keyed options' texts and a plain hash of a few options could be tried against every key."""
    return vault.mac("fingerprint", fingerprint.encode("ascii"))


_SPENT_CODE = "spent-code"


def seal_spent_code(vault: Vault, attempt_id: int, code: str) -> bytes:
    """The sealed form of the code an attempt was opened with (printed on its protocol)."""
    return vault.seal(_SPENT_CODE, code.encode("ascii"), str(attempt_id))


def spent_code(vault: Vault, attempt: Attempt) -> str | None:
    """The code an attempt was opened with, in canonical form, or None when it has none."""
    if attempt.code_sealed is not None:
        return vault.unseal(_SPENT_CODE, attempt.code_sealed, str(attempt.id)).decode("ascii")
    return attempt.spent_code  # an attempt submitted before codes were sealed


def printed_code(vault: Vault, attempt: Attempt) -> str:
    """The spent code as the slip shows it (``7K3M-9QXT-2RH``), or "" when there is none."""
    from kiosk.security.codes import format_code

    spent = spent_code(vault, attempt)
    return format_code(spent) if spent else ""


def answer_key(vault: Vault, version: QuestionVersion) -> frozenset[str]:
    """The correct option keys of a question version, opened from their seal."""
    return open_answer_key(vault, version.question.uid, version.version, version.key_sealed)
