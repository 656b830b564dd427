"""The admin window as the testing center's staff use it: the pages each role is given, and the
competition chosen on one page followed by the others."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from kiosk.clock import FakeClock
from kiosk.domain.roles import Role
from kiosk.services.competition_views import CompetitionTerms
from kiosk.services.demo import SETUP
from kiosk.ui.admin.window import AdminWindow, CompetitionPorts
from tests.helpers.actors import ADMIN, OBSERVER, OPERATOR, staff
from tests.helpers.competition import make_world
from tests.helpers.sittings import SMALL_BLUEPRINT, TEST_VACANCY
from tests.ui.admin.fake_appeals import FakeAppeals
from translations import Translator


def strict(language: str) -> Translator:
    return Translator(language, strict=True)


@pytest.fixture
def world(qapp, tmp_path):
    built = make_world(f"sqlite:///{tmp_path / 'k.db'}", tmp_path / "data", FakeClock())
    yield built
    built.kiosk.close()


def open_window(qtbot, world, actor, appeals=None) -> AdminWindow:
    kiosk = world.kiosk
    window = AdminWindow(
        kiosk.bank,
        actor,
        strict,
        "ky",
        proctor=kiosk.proctor,
        accounts=kiosk.accounts,
        competition_ports=CompetitionPorts(
            kiosk.competitions, kiosk.exam_sessions, kiosk.results, kiosk.documents
        ),
        appeals=appeals,
        choose_file=lambda *_args: None,
        choose_save_path=lambda *_args: None,
        timezone=kiosk.settings.timezone,
    )
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


@pytest.mark.parametrize(
    ("actor", "pages"),
    [
        (
            ADMIN,
            [
                "competitions",
                "candidates",
                "sessions",
                "console",
                "results",
                "bank",
                "review",
                "sections",
                "exchange",
                "blueprint",
                "accounts",
            ],
        ),
        (OPERATOR, ["candidates", "sessions", "console", "results"]),
        (OBSERVER, ["candidates", "sessions", "console", "results"]),
        (staff("commission", Role.COMMISSION), ["candidates", "sessions", "console", "results"]),
        (staff("aida", Role.BANK_EDITOR), ["bank", "review", "sections", "exchange", "blueprint"]),
    ],
)
def test_each_role_gets_its_pages(qtbot, world, actor, pages):
    window = open_window(qtbot, world, actor)
    assert list(window.nav_buttons) == pages
    assert window.current_page == pages[0]
    for key in pages:
        window.nav_buttons[key].click()
        assert window.current_page == key


def test_the_competition_chosen_is_followed_by_the_other_pages(qtbot, world):
    other = world.kiosk.competitions.create_competition(
        SETUP, CompetitionTerms(TEST_VACANCY, SMALL_BLUEPRINT, 1800)
    )
    world.kiosk.competitions.approve_terms(SETUP, other, "Буйрук №2")
    window = open_window(qtbot, world, ADMIN)
    window.pages["competitions"].select_competition(world.competition_id)
    for key in ("candidates", "sessions", "results"):
        assert window.pages[key].competition.id == world.competition_id, key
    window.pages["competitions"].select_competition(other)
    for key in ("candidates", "sessions", "results"):
        assert window.pages[key].competition.id == other, key


def test_the_whole_window_switches_language(qtbot, world):
    window = open_window(qtbot, world, ADMIN)
    window.set_language("ru")
    assert window.nav_buttons["sessions"].text() == "Сеансы"
    assert window.nav_buttons["results"].text() == "Итоги"
    assert window.app_title.full_text() == "Квалификационное тестирование: администрирование"


@pytest.mark.parametrize(
    ("actor", "offered"),
    [
        (ADMIN, {"fileAppeal", "composeCommission"}),
        (OPERATOR, {"fileAppeal"}),
        (OBSERVER, set()),
        (staff("gulmira", Role.COMMISSION), {"openHearing", "reviewAppeal"}),
        (staff("aida", Role.BANK_EDITOR), None),
    ],
)
def test_the_appeals_page_follows_the_roles(qtbot, world, tmp_path, actor, offered):
    window = open_window(qtbot, world, actor, appeals=FakeAppeals(tmp_path / "archive"))
    if offered is None:  # a question writer reads no appeals
        assert "appeals" not in window.nav_buttons and window.appeals is None
        return
    nav = list(window.nav_buttons)
    assert nav.index("appeals") == nav.index("results") + 1
    window.nav_buttons["appeals"].click()
    assert window.current_page == "appeals" and window.stack.currentWidget() is window.appeals
    assert window.nav_buttons["appeals"].text() == "Апелляциялар"
    actions = {"fileAppeal", "composeCommission", "openHearing", "reviewAppeal"}
    shown = {
        name
        for name in actions
        if window.appeals.findChild(QPushButton, name).isVisibleTo(window.appeals)
    }
    assert shown == offered
    assert len(window.appeals.appeals) == 5
    window.set_language("ru")
    assert window.nav_buttons["appeals"].text() == "Апелляции"
    assert window.appeals.title.text() == "Технические апелляции"
