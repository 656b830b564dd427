"""The station's staff gate: opening it for candidates and closing it, with staff credentials.

A station started with ``kiosk`` holds no installation key: until an operator or an
administrator signs in on its "station closed" screen, no code can be checked and no answer key
opened.  :class:`KioskGate` turns such a sign-in (``AccountService.sign_in``, which opens the key
in this process) into a :class:`~kiosk.ui.candidate.ports.GateAnswer`, and checks the role:

* opening needs the operator or the administrator role.  Anyone else is refused, and the key
  their sign-in opened is forgotten again at once;
* closing the station or quitting the program needs the administrator role.  A refusal leaves
  the key as it was: an open station stays open for the candidate at it.

Only logins go to the log, never a password.  Each sign-in is audited by the accounts service.
"""

from __future__ import annotations

import logging

from kiosk.domain.roles import Role
from kiosk.security.vault import TamperedSecret, WrongPassphrase
from kiosk.services.session_views import SignInRefused
from kiosk.ui.candidate.ports import GateAnswer, GateOutcome, KeyRing, StaffAccounts, Station

log = logging.getLogger(__name__)

#: The roles that may open a station for candidates.
OPENING_ROLES = frozenset({Role.OPERATOR, Role.ADMINISTRATOR})
#: The roles that may close a station or quit the program.
CLOSING_ROLES = frozenset({Role.ADMINISTRATOR})

_REFUSALS = {
    "wrong": GateOutcome.WRONG,
    "locked": GateOutcome.LOCKED,
    "inactive": GateOutcome.INACTIVE,
}


class KioskGate:
    """A :class:`~kiosk.ui.candidate.ports.StaffGate` over the accounts service and the key."""

    def __init__(self, accounts: StaffAccounts, keys: KeyRing, station_id: str = "") -> None:
        self._accounts = accounts
        self._keys = keys
        self._station = station_id

    @classmethod
    def of(cls, kiosk: Station, station_id: str = "") -> KioskGate:
        """The gate of a built ``Kiosk``."""
        return cls(kiosk.accounts, kiosk.keys, station_id)

    @property
    def station_open(self) -> bool:
        """True while the installation key is open in this process."""
        return self._keys.unlocked

    def open_station(self, login: str, password: str) -> GateAnswer:
        """Open the station with an operator's or administrator's credentials."""
        answer = self._check(login, password, OPENING_ROLES)
        if answer.allowed and not self._keys.unlocked:
            # Signed in, but the account has no key slot yet (made before the installation key
            # existed) and no one opened the key in this process: nothing could be checked.
            answer = GateAnswer(GateOutcome.NO_KEY, answer.login)
        if answer.allowed:
            log.info("station %s opened by %s", self._station, answer.login)
        else:
            log.warning("station %s not opened: %s", self._station, answer.outcome.value)
        return answer

    def authorise_exit(self, login: str, password: str) -> GateAnswer:
        """Check an administrator's credentials for closing the station or quitting."""
        answer = self._check(login, password, CLOSING_ROLES)
        if answer.allowed:
            log.info("station %s: leaving authorised by %s", self._station, answer.login)
        else:
            log.warning("station %s: leaving refused: %s", self._station, answer.outcome.value)
        return answer

    def close_station(self) -> None:
        """Forget the installation key in this process."""
        self._keys.lock()
        log.info("station %s closed", self._station)

    def _check(self, login: str, password: str, roles: frozenset[Role]) -> GateAnswer:
        """Sign in and check the role; a key the sign-in opened for a refused role is forgotten."""
        was_open = self._keys.unlocked
        try:
            actor = self._accounts.sign_in(login, password)
        except SignInRefused as refusal:
            return GateAnswer(
                _REFUSALS.get(refusal.reason, GateOutcome.WRONG),
                seconds_left=refusal.seconds_left,
            )
        except (WrongPassphrase, TamperedSecret):
            # The password was right but the account's key slot does not open this
            # installation's key (altered or planted): a matter for the administrator.
            if not was_open:
                self._keys.lock()
            return GateAnswer(GateOutcome.KEY_FAILED, login.strip())
        if not roles & actor.roles:
            if not was_open:
                self._keys.lock()
            return GateAnswer(GateOutcome.NOT_PERMITTED, actor.name)
        return GateAnswer(GateOutcome.ALLOWED, actor.name)
