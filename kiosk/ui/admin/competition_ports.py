"""What the competition pages need from the rest of the program, as protocols.

In the program these are ``CompetitionService``, ``SessionService``, ``ResultsService`` and
``DocumentService`` of ``kiosk.services``; every call takes the signed-in actor first and checks
its role (``kiosk.domain.roles.NotPermitted`` when the role does not allow it).  Errors the pages
show: ``ApplicationRefused`` (reason: name, consent, reason, duplicate, reentry with
``reapply_on``), ``kiosk.domain.candidates.InvalidPin`` (reason), ``TermsLocked``,
``RegistrationRefused`` (reason, candidate), ``ResultsRefused`` (reason, detail).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from kiosk.domain.results import Ranking
from kiosk.domain.roles import Actor
from kiosk.services.competition_views import (
    Application,
    CandidateView,
    CompetitionResults,
    CompetitionTerms,
    CompetitionView,
    IssuedCode,
    SessionPlan,
    TieBreakScheduled,
)
from kiosk.services.session_views import SessionChoice


class Competitions(Protocol):
    """Competitions and candidates (``CompetitionService``)."""

    def create_competition(self, actor: Actor, terms: CompetitionTerms) -> int:
        """Record a draft competition; its id."""
        ...

    def approve_terms(self, actor: Actor, competition_id: int, basis: str) -> CompetitionView:
        """Record the ministry's approval of form and threshold (cl. 22)."""
        ...

    def competitions(self, actor: Actor) -> list[CompetitionView]:
        """Every competition, newest first."""
        ...

    def competition(self, actor: Actor, competition_id: int) -> CompetitionView:
        """One competition."""
        ...

    def add_candidate(self, actor: Actor, competition_id: int, form: Application) -> int:
        """Register an application with the stage-1 decision; its candidate id."""
        ...

    def withdraw(self, actor: Actor, candidate_id: int, reason: str = "") -> None:
        """Record a withdrawal."""
        ...

    def candidates(self, actor: Actor, competition_id: int) -> list[CandidateView]:
        """The competition's candidates in Kyrgyz order."""
        ...


class ExamSessions(Protocol):
    """Sessions and codes (``SessionService``); the list of sessions is ``Proctor.sessions``."""

    def create_session(self, actor: Actor, competition_id: int, plan: SessionPlan) -> int:
        """Schedule a session of an approved competition; its id."""
        ...

    def register(
        self, actor: Actor, session_id: int, candidate_ids: Sequence[int]
    ) -> list[IssuedCode]:
        """Seat candidates and issue their codes (shown once: print the slips now)."""
        ...

    def reissue_code(self, actor: Actor, registration_id: int) -> IssuedCode:
        """A new code for a lost slip; the old one stops working."""
        ...

    def code_slips(self, actor: Actor, session_id: int, issued: Sequence[IssuedCode]) -> bytes:
        """The slips of the codes just issued (PDF)."""
        ...

    def registration_sheet(self, actor: Actor, session_id: int) -> bytes:
        """The sheet candidates sign on arrival (PDF)."""
        ...

    def set_observers(self, actor: Actor, session_id: int, names: Sequence[str]) -> None:
        """Record the observers present."""
        ...


class Results(Protocol):
    """Ranking, tie-break and refusal (``ResultsService``)."""

    def results(self, actor: Actor, competition_id: int) -> CompetitionResults:
        """The ranking as the stored attempts make it now."""
        ...

    def schedule_tie_break(
        self, actor: Actor, competition_id: int, plan: SessionPlan
    ) -> TieBreakScheduled:
        """Schedule the additional test of the candidates tied for first; their codes."""
        ...

    def record_refusal(self, actor: Actor, candidate_id: int, note: str = "") -> Ranking:
        """The winner refused the contract: the runner-up takes the place."""
        ...


class Documents(Protocol):
    """The competition's documents (``DocumentService``); each returns the file's bytes."""

    def session_results(self, actor: Actor, session_id: int) -> bytes:
        """The session's results protocol (PDF)."""
        ...

    def ranking(self, actor: Actor, competition_id: int) -> bytes:
        """The ranking with winner and reserve (PDF)."""
        ...

    def ministry_package(self, actor: Actor, competition_id: int) -> bytes:
        """The hand-over package for the ministry (ZIP with SHA256SUMS)."""
        ...


__all__ = [
    "Competitions",
    "Documents",
    "ExamSessions",
    "Results",
    "SessionChoice",
]
