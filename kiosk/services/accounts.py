"""Staff accounts: the first administrator, signing in with a lock after repeated failures, and
the administrator's management of accounts and roles.

Signing in is the only way an :class:`~kiosk.domain.roles.Actor` is made from credentials; every
other service checks the actor's roles itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.domain.roles import Actor, Permission, Role
from kiosk.security.passwords import check_strength, hash_password, needs_rehash, verify_password
from kiosk.services import audit
from kiosk.services.guard import guarded
from kiosk.services.keys import KeyService
from kiosk.services.session_views import (
    AccountView,
    LastAdministrator,
    SignInRefused,
)
from kiosk.storage.models import Account, Installation

#: The longest sign-in name (the column's width).
LOGIN_MAX = 60
#: Wrong passwords in a row that lock an account …
MAX_FAILED_SIGN_INS = 5
#: … for this long; an administrator can lift the lock sooner by resetting the password.
LOCK_DURATION = timedelta(minutes=15)


def full_name_of(session: Session, login: str) -> str:
    """The full name of the account ``login`` (printed on documents), or the login itself."""
    name = session.scalar(select(Account.full_name).where(Account.login == login))
    return name or login


#: The actor of a refused sign-in under a name no account has.
UNKNOWN_LOGIN = "(unknown name)"


def normalize_login(login: str) -> str:
    """The stored form of a sign-in name: trimmed and casefolded."""
    return login.strip().casefold()


class AccountService:
    """The use cases of signing in and of the accounts page."""

    def __init__(self, sessions: sessionmaker[Session], clock: Clock, keys: KeyService) -> None:
        self._sessions = sessions
        self._clock = clock
        self._keys = keys

    def needs_first_administrator(self) -> bool:
        """True on a fresh installation, before any account exists."""
        with self._sessions() as session:
            return not session.scalar(select(func.count()).select_from(Account))

    def create_first_administrator(self, login: str, full_name: str, password: str) -> Actor:
        """Create the first administrator and sign them in; refused once any account exists."""
        now = self._clock.now()
        roles = frozenset({Role.ADMINISTRATOR})
        with self._sessions.begin() as session:
            if session.scalar(select(func.count()).select_from(Account)):
                raise PermissionError("the first administrator exists already")
            row = _new_account(session, login, full_name, roles, password, now)
            if session.get(Installation, 1) is None:
                self._keys.install(session)
            self._keys.grant(session, row.id, password)
            audit.record(session, now, row.login, "account.first_administrator", subject=row.login)
            return Actor(row.login, roles)

    def sign_in(self, login: str, password: str) -> Actor:
        """The signed-in actor, or :class:`SignInRefused`; every attempt is audited."""
        now = self._clock.now()
        name = normalize_login(login)
        # The refusal is raised after the commit: raised inside the transaction it would roll
        # back the failure count, the lock and the audit record with it.
        with self._sessions.begin() as session:
            outcome = _check_sign_in(session, name, password, now)
            if not isinstance(outcome, SignInRefused):
                self._open_keys(session, name, password)
        if isinstance(outcome, SignInRefused):
            raise outcome
        return outcome

    def _open_keys(self, session: Session, name: str, password: str) -> None:
        """Open the installation key with the account's slot.

        The first sign-in on a database older than the installation key makes the key (and
        seals the answer keys kept in clear); an account created before then gets its slot at
        its own first sign-in, once someone holding the key opened it in this process.
        """
        account_id = _account(session, name).id
        if session.get(Installation, 1) is None:
            self._keys.install(session)
            self._keys.grant(session, account_id, password)
        elif not self._keys.open(session, account_id, password) and self._keys.unlocked:
            self._keys.grant(session, account_id, password)

    def recover_administrator(self, login: str, recovery_passphrase: str, password: str) -> Actor:
        """Give an administrator a new password with the installation's recovery passphrase,
        for the day no administrator can sign in; audited.

        The passphrase is the credential (it opens the installation key); a wrong one raises
        :class:`~kiosk.security.vault.WrongPassphrase` and changes nothing, and only an
        administrator's account can be recovered this way.
        """
        self._keys.recover(recovery_passphrase)
        now = self._clock.now()
        with self._sessions.begin() as session:
            row = _account(session, login)
            if Role.ADMINISTRATOR.value not in row.roles:
                raise PermissionError(f"{row.login} is not an administrator")
            self._set_password(session, row, password)
            row.active = True
            audit.record(session, now, row.login, "account.recovered", subject=row.login)
            return Actor(row.login, frozenset(Role(value) for value in row.roles))

    @guarded(Permission.MANAGE_ACCOUNTS)
    def accounts(self, actor: Actor) -> list[AccountView]:
        """Every account, by login."""
        with self._sessions() as session:
            return [_view(row) for row in session.scalars(select(Account).order_by(Account.login))]

    @guarded(Permission.MANAGE_ACCOUNTS)
    def create_account(
        self, actor: Actor, login: str, full_name: str, roles: frozenset[Role], password: str
    ) -> AccountView:
        """Add an account; ``WeakPassword`` or ``ValueError`` (taken login, no roles)."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            row = _new_account(session, login, full_name, roles, password, now)
            self._keys.grant(session, row.id, password)
            audit.record(
                session,
                now,
                actor.name,
                "account.created",
                subject=row.login,
                roles=sorted(roles),
            )
            return _view(row)

    @guarded(Permission.MANAGE_ACCOUNTS)
    def set_roles(self, actor: Actor, login: str, roles: frozenset[Role]) -> AccountView:
        """Change an account's roles; the last active administrator keeps the role."""
        if not roles:
            raise ValueError("an account needs at least one role")
        now = self._clock.now()
        with self._sessions.begin() as session:
            row = _account(session, login)
            if Role.ADMINISTRATOR not in roles:
                _keep_an_administrator(session, row)
            row.roles = sorted(roles)
            audit.record(
                session, now, actor.name, "account.roles", subject=row.login, roles=sorted(roles)
            )
            return _view(row)

    @guarded(Permission.MANAGE_ACCOUNTS)
    def set_active(self, actor: Actor, login: str, active: bool) -> AccountView:
        """Disable or enable an account; the last active administrator stays active."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            row = _account(session, login)
            if not active:
                _keep_an_administrator(session, row)
            row.active = active
            audit.record(
                session, now, actor.name, "account.active", subject=row.login, active=active
            )
            return _view(row)

    @guarded(Permission.MANAGE_ACCOUNTS)
    def reset_password(self, actor: Actor, login: str, password: str) -> AccountView:
        """Set a new password and lift a lock."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            row = _account(session, login)
            self._set_password(session, row, password)
            audit.record(session, now, actor.name, "account.password_reset", subject=row.login)
            return _view(row)

    def _set_password(self, session: Session, row: Account, password: str) -> None:
        """A new password: its hash, a new key slot under it, and any lock lifted."""
        check_strength(password, row.login)
        row.password_hash = hash_password(password)
        row.failed_logins = 0
        row.locked_until = None
        self._keys.grant(session, row.id, password)


@cache
def _dummy_hash() -> str:
    # Made on first use: hashing costs a tenth of a second, which a station's start-up should
    # not pay for a sign-in it never offers.
    return hash_password("an account that does not exist")


def _check_sign_in(
    session: Session, name: str, password: str, now: datetime
) -> Actor | SignInRefused:
    """One sign-in checked inside its transaction; a refusal is returned, not raised."""
    row = session.scalars(select(Account).where(Account.login == name)).one_or_none()
    if row is None:
        # Spend the time a real check takes, so timing does not reveal unknown logins.
        verify_password(_dummy_hash(), password)
        # Not the name typed: staff sometimes type their password into the name field, and the
        # audit record outlives everything else.
        audit.record(session, now, UNKNOWN_LOGIN, "sign_in.refused", reason="unknown")
        return SignInRefused("wrong")
    if row.locked_until is not None and row.locked_until > now:
        audit.record(session, now, name, "sign_in.refused", reason="locked")
        return SignInRefused("locked", _seconds(row.locked_until - now))
    if not verify_password(row.password_hash, password):
        row.failed_logins += 1
        tries_left = MAX_FAILED_SIGN_INS - row.failed_logins
        if tries_left <= 0:
            row.failed_logins = 0
            row.locked_until = now + LOCK_DURATION
            audit.record(session, now, name, "account.locked", subject=name)
            return SignInRefused("locked", _seconds(LOCK_DURATION))
        audit.record(session, now, name, "sign_in.refused", reason="wrong", tries_left=tries_left)
        # The tries left are not told: an unknown login has none, so the number would reveal
        # which logins exist.
        return SignInRefused("wrong")
    if not row.active:
        audit.record(session, now, name, "sign_in.refused", reason="inactive")
        return SignInRefused("inactive")
    row.failed_logins = 0
    row.locked_until = None
    if needs_rehash(row.password_hash):
        row.password_hash = hash_password(password)
    audit.record(session, now, name, "sign_in", subject=name)
    return Actor(name, frozenset(Role(value) for value in row.roles))


def _seconds(delta: timedelta) -> int:
    return max(1, int(delta.total_seconds() + 0.999))


def _new_account(
    session: Session,
    login: str,
    full_name: str,
    roles: frozenset[Role],
    password: str,
    now: object,
) -> Account:
    name = normalize_login(login)
    if not name or not full_name.strip():
        raise ValueError("a login and a full name are required")
    if len(name) > LOGIN_MAX or any(ch.isspace() for ch in name):
        raise ValueError(f"a login is one word of at most {LOGIN_MAX} characters")
    if not roles:
        raise ValueError("an account needs at least one role")
    if session.scalars(select(Account.id).where(Account.login == name)).first() is not None:
        raise ValueError(f"the login {name!r} is taken")
    check_strength(password, name)
    row = Account(
        login=name,
        full_name=full_name.strip(),
        roles=sorted(roles),
        password_hash=hash_password(password),
        failed_logins=0,
        locked_until=None,
        active=True,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def _account(session: Session, login: str) -> Account:
    row = session.scalars(
        select(Account).where(Account.login == normalize_login(login))
    ).one_or_none()
    if row is None:
        raise LookupError(f"no account {login!r}")
    return row


def _keep_an_administrator(session: Session, changing: Account) -> None:
    others = [
        row
        for row in session.scalars(select(Account).where(Account.active, Account.id != changing.id))
        if Role.ADMINISTRATOR.value in row.roles
    ]
    if Role.ADMINISTRATOR.value in changing.roles and changing.active and not others:
        raise LastAdministrator(changing.login)


def _view(row: Account) -> AccountView:
    return AccountView(
        login=row.login,
        full_name=row.full_name,
        roles=frozenset(Role(value) for value in row.roles),
        active=row.active,
        locked_until=row.locked_until,
    )
