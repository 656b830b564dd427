"""Signed-in staff for tests, without the password check (the account tests cover that)."""

from __future__ import annotations

from kiosk.domain.roles import Actor, Role

BANK_ROLES = (Role.BANK_EDITOR, Role.BANK_APPROVER)


def staff(name: str, *roles: Role) -> Actor:
    """An actor called ``name`` holding ``roles`` (both bank roles when none are given)."""
    return Actor(name, frozenset(roles or BANK_ROLES))


ADMIN = staff("admin", Role.ADMINISTRATOR)
OPERATOR = staff("operator", Role.OPERATOR)
OBSERVER = staff("observer", Role.OBSERVER)
