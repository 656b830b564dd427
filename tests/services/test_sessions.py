"""Sessions and login codes through the services, on every database backend."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from kiosk.domain.roles import NotPermitted
from kiosk.security.codes import code_digest
from kiosk.services.competition_views import RegistrationRefused
from kiosk.services.demo import SETUP
from kiosk.services.keys import vault_of
from kiosk.services.views import LoginRefusal
from kiosk.storage.models import AuditRecord, Registration
from tests.helpers.actors import OBSERVER, OPERATOR
from tests.helpers.documents import pdf_text

pytestmark = pytest.mark.storage

# The world's session starts at 10:00 in Bishkek (04:00 UTC): codes work from 09:30 to 11:00.
OPENS = datetime(2026, 11, 23, 3, 30, tzinfo=UTC)
CLOSES = datetime(2026, 11, 23, 5, 0, tzinfo=UTC)


def test_codes_are_stored_only_as_digests(world):
    codes = world.seat(world.add("Асанов Бакыт"), world.add("Бекова Айзада"))
    with world.kiosk.sessions() as session:
        stored = session.scalars(select(Registration.code_digest)).all()
        vault = vault_of(session)
    assert sorted(stored) == sorted(code_digest(vault, c.code) for c in codes)
    assert all(c.code not in digest for c in codes for digest in stored)


@pytest.mark.parametrize(
    ("moment", "refusal"),
    [
        (OPENS - timedelta(seconds=1), LoginRefusal.NOT_YET),
        (OPENS, None),
        (CLOSES, None),
        (CLOSES + timedelta(seconds=1), LoginRefusal.CLOSED),
    ],
)
def test_a_code_opens_the_test_only_inside_the_session_window(world, clock, moment, refusal):
    (code,) = world.seat(world.add("Асанов Бакыт"))
    clock.set_wall(moment)
    result = world.kiosk.attempts.login(code.code)
    assert result.refusal is refusal
    if refusal is LoginRefusal.NOT_YET:
        assert result.opens_at == OPENS


def test_a_test_under_way_resumes_after_the_entry_window(world, clock):
    (code,) = world.seat(world.add("Асанов Бакыт"))
    world.sit(code, right=5, submit=False)
    clock.set_wall(CLOSES + timedelta(minutes=20))
    assert world.kiosk.attempts.login(code.code).briefing.resuming


def test_reissuing_a_code_invalidates_the_old_one(world):
    (old,) = world.seat(world.add("Асанов Бакыт"))
    new = world.kiosk.exam_sessions.reissue_code(OPERATOR, old.registration_id)
    assert new.code != old.code
    assert world.kiosk.attempts.login(old.code).refusal is LoginRefusal.UNKNOWN
    assert world.kiosk.attempts.login(new.code).briefing is not None
    with world.kiosk.sessions() as session:
        actions = session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)).all()
    assert actions.count("code.issued") == 1
    assert "code.reissued" in actions


def test_a_code_cannot_be_reissued_once_the_test_began(world):
    (code,) = world.seat(world.add("Асанов Бакыт"))
    world.sit(code, right=1, submit=False)
    with pytest.raises(RegistrationRefused) as refused:
        world.kiosk.exam_sessions.reissue_code(OPERATOR, code.registration_id)
    assert refused.value.reason == "started"


def test_a_candidate_is_seated_once_per_competition(world):
    candidate = world.add("Асанов Бакыт")
    world.seat(candidate)
    with pytest.raises(RegistrationRefused) as refused:
        world.seat(candidate)
    assert refused.value.reason == "already_registered"


def test_an_observer_cannot_issue_codes(world):
    candidate = world.add("Асанов Бакыт")
    with pytest.raises(NotPermitted):
        world.kiosk.exam_sessions.register(OBSERVER, world.session_id, [candidate])


def test_slips_and_registration_sheet_print_in_kyrgyz_order(world):
    ids = [world.add(name) for name in ("Үсөнов Нурлан", "Абдыкадырова Айгүл", "Өмүрова Бермет")]
    codes = world.seat(*ids)
    slips = pdf_text(world.kiosk.exam_sessions.code_slips(OPERATOR, world.session_id, codes))
    positions = [slips.index(name) for name in ("Абдыкадырова", "Өмүрова", "Үсөнов")]
    assert positions == sorted(positions)
    assert "10:00" in slips
    sheet = pdf_text(world.kiosk.exam_sessions.registration_sheet(OPERATOR, world.session_id))
    positions = [sheet.index(name) for name in ("Абдыкадырова", "Өмүрова", "Үсөнов")]
    assert positions == sorted(positions)
    assert "…0002" in sheet  # the personal number's last digits only
    assert "20101198000002" not in sheet
    for code in codes:
        assert code.code not in sheet


def test_observers_present_are_recorded(world):
    world.kiosk.exam_sessions.set_observers(OPERATOR, world.session_id, [" Касымов  Улан ", ""])
    with world.kiosk.sessions() as session:
        from kiosk.storage.models import ExamSession

        assert session.get(ExamSession, world.session_id).observers == ["Касымов Улан"]


def test_setup_actor_is_an_administrator():
    assert SETUP.name == "setup"


def test_a_withdrawn_candidates_code_no_longer_opens_the_test(world):
    candidate = world.add("Асанов Бакыт")
    (code,) = world.seat(candidate)
    world.kiosk.competitions.withdraw(OPERATOR, candidate, "арыз менен")
    assert world.kiosk.attempts.login(code.code).refusal is LoginRefusal.CLOSED


def test_the_session_list_names_its_competition_and_observers(world):
    world.kiosk.exam_sessions.set_observers(OPERATOR, world.session_id, ["Касымов Улан"])
    (choice,) = world.kiosk.proctor.sessions(OBSERVER)
    assert choice.competition_id == world.competition_id
    assert choice.observers == ("Касымов Улан",)
