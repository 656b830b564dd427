"""The role check every service use case passes through.

``@guarded(Permission.X)`` on a service method checks the actor (its first argument) before the
method runs.  A refusal is written to the audit log in a transaction of its own, because the
refused call never opens one, and then raised as :class:`~kiosk.domain.roles.NotPermitted`.
The service needs ``_sessions`` and ``_clock`` attributes, as every service has.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from kiosk.domain.roles import Actor, NotPermitted, Permission
from kiosk.services import audit

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S")


def guarded(
    permission: Permission,
) -> Callable[[Callable[Concatenate[S, Actor, P], R]], Callable[Concatenate[S, Actor, P], R]]:
    """Refuse (and audit the refusal) unless the actor's roles allow ``permission``."""

    def decorate(
        method: Callable[Concatenate[S, Actor, P], R],
    ) -> Callable[Concatenate[S, Actor, P], R]:
        @functools.wraps(method)
        def checked(service: S, actor: Actor, /, *args: P.args, **kwargs: P.kwargs) -> R:
            if not isinstance(actor, Actor):
                raise TypeError(f"{method.__qualname__} needs a signed-in Actor, not {actor!r}")
            if not actor.may(permission):
                record_refusal(service, actor, permission, method.__name__)
                raise NotPermitted(actor.name, permission)
            return method(service, actor, *args, **kwargs)

        checked.permission = permission  # type: ignore[attr-defined]
        return checked

    return decorate


def record_refusal(service: Any, actor: Actor, permission: Permission, action: str) -> None:
    """Audit a refused call in its own transaction."""
    with service._sessions.begin() as session:
        audit.record(
            session,
            service._clock.now(),
            actor.name,
            "permission.refused",
            subject=action,
            permission=permission.value,
            roles=sorted(actor.roles),
        )
