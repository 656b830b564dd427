"""The technical appeal through the services: the hour of cl. 33, the commission of cl. 34, the
on-screen review and the decision of cl. 35, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from sqlalchemy import func, select

from kiosk.domain.roles import NotPermitted, Role
from kiosk.services.appeal_views import (
    AppealAlreadyOpen,
    AppealStatus,
    AppealWindowClosed,
    Attendance,
    CommissionRefused,
    Finding,
    HearingRefused,
    NotAppealable,
    ProblemKind,
    TimelineKind,
)
from kiosk.services.competition_views import ResultsRefused
from kiosk.services.demo import SETUP
from kiosk.storage import models
from tests.helpers.actors import ADMIN, OPERATOR, staff
from tests.helpers.competition import World
from tests.helpers.documents import pdf_text

PASSWORD = "commission-2026"
CHAIR = staff("chair", Role.COMMISSION)
MEMBER = staff("member1", Role.COMMISSION)
OTHER = staff("member2", Role.COMMISSION)


@dataclass
class Hearing:
    """A world with a submitted attempt, its commission accounts and the attempt's id."""

    world: World
    attempt_id: int
    accounts: dict[str, int]

    @property
    def appeals(self):
        return self.world.kiosk.appeals


def _accounts(world: World) -> dict[str, int]:
    for login, name in (
        ("chair", "Төрага Айгүл Осмонова"),
        ("member1", "Мүчө Бакыт Асанов"),
        ("member2", "Мүчө Нурлан Үсөнов"),
    ):
        world.kiosk.accounts.create_account(
            SETUP, login, name, frozenset({Role.COMMISSION}), PASSWORD
        )
    return _account_ids(world)


def _account_ids(world: World) -> dict[str, int]:
    with world.kiosk.sessions() as session:
        return {
            login: id_
            for login, id_ in session.execute(select(models.Account.login, models.Account.id))
        }


@pytest.fixture
def hearing(world: World) -> Hearing:
    candidate = world.add("Асанова Гүлнара")
    (code,) = world.seat(candidate)
    attempt_id = world.sit(code, right=5)  # 5 of 10: below the threshold of 6
    return Hearing(world, attempt_id, _accounts(world))


def _filed(h: Hearing, statement: str = "Мен Б тандадым, экранда В көрүндү") -> int:
    return h.appeals.file_appeal(OPERATOR, h.attempt_id, statement).appeal_id


def _heard(h: Hearing, appeal_id: int | None = None) -> int:
    appeal_id = appeal_id or _filed(h)
    ids = h.accounts
    h.appeals.compose_commission(
        ADMIN,
        chair=ids["chair"],
        members=[ids["member1"], ids["member2"]],
        basis="Буйрук №7",
        appeal_id=appeal_id,
    )
    h.appeals.open_hearing(
        CHAIR,
        appeal_id,
        [
            Attendance(ids["chair"], present=True),
            Attendance(ids["member1"], present=True),
            Attendance(ids["member2"], present=True, conflict="талапкердин тууганы"),
        ],
    )
    return appeal_id


def _ended_at(h: Hearing):
    with h.world.kiosk.sessions() as session:
        return session.get(models.Attempt, h.attempt_id).ended_at


# -- filing within the hour ------------------------------------------------------------------


def test_an_appeal_59_59_after_the_end_is_accepted(hearing: Hearing):
    hearing.world.clock.set_wall(_ended_at(hearing).replace(microsecond=0))
    hearing.world.clock.advance(59 * 60 + 59)
    view = hearing.appeals.file_appeal(OPERATOR, hearing.attempt_id, "жооптор туура эмес")
    assert view.status is AppealStatus.FILED
    assert view.old_score == 5


def test_an_appeal_60_01_after_the_end_is_refused_with_the_closing_time(hearing: Hearing):
    ended = _ended_at(hearing)
    hearing.world.clock.set_wall(ended)
    hearing.world.clock.advance(60 * 60 + 1)
    with pytest.raises(AppealWindowClosed) as refused:
        hearing.appeals.file_appeal(OPERATOR, hearing.attempt_id, "кеч келдим")
    assert refused.value.closed_at == ended + (refused.value.closed_at - ended)
    assert (refused.value.closed_at - ended).total_seconds() == 3600
    assert refused.value.closed_at.utcoffset().total_seconds() == 6 * 3600  # Bishkek time
    with hearing.world.kiosk.sessions() as session:
        assert session.scalar(select(func.count()).select_from(models.Appeal)) == 0


def test_the_window_is_the_competitions_setting(hearing: Hearing):
    with hearing.world.kiosk.sessions.begin() as session:
        session.get(models.Competition, hearing.world.competition_id).appeal_window_min = 30
    hearing.world.clock.set_wall(_ended_at(hearing))
    hearing.world.clock.advance(30 * 60 + 1)
    with pytest.raises(AppealWindowClosed):
        hearing.appeals.file_appeal(OPERATOR, hearing.attempt_id, "кеч")


def test_one_open_appeal_per_attempt(hearing: Hearing):
    first = _filed(hearing)
    with pytest.raises(AppealAlreadyOpen) as refused:
        _filed(hearing)
    assert refused.value.number == hearing.appeals.appeal(OPERATOR, first).number


def test_a_statement_is_required_and_an_unfinished_attempt_cannot_be_appealed(world: World):
    candidate = world.add("Бекова Айжан")
    (code,) = world.seat(candidate)
    attempt_id = world.sit(code, right=3, submit=False)
    with pytest.raises(ValueError):
        world.kiosk.appeals.file_appeal(OPERATOR, attempt_id, "   ")
    with pytest.raises(NotAppealable):
        world.kiosk.appeals.file_appeal(OPERATOR, attempt_id, "жыйынтык жок")


def test_the_filing_dialog_finds_attempts_by_name_or_code_while_their_window_is_open(
    world: World,
):
    first, second = world.add("Асанова Гүлнара"), world.add("Бекова Айжан")
    code_a, code_b = world.seat(first, second)
    world.sit(code_a, right=5)
    world.sit(code_b, right=7)
    names = [a.candidate_name for a in world.kiosk.appeals.appealable(OPERATOR)]
    assert sorted(names) == ["Асанова Гүлнара", "Бекова Айжан"]
    assert [a.candidate_name for a in world.kiosk.appeals.appealable(OPERATOR, "бекова")] == [
        "Бекова Айжан"
    ]
    by_code = world.kiosk.appeals.appealable(OPERATOR, code_a.code.lower())
    assert [a.candidate_name for a in by_code] == ["Асанова Гүлнара"]
    found = by_code[0]
    assert found.minutes_left(world.clock.now()) == 60
    world.clock.advance(61 * 60)
    assert world.kiosk.appeals.appealable(OPERATOR) == []


def test_filing_needs_the_role_and_the_refusal_is_audited(hearing: Hearing):
    with pytest.raises(NotPermitted):
        hearing.appeals.file_appeal(CHAIR, hearing.attempt_id, "өзүм")
    with hearing.world.kiosk.sessions() as session:
        refused = session.scalars(
            select(models.AuditRecord).where(models.AuditRecord.action == "permission.refused")
        ).all()
    assert [r.subject for r in refused] == ["file_appeal"]


# -- the commission --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "reason"),
    [
        ([], "too_few"),
        (["member1", "member1"], None),
        (["chair", "member1"], "chair_is_member"),
    ],
)
def test_the_commission_has_a_chair_and_one_to_five_members(hearing: Hearing, members, reason):
    ids = hearing.accounts
    appeal_id = _filed(hearing)

    def compose():
        return hearing.appeals.compose_commission(
            ADMIN,
            chair=ids["chair"],
            members=[ids[m] for m in members],
            basis="Буйрук №7",
            appeal_id=appeal_id,
        )

    if reason is None:
        view = compose()
        assert [m.role for m in view.members] == ["chair", "member"]
        assert view.chair.account_id == ids["chair"]
    else:
        with pytest.raises(CommissionRefused) as refused:
            compose()
        assert refused.value.reason == reason


def test_more_than_five_members_are_refused(hearing: Hearing):
    for n in range(6):
        hearing.world.kiosk.accounts.create_account(
            SETUP, f"m{n}", f"Мүчө {n}", frozenset({Role.COMMISSION}), PASSWORD
        )
    ids = _account_ids(hearing.world)
    extra = [ids[f"m{n}"] for n in range(6)]
    session_id = hearing.world.session_id
    with pytest.raises(CommissionRefused) as refused:
        hearing.appeals.compose_commission(
            ADMIN, chair=hearing.accounts["chair"], members=extra, basis="", session_id=session_id
        )
    assert refused.value.reason == "too_many"
    five = hearing.appeals.compose_commission(
        ADMIN, chair=hearing.accounts["chair"], members=extra[:5], basis="", session_id=session_id
    )
    assert len(five.members) == 6
    assert hearing.appeals.session_commission(ADMIN, session_id) == five


def test_only_commission_accounts_sit_on_a_commission(hearing: Hearing):
    hearing.world.kiosk.accounts.create_account(
        SETUP, "op", "Оператор", frozenset({Role.OPERATOR}), PASSWORD
    )
    operator_id = _account_ids(hearing.world)["op"]
    with pytest.raises(CommissionRefused) as refused:
        hearing.appeals.compose_commission(
            ADMIN,
            chair=hearing.accounts["chair"],
            members=[operator_id],
            basis="",
            session_id=hearing.world.session_id,
        )
    assert refused.value.reason == "not_commission"
    assert [c.full_name for c in hearing.appeals.commissioners(ADMIN)] == [
        "Мүчө Бакыт Асанов",
        "Мүчө Нурлан Үсөнов",
        "Төрага Айгүл Осмонова",
    ]


def test_the_hearing_needs_the_chair_and_a_member_without_conflict(hearing: Hearing):
    ids = hearing.accounts
    appeal_id = _filed(hearing)
    hearing.appeals.compose_commission(
        ADMIN, chair=ids["chair"], members=[ids["member1"]], basis="", appeal_id=appeal_id
    )
    with pytest.raises(HearingRefused) as refused:
        hearing.appeals.open_hearing(
            CHAIR,
            appeal_id,
            [Attendance(ids["chair"], True), Attendance(ids["member1"], True, conflict="агасы")],
        )
    assert refused.value.reason == "no_member"
    with pytest.raises(HearingRefused) as refused:
        hearing.appeals.open_hearing(MEMBER, appeal_id, [Attendance(ids["member1"], True)])
    assert refused.value.reason == "chair_absent"
    view = hearing.appeals.open_hearing(
        CHAIR, appeal_id, [Attendance(ids["chair"], True), Attendance(ids["member1"], True)]
    )
    assert view.heard_at is not None
    assert all(member.takes_part for member in view.hearing)


def test_a_session_commission_hears_the_sessions_appeals(hearing: Hearing):
    ids = hearing.accounts
    hearing.appeals.compose_commission(
        ADMIN,
        chair=ids["chair"],
        members=[ids["member1"]],
        basis="",
        session_id=hearing.world.session_id,
    )
    appeal_id = _filed(hearing)
    view = hearing.appeals.open_hearing(
        MEMBER, appeal_id, [Attendance(ids["chair"], True), Attendance(ids["member1"], True)]
    )
    assert view.commission is not None and view.commission.session_id == hearing.world.session_id


def test_the_review_is_for_those_taking_part(hearing: Hearing):
    appeal_id = _heard(hearing)
    with pytest.raises(NotPermitted):
        hearing.appeals.review(ADMIN, appeal_id)
    with pytest.raises(HearingRefused) as refused:
        hearing.appeals.review(OTHER, appeal_id)  # declared a conflict
    assert refused.value.reason == "not_on_commission"


# -- the review ------------------------------------------------------------------------------


def test_the_review_shows_the_frozen_form_even_after_the_question_was_edited(hearing: Hearing):
    appeal_id = _heard(hearing)
    before = hearing.appeals.review(CHAIR, appeal_id).items[0]
    # The bank moves on: the question is edited, and the new version approved.
    bank = hearing.world.kiosk.bank
    editor, approver = staff("aida"), staff("bolot")
    current = bank.latest(editor, before.question_uid).question
    stem = {language: f"ӨЗГӨРТҮЛГӨН {text}" for language, text in current.stem.items()}
    edited = bank.save(editor, replace(current, stem=stem))
    bank.submit(editor, edited.version_id)
    bank.approve(approver, edited.version_id)
    assert edited.number == before.version + 1
    after = hearing.appeals.review(CHAIR, appeal_id).items[0]
    assert after == before
    assert "ӨЗГӨРТҮЛГӨН" not in after.stem


def test_the_review_shows_answers_keys_points_and_letters_as_the_candidate_saw_them(
    hearing: Hearing,
):
    review = hearing.appeals.review(CHAIR, _heard(hearing))
    keys = hearing.world.keys(hearing.attempt_id)
    assert review.language == "ky"
    assert review.score == 5 and review.max_score == 10 and review.threshold == 6
    assert [item.points for item in review.items] == [1] * 5 + [0] * 5
    for item in review.items:
        assert {o.key for o in item.options if o.correct} == keys[item.position]
        assert [o.letter for o in item.options] == list("АБВГДЕ"[: len(item.options)])
        assert item.answered and (item.wrong == (item.position >= 5))
    assert sum(1 for item in review.items if item.wrong) == 5


def test_the_timeline_holds_changes_resume_problems_and_time_decisions(world: World):
    ids = _accounts(world)
    candidate = world.add("Асанова Гүлнара")
    (code,) = world.seat(candidate)
    attempt_id = world.sit(code, right=0, submit=False)
    stations = world.kiosk.attempts
    view = stations.view(attempt_id)
    first = view.items[0]
    stations.select_option(attempt_id, 0, first.options[1].key)
    stations.select_option(attempt_id, 0, first.options[2].key)
    stations.set_flag(attempt_id, 0, True)
    stations.report_problem(attempt_id, 0, ProblemKind.PICTURE_MISSING, "сүрөт жок")
    # The station dies; another one resumes the attempt after the proctor's decision.
    world.clock.advance(120)
    registration_id = _registration_of(world, attempt_id)
    world.kiosk.proctor.resume_station(SETUP, registration_id, 120, "электр өчтү")
    stations.start(registration_id, "ky")
    stations.submit(attempt_id)
    h = Hearing(world, attempt_id, ids)
    review = h.appeals.review(CHAIR, _heard(h))
    question = review.items[0]
    kinds = [entry.kind for entry in question.timeline]
    assert kinds == [
        TimelineKind.SELECT,
        TimelineKind.SELECT,
        TimelineKind.SELECT,
        TimelineKind.FLAG,
        TimelineKind.PROBLEM,
    ]
    assert [e.letters for e in question.timeline[:3]] == [
        # world.sit chose a wrong option first, then the two changes made here
        question.timeline[0].letters,
        "Б",
        "В",
    ]
    assert question.chosen_letters == "В" and question.flagged and question.problems == 1
    problem = question.timeline[-1]
    assert problem.problem == ProblemKind.PICTURE_MISSING and problem.detail == "сүрөт жок"
    whole = [entry.kind for entry in review.attempt_events]
    assert whole[0] is TimelineKind.START
    assert TimelineKind.TIME_RESUME in whole and TimelineKind.RESUME in whole
    assert whole[-1] is TimelineKind.SUBMIT
    resumed = next(e for e in review.attempt_events if e.kind is TimelineKind.TIME_RESUME)
    assert resumed.seconds == 120 and resumed.detail == "электр өчтү" and resumed.lost_s >= 120
    times = [entry.at for entry in review.attempt_events]
    assert times == sorted(times)


def _registration_of(world: World, attempt_id: int) -> int:
    with world.kiosk.sessions() as session:
        return session.get(models.Attempt, attempt_id).registration_id


def test_showing_the_keys_is_audited(hearing: Hearing):
    appeal_id = _heard(hearing)
    hearing.appeals.review(MEMBER, appeal_id)
    with hearing.world.kiosk.sessions() as session:
        shown = session.scalars(
            select(models.AuditRecord).where(models.AuditRecord.action == "appeal.reviewed")
        ).all()
    assert [(r.actor, r.subject) for r in shown] == [
        ("member1", hearing.appeals.appeal(CHAIR, appeal_id).number)
    ]


# -- the decision ----------------------------------------------------------------------------


def test_no_fault_rejects_the_appeal_and_the_result_stands(hearing: Hearing):
    appeal_id = _heard(hearing)
    view = hearing.appeals.decide(
        CHAIR, appeal_id, [Finding(7, fault=False, text="жооп туура жазылган")], "четке кагылат"
    )
    assert view.status is AppealStatus.REJECTED
    assert (view.old_score, view.new_score) == (5, 5)
    assert view.new_protocol is None
    with hearing.world.kiosk.sessions() as session:
        assert session.get(models.Attempt, hearing.attempt_id).score == 5
        assert session.scalar(select(func.count()).select_from(models.ResultVersion)) == 1


def test_confirmed_faults_recompute_the_score_and_reissue_the_protocol(hearing: Hearing):
    appeal_id = _heard(hearing)
    keys = hearing.world.keys(hearing.attempt_id)
    findings = [
        # "I chose the key but it shows another": the established answer is scored.
        Finding(6, fault=True, text="чычкан иштебей калган", established=keys[6]),
        # A picture was missing: the point is awarded.
        Finding(7, fault=True, text="сүрөт көрүнгөн жок"),
        # Confirmed, but the answer the candidate gave is still wrong: no point.
        Finding(8, fault=True, text="экран өчкөн", established=_a_wrong_answer(hearing, 8)),
        Finding(9, fault=False, text="техникалык ката жок"),
    ]
    assert hearing.appeals.recomputed_score(CHAIR, appeal_id, findings) == 7
    view = hearing.appeals.decide(CHAIR, appeal_id, findings, "канааттандырылат")
    assert view.status is AppealStatus.SATISFIED
    assert (view.old_score, view.new_score) == (5, 7)
    assert [(f.position, f.points_before, f.points_after) for f in view.findings] == [
        (6, 0, 1),
        (7, 0, 1),
        (8, 0, 0),
        (9, 0, 0),
    ]
    with hearing.world.kiosk.sessions() as session:
        versions = session.scalars(
            select(models.ResultVersion).order_by(models.ResultVersion.version)
        ).all()
        assert [(v.version, v.score, v.basis) for v in versions] == [
            (1, 5, "submitted"),
            (2, 7, "appeal"),
        ]
        assert session.get(models.Attempt, hearing.attempt_id).score == 7
        protocols = session.scalars(
            select(models.ProtocolRecord).order_by(models.ProtocolRecord.version)
        ).all()
    assert [p.version for p in protocols] == [1, 2]
    assert protocols[1].supersedes == protocols[0].number == view.new_protocol.removesuffix("-v2")
    archive = hearing.world.kiosk.settings.archive_dir / "protocols"
    old_text = pdf_text((archive / protocols[0].file_name).read_bytes())
    new_text = pdf_text((archive / protocols[1].file_name).read_bytes())
    assert protocols[0].number in new_text and view.number in new_text
    assert "5" in old_text and view.number not in old_text  # the first version is unchanged
    # The station's result and the protocol handed out from now on are the new version.
    assert hearing.world.kiosk.protocols.issue(hearing.attempt_id)[0] == view.new_protocol


def _a_wrong_answer(h: Hearing, position: int) -> frozenset[str]:
    review_keys = h.world.keys(h.attempt_id)[position]
    with h.world.kiosk.sessions() as session:
        item = session.get(models.AttemptItem, (h.attempt_id, position))
        return frozenset({next(k for k in item.option_order if k not in review_keys)})


def test_a_fault_needs_the_commissions_words_and_a_real_option(hearing: Hearing):
    appeal_id = _heard(hearing)
    with pytest.raises(HearingRefused) as refused:
        hearing.appeals.decide(CHAIR, appeal_id, [Finding(6, fault=True, text=" ")], "")
    assert refused.value.reason == "finding_missing"
    with pytest.raises(HearingRefused) as refused:
        hearing.appeals.decide(CHAIR, appeal_id, [Finding(6, True, "ката", frozenset({"zz"}))], "")
    assert refused.value.reason == "bad_answer"
    with pytest.raises(HearingRefused) as refused:
        hearing.appeals.decide(CHAIR, appeal_id, [Finding(99, True, "ката")], "")
    assert refused.value.reason == "unknown_question"
    assert hearing.appeals.appeal(CHAIR, appeal_id).status is AppealStatus.FILED


def test_a_decision_is_final(hearing: Hearing):
    appeal_id = _heard(hearing)
    hearing.appeals.decide(CHAIR, appeal_id, [], "техникалык ката табылган жок")
    with pytest.raises(HearingRefused) as refused:
        hearing.appeals.decide(CHAIR, appeal_id, [Finding(7, True, "сүрөт жок")], "")
    assert refused.value.reason == "decided"


def test_a_satisfied_appeal_changes_the_ranking(world: World):
    ids = world.run_session({"Асанова Гүлнара": 7, "Бекова Айжан": 6})
    results = world.kiosk.results.results(ADMIN, world.competition_id)
    assert [line.name for line in results.ranking.lines][:2] == ["Асанова Гүлнара", "Бекова Айжан"]
    accounts = _accounts(world)
    attempt_id = next(a.attempt_id for a in world.kiosk.appeals.appealable(OPERATOR, "Бекова"))
    h = Hearing(world, attempt_id, accounts)
    appeal_id = _heard(h)
    findings = [Finding(p, True, "сүрөт жок") for p in (7, 8)]
    h.appeals.decide(CHAIR, appeal_id, findings, "канааттандырылат")
    results = world.kiosk.results.results(ADMIN, world.competition_id)
    winner = results.ranking.lines[0]
    assert (winner.name, winner.main_score) == ("Бекова Айжан", 8)
    assert results.ranking.reserve == (ids["Асанова Гүлнара"],)


def test_the_appeal_protocol_is_archived_for_the_commission_period(hearing: Hearing):
    appeal_id = _heard(hearing)
    view = hearing.appeals.decide(
        CHAIR, appeal_id, [Finding(7, True, "сүрөт көрүнгөн жок")], "канааттандырылат"
    )
    path = hearing.appeals.appeal_protocol(OPERATOR, appeal_id)
    text = pdf_text(path.read_bytes())
    for expected in (view.number, "Асанова Гүлнара", "сүрөт көрүнгөн жок", "Мен Б тандадым"):
        assert expected in text
    # The member with a conflict is named but does not sign; the chair and member1 do.
    assert "талапкердин тууганы" in text
    with hearing.world.kiosk.sessions() as session:
        filed = session.scalars(
            select(models.ArchivedDocument).where(models.ArchivedDocument.kind == "appeal_protocol")
        ).one()
    assert filed.retention == "commission" and filed.reference == view.number
    assert filed.file_name == view.protocol_file


def test_every_step_is_audited(hearing: Hearing):
    appeal_id = _heard(hearing)
    hearing.appeals.decide(CHAIR, appeal_id, [Finding(7, True, "сүрөт жок")], "")
    with hearing.world.kiosk.sessions() as session:
        actions = session.scalars(
            select(models.AuditRecord.action)
            .where(models.AuditRecord.action.like("appeal.%"))
            .order_by(models.AuditRecord.id)
        ).all()
        composed = session.scalar(
            select(func.count())
            .select_from(models.AuditRecord)
            .where(models.AuditRecord.action == "commission.composed")
        )
    assert actions == ["appeal.filed", "appeal.hearing_opened", "appeal.decided"]
    assert composed == 1


def test_the_hand_over_package_waits_for_the_appeal_windows_and_decisions(hearing: Hearing):
    world = hearing.world
    world.kiosk.proctor.end_session(ADMIN, world.session_id)
    with pytest.raises(ResultsRefused) as refused:
        world.kiosk.documents.ministry_package(ADMIN, world.competition_id)
    assert refused.value.reason == "appeal_window_open"
    appeal_id = _filed(hearing)
    world.clock.advance(61 * 60)
    with pytest.raises(ResultsRefused) as refused:
        world.kiosk.documents.ministry_package(ADMIN, world.competition_id)
    assert (refused.value.reason, refused.value.detail) == (
        "appeals_pending",
        hearing.appeals.appeal(ADMIN, appeal_id).number,
    )
    _heard(hearing, appeal_id)
    hearing.appeals.decide(CHAIR, appeal_id, [], "техникалык ката жок")
    assert world.kiosk.documents.ministry_package(ADMIN, world.competition_id)


def test_a_lost_superseding_protocol_is_rewritten_with_its_appeal(hearing: Hearing):
    appeal_id = _heard(hearing)
    view = hearing.appeals.decide(CHAIR, appeal_id, [Finding(7, True, "сүрөт жок")], "")
    number, path = hearing.world.kiosk.protocols.issue(hearing.attempt_id)
    path.unlink()
    again, rewritten = hearing.world.kiosk.protocols.issue(hearing.attempt_id)
    assert (again, rewritten) == (number, path) and number == view.new_protocol
    text = pdf_text(rewritten.read_bytes())
    assert view.number in text and number.removesuffix("-v2") in text


def test_attendance_may_be_recorded_again_until_the_decision(hearing: Hearing):
    ids = hearing.accounts
    appeal_id = _heard(hearing)  # member2 declared a conflict
    first = hearing.appeals.appeal(CHAIR, appeal_id).heard_at
    hearing.world.clock.advance(300)
    view = hearing.appeals.open_hearing(
        CHAIR,
        appeal_id,
        [
            Attendance(ids["chair"], True),
            Attendance(ids["member1"], False),
            Attendance(ids["member2"], True),  # arrived late, and the conflict was a mistake
        ],
    )
    assert view.heard_at == first
    assert {m.account_id: m.takes_part for m in view.hearing} == {
        ids["chair"]: True,
        ids["member1"]: False,
        ids["member2"]: True,
    }
    with pytest.raises(HearingRefused):
        hearing.appeals.review(MEMBER, appeal_id)
    assert hearing.appeals.review(OTHER, appeal_id).appeal.number == view.number
