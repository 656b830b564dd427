"""Competitions and candidates through the services, on every database backend."""

from datetime import date, timedelta
from fractions import Fraction

import pytest
from sqlalchemy import select

from kiosk.domain.candidates import InvalidPin
from kiosk.domain.roles import NotPermitted, Role
from kiosk.domain.rules import CompetitionRules
from kiosk.services.competition_views import (
    Application,
    ApplicationRefused,
    CompetitionTerms,
    RegistrationRefused,
    SessionPlan,
    TermsLocked,
    Vacancy,
)
from kiosk.services.demo import SETUP, made_up_pin
from kiosk.storage.models import AuditRecord, Competition
from tests.helpers.actors import OBSERVER, OPERATOR, staff
from tests.helpers.sittings import SMALL_BLUEPRINT, TEST_PLACE, TEST_VACANCY

pytestmark = pytest.mark.storage


def test_rule_numbers_default_to_the_regulation_and_are_stored_per_competition(world):
    view = world.kiosk.competitions.competition(SETUP, world.competition_id)
    assert view.rules == CompetitionRules()
    assert view.threshold == 6  # ceil(0.6 × 10)
    assert view.rules.appeal_window_min == 60
    assert view.rules.tie_break_share == Fraction(1, 3)
    assert view.rules.tie_break_days == 2
    assert view.rules.reentry_ban_months == 12
    assert (view.rules.documents_retention_years, view.rules.commission_retention_years) == (5, 1)

    own = CompetitionRules(threshold_share=Fraction(7, 10), appeal_window_min=45, tie_break_days=3)
    other = world.kiosk.competitions.create_competition(
        SETUP, CompetitionTerms(TEST_VACANCY, SMALL_BLUEPRINT, 1800, rules=own)
    )
    stored = world.kiosk.competitions.competition(SETUP, other)
    assert stored.rules == own
    assert stored.threshold == 7
    with world.kiosk.sessions() as session:
        assert session.get(Competition, other).appeal_window_min == 45


def test_the_vacancy_and_the_approval_of_form_and_threshold_are_recorded(world, clock):
    vacancy = Vacancy(
        institution=TEST_VACANCY.institution,
        post=TEST_VACANCY.post,
        school=TEST_VACANCY.school,
        location={"ky": "Ош ш.", "ru": "г. Ош"},
        funding="local",
    )
    admin = staff("nurlan", Role.ADMINISTRATOR)
    competitions = world.kiosk.competitions
    new = competitions.create_competition(
        admin, CompetitionTerms(vacancy, SMALL_BLUEPRINT, 1800, threshold_points=7)
    )
    draft = competitions.competition(admin, new)
    assert (draft.status, draft.approved_by, draft.threshold) == ("draft", None, 7)
    assert draft.vacancy.funding == "local"
    assert draft.vacancy.location["ru"] == "г. Ош"
    # A session of a competition whose terms are not approved is refused.
    with pytest.raises(RegistrationRefused):
        world.kiosk.exam_sessions.create_session(
            admin, new, SessionPlan(date(2026, 12, 1), TEST_PLACE)
        )
    with pytest.raises(ValueError):
        competitions.approve_terms(admin, new, "  ")
    approved = competitions.approve_terms(admin, new, "Министрдин буйругу №45, 20.11.2026")
    assert approved.status == "approved"
    assert approved.approved_by == "nurlan"
    assert approved.approved_at == clock.now()
    assert approved.basis.startswith("Министрдин буйругу")
    with pytest.raises(TermsLocked):
        competitions.approve_terms(admin, new, "again")
    with world.kiosk.sessions() as session:
        record = session.scalars(
            select(AuditRecord)
            .where(AuditRecord.action == "competition.terms_approved")
            .order_by(AuditRecord.id.desc())
        ).first()
    assert record.actor == "nurlan"
    assert record.details["threshold"] == 7


def test_only_an_administrator_creates_or_approves_competitions(world):
    terms = CompetitionTerms(TEST_VACANCY, SMALL_BLUEPRINT, 1800)
    with pytest.raises(NotPermitted):
        world.kiosk.competitions.create_competition(OPERATOR, terms)
    with pytest.raises(NotPermitted):
        world.kiosk.competitions.approve_terms(OBSERVER, world.competition_id, "x")
    with world.kiosk.sessions() as session:
        refusals = session.scalars(
            select(AuditRecord.actor).where(AuditRecord.action == "permission.refused")
        ).all()
    assert refusals == ["operator", "observer"]


def test_a_candidate_needs_a_valid_personal_number_and_consent(world):
    competitions = world.kiosk.competitions
    with pytest.raises(InvalidPin):
        competitions.add_candidate(
            OPERATOR,
            world.competition_id,
            Application("Асанов Бакыт", "2010119800001", consent=True),
        )
    with pytest.raises(InvalidPin):
        competitions.add_candidate(
            OPERATOR,
            world.competition_id,
            Application("Асанов Бакыт", "23113198000001", consent=True),
        )
    with pytest.raises(ApplicationRefused) as refused:
        competitions.add_candidate(
            OPERATOR, world.competition_id, Application("Асанов Бакыт", made_up_pin(1))
        )
    assert refused.value.reason == "consent"
    candidate = competitions.add_candidate(
        OPERATOR,
        world.competition_id,
        Application(
            "  Асанов   Бакыт ", "2 01011980 00001", phone="+996 555 000 111", consent=True
        ),
    )
    (view,) = competitions.candidates(OPERATOR, world.competition_id)
    assert (view.id, view.full_name, view.pin_tail, view.status) == (
        candidate,
        "Асанов Бакыт",
        "0001",
        "admitted",
    )
    assert view.consent_at is not None
    with pytest.raises(ApplicationRefused) as twice:
        competitions.add_candidate(
            OPERATOR,
            world.competition_id,
            Application("Асанов Бакыт", made_up_pin(1), consent=True),
        )
    assert twice.value.reason == "duplicate"


def test_stage_one_refusal_needs_a_reason_and_is_never_seated(world):
    with pytest.raises(ApplicationRefused) as refused:
        world.kiosk.competitions.add_candidate(
            OPERATOR,
            world.competition_id,
            Application("Садыров Эрлан", made_up_pin(9), consent=True, admitted=False),
        )
    assert refused.value.reason == "reason"
    not_admitted = world.add("Садыров Эрлан", admitted=False)
    with pytest.raises(RegistrationRefused) as seated:
        world.seat(not_admitted)
    assert seated.value.reason == "not_admitted"


def test_withdrawn_is_a_status_and_names_sort_in_kyrgyz_order(world):
    names = [
        "Өмүрбеков Азамат",
        "Орозова Айгүл",
        "Үсөнов Нурлан",
        "Уланова Бермет",
        "Ңаа Тест",
        "Нурова Айпери",
    ]
    ids = {name: world.add(name) for name in names}
    world.kiosk.competitions.withdraw(OPERATOR, ids["Орозова Айгүл"], "арыз менен")
    listed = world.kiosk.competitions.candidates(OBSERVER, world.competition_id)
    assert [c.full_name for c in listed] == [
        "Нурова Айпери",
        "Ңаа Тест",
        "Орозова Айгүл",
        "Өмүрбеков Азамат",
        "Уланова Бермет",
        "Үсөнов Нурлан",
    ]
    assert {c.full_name: c.status for c in listed}["Орозова Айгүл"] == "withdrawn"
    with pytest.raises(RegistrationRefused):
        world.seat(ids["Орозова Айгүл"])


def test_a_candidate_below_the_threshold_may_apply_again_only_after_a_year(world, clock):
    person = made_up_pin(77)
    failed = world.add("Жумабаев Тилек", pin=person)
    (code,) = world.seat(failed)
    world.sit(code, right=3)  # 3 of 10, threshold 6
    later = world.kiosk.competitions.create_competition(
        SETUP, CompetitionTerms(TEST_VACANCY, SMALL_BLUEPRINT, 1800)
    )
    clock.advance(timedelta(days=200).total_seconds())
    with pytest.raises(ApplicationRefused) as refused:
        world.kiosk.competitions.add_candidate(
            OPERATOR, later, Application("Жумабаев Тилек", person, consent=True)
        )
    assert refused.value.reason == "reentry"
    assert refused.value.reapply_on == date(2027, 11, 23)
    assert "2027-11-23" in str(refused.value)
    with world.kiosk.sessions() as session:
        record = session.scalars(
            select(AuditRecord).where(AuditRecord.action == "candidate.refused_reentry")
        ).one()
    assert record.details["reapply_on"] == "2027-11-23"
    # Someone else, and the same person after the year, are registered.
    world.kiosk.competitions.add_candidate(
        OPERATOR, later, Application("Башка Адам", made_up_pin(78), consent=True)
    )
    clock.advance(timedelta(days=166).total_seconds())
    world.kiosk.competitions.add_candidate(
        OPERATOR, later, Application("Жумабаев Тилек", person, consent=True)
    )


def test_a_candidate_who_met_the_threshold_is_not_banned(world, clock):
    person = made_up_pin(55)
    (code,) = world.seat(world.add("Асанова Жылдыз", pin=person))
    world.sit(code, right=8)
    later = world.kiosk.competitions.create_competition(
        SETUP, CompetitionTerms(TEST_VACANCY, SMALL_BLUEPRINT, 1800)
    )
    world.kiosk.competitions.add_candidate(
        OPERATOR, later, Application("Асанова Жылдыз", person, consent=True)
    )
