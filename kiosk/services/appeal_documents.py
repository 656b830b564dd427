"""The appeal protocol's data, from an appeal as the service sees it (plain data in, for the
``protocols`` library, which knows nothing of the kiosk)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from kiosk.services.appeal_views import AppealStatus, AppealView
from protocols.appeal_protocol import AppealProtocol, CommissionSigner, ExaminedQuestion


def appeal_protocol_document(
    view: AppealView,
    *,
    institution: Mapping[str, str],
    place: Mapping[str, str],
    testing_protocol: str,
    letters: Mapping[int, tuple[str, str, str | None]],
    issued_at: datetime,
) -> AppealProtocol:
    """The protocol of a decided appeal.  ``letters`` gives, per examined question, the recorded
    answer's, the key's and the established answer's letters."""
    assert view.heard_at is not None and view.new_score is not None
    questions = []
    for finding in view.findings:
        chosen, key, established = letters[finding.position]
        questions.append(
            ExaminedQuestion(
                number=finding.position + 1,
                chosen=chosen,
                key=key,
                fault=finding.fault,
                finding=finding.text,
                established=established,
                points_before=finding.points_before,
                points_after=finding.points_after,
            )
        )
    return AppealProtocol(
        number=view.number,
        institution=institution,
        competition_post=view.post,
        school=view.school,
        session_date=view.session_date,
        session_place=place,
        candidate_name=view.candidate_name,
        candidate_code=view.code,
        testing_protocol=testing_protocol,
        test_ended_at=view.ended_at,
        deadline=view.deadline,
        filed_at=view.filed_at,
        heard_at=view.heard_at,
        statement=view.statement,
        commission=[
            CommissionSigner(
                name=member.full_name,
                role=member.role,
                present=bool(member.present),
                conflict=member.conflict,
            )
            for member in view.hearing
        ],
        questions=questions,
        old_score=view.old_score,
        new_score=view.new_score,
        max_score=view.max_score,
        threshold=view.threshold,
        satisfied=view.status is AppealStatus.SATISFIED,
        summary=view.summary,
        new_testing_protocol=view.new_protocol,
        issued_at=issued_at,
    )
