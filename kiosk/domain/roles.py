"""Who may do what: the roles of the testing center's staff and the actions each role allows.

The table below is the single source of the rules.  Services check it on every call (the window
hides what a role cannot do, but a hidden button is no protection); an account may hold several
roles.  A candidate is not an account: candidates enter with their login code only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    """A staff role.  Values are stored in the database; never rename one."""

    ADMINISTRATOR = "administrator"
    OPERATOR = "operator"
    BANK_EDITOR = "bank_editor"
    BANK_APPROVER = "bank_approver"
    COMMISSION = "commission"
    OBSERVER = "observer"


class Permission(StrEnum):
    """An action a service performs on someone's behalf."""

    MANAGE_ACCOUNTS = "accounts.manage"
    MANAGE_COMPETITIONS = "competitions.manage"
    APPROVE_TERMS = "competitions.approve_terms"
    REGISTER_CANDIDATES = "candidates.register"
    VIEW_CANDIDATES = "candidates.view"
    MANAGE_SESSIONS = "sessions.manage"
    ISSUE_CODES = "codes.issue"
    PROCTOR = "sessions.proctor"
    VIEW_RESULTS = "results.view"
    DECIDE_RESULTS = "results.decide"
    EXPORT_DOCUMENTS = "documents.export"
    VIEW_BANK = "bank.view"
    EDIT_BANK = "bank.edit"
    APPROVE_BANK = "bank.approve"
    VIEW_APPEALS = "appeals.view"
    FILE_APPEALS = "appeals.file"
    COMPOSE_COMMISSION = "appeals.compose_commission"
    #: Seeing the answer keys next to a candidate's answers and deciding: the commission only.
    HEAR_APPEALS = "appeals.hear"
    APPLY_RETENTION = "retention.apply"
    #: Checking the audit chain: the administrator, and the observer who is there to watch.
    VERIFY_AUDIT = "audit.verify"


_EVERYONE_READS = {Permission.VIEW_RESULTS, Permission.VIEW_APPEALS}

ROLE_PERMISSIONS: Mapping[Role, frozenset[Permission]] = {
    Role.ADMINISTRATOR: frozenset(
        {
            Permission.MANAGE_ACCOUNTS,
            Permission.MANAGE_COMPETITIONS,
            Permission.APPROVE_TERMS,
            Permission.REGISTER_CANDIDATES,
            Permission.VIEW_CANDIDATES,
            Permission.MANAGE_SESSIONS,
            Permission.ISSUE_CODES,
            Permission.PROCTOR,
            Permission.DECIDE_RESULTS,
            Permission.EXPORT_DOCUMENTS,
            Permission.VIEW_BANK,
            Permission.FILE_APPEALS,
            Permission.COMPOSE_COMMISSION,
            Permission.APPLY_RETENTION,
            Permission.VERIFY_AUDIT,
            *_EVERYONE_READS,
        }
    ),
    Role.OPERATOR: frozenset(
        {
            Permission.REGISTER_CANDIDATES,
            Permission.VIEW_CANDIDATES,
            Permission.MANAGE_SESSIONS,
            Permission.ISSUE_CODES,
            Permission.PROCTOR,
            Permission.EXPORT_DOCUMENTS,
            # cl. 33: the candidate files in person at the testing place, with the operator.
            Permission.FILE_APPEALS,
            *_EVERYONE_READS,
        }
    ),
    # Writing and approving questions are kept apart (two-person rule); neither sees candidates.
    Role.BANK_EDITOR: frozenset({Permission.VIEW_BANK, Permission.EDIT_BANK}),
    Role.BANK_APPROVER: frozenset({Permission.VIEW_BANK, Permission.APPROVE_BANK}),
    Role.COMMISSION: frozenset(
        {Permission.VIEW_CANDIDATES, Permission.HEAR_APPEALS, *_EVERYONE_READS}
    ),
    # An independent observer watches the session and reads results; changes nothing.
    Role.OBSERVER: frozenset(
        {Permission.VIEW_CANDIDATES, Permission.VERIFY_AUDIT, *_EVERYONE_READS}
    ),
}


def permissions_of(roles: Iterable[Role]) -> frozenset[Permission]:
    """Everything an account holding ``roles`` may do."""
    allowed: set[Permission] = set()
    for role in roles:
        allowed |= ROLE_PERMISSIONS[role]
    return frozenset(allowed)


class NotPermitted(PermissionError):
    """The account's roles do not allow the action; the refusal is audited by the service."""

    def __init__(self, actor: str, permission: Permission) -> None:
        super().__init__(f"{actor} may not {permission.value}")
        self.actor = actor
        self.permission = permission


@dataclass(frozen=True)
class Actor:
    """A signed-in staff member as the services see them: the name for the audit and the roles.

    Only :class:`kiosk.services.accounts.AccountService` makes actors from a password check; the
    windows and the command line pass the actor they got to every service call.
    """

    name: str
    roles: frozenset[Role]

    def may(self, permission: Permission) -> bool:
        """True when one of the actor's roles allows ``permission``."""
        return permission in permissions_of(self.roles)

    def require(self, permission: Permission) -> None:
        """Raise :class:`NotPermitted` unless the actor may do ``permission``."""
        if not self.may(permission):
            raise NotPermitted(self.name, permission)
