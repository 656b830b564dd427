"""What the appeal pages need from the rest of the program, as a protocol.

In the program this is ``kiosk.services.appeals.AppealService``; every call takes the signed-in
actor first and checks its role (``kiosk.domain.roles.NotPermitted`` when the role does not allow
it).  Errors the pages show: ``AppealWindowClosed`` (``closed_at``), ``AppealAlreadyOpen``
(``number``), ``NotAppealable``, ``CommissionRefused`` (``reason``), ``HearingRefused``
(``reason``), all from ``kiosk.services.appeal_views``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from kiosk.domain.roles import Actor
from kiosk.services.appeal_views import (
    Appealable,
    AppealView,
    Attendance,
    CommissionerView,
    CommissionView,
    Finding,
    Review,
)


class Appeals(Protocol):
    """Technical appeals and commissions (``AppealService``)."""

    def appealable(self, actor: Actor, query: str = "") -> list[Appealable]:
        """Submitted attempts whose window is open, newest first; ``query`` matches name or code."""
        ...

    def file_appeal(self, actor: Actor, attempt_id: int, statement: str) -> AppealView:
        """File the candidate's appeal now; refused after the window or while one is open."""
        ...

    def appeals(self, actor: Actor, competition_id: int | None = None) -> list[AppealView]:
        """Appeals, newest first, of one competition or of all."""
        ...

    def appeal(self, actor: Actor, appeal_id: int) -> AppealView:
        """One appeal as it stands."""
        ...

    def commissioners(self, actor: Actor) -> list[CommissionerView]:
        """Active accounts with the commission role, in Kyrgyz name order."""
        ...

    def compose_commission(
        self,
        actor: Actor,
        *,
        chair: int,
        members: Sequence[int],
        basis: str,
        session_id: int | None = None,
        appeal_id: int | None = None,
    ) -> CommissionView:
        """Compose the commission of a session, or of one appeal (cl. 34: chair + 1-5)."""
        ...

    def session_commission(self, actor: Actor, session_id: int) -> CommissionView | None:
        """The commission composed for a session, if any."""
        ...

    def open_hearing(
        self, actor: Actor, appeal_id: int, attendance: Sequence[Attendance]
    ) -> AppealView:
        """Record who is present and any conflicts; the hearing begins now."""
        ...

    def review(self, actor: Actor, appeal_id: int) -> Review:
        """The candidate's frozen form, answers, keys, points and timeline (commission only)."""
        ...

    def recomputed_score(self, actor: Actor, appeal_id: int, findings: Sequence[Finding]) -> int:
        """The score the findings would give, before they are recorded."""
        ...

    def decide(
        self, actor: Actor, appeal_id: int, findings: Sequence[Finding], summary: str
    ) -> AppealView:
        """Record the findings and the decision; a new result version if any fault is confirmed."""
        ...

    def appeal_protocol(self, actor: Actor, appeal_id: int) -> Path:
        """The archived appeal protocol PDF of a decided appeal."""
        ...
