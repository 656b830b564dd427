"""PNGs of the technical appeal screens, in Kyrgyz and in Russian, so that anyone can look.

    python bench/appeal_screens.py OUT_DIR [--size 1366x768]

Drives the real appeals page and the commission's review screen offscreen against the in-memory
appeal service of the tests (``tests/ui/admin/fake_appeals.py``: 20-question tests in Kyrgyz and
Russian with wrong, unanswered and marked questions, a reported problem, a power cut and its
resume).  The page and its dialogs are shot at the room the admin window leaves a page on a
screen of ``--size``: the list, filing (found by name; the window closed meanwhile; an appeal
already open), the commission (composed; a sixth member refused), the hearing.  The review is
shot at 1366×768 and at 1920×1080: a wrong answer with its timeline, an unanswered question with
its reported problem, a filter with no match, the findings with the recomputed score, the
confirmation, the decision, and larger text.

Last line: ``appeal screens: png=<count> dir=<OUT_DIR>``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from shooter import Shooter, start_admin_screens

from kiosk.domain.roles import Actor, Role
from kiosk.ui.admin.appeal_review import FAULT, NO_FAULT, AppealReviewScreen, Filter
from kiosk.ui.admin.appeals import AppealsPage
from kiosk.ui.admin.style import admin_style_sheet
from kiosk.ui.theme import NORMAL, palette
from tests.ui.admin.fake_appeals import (
    ABSENT,
    BISHKEK,
    CHAIR_ID,
    CONFLICTED,
    FIRST_MEMBER,
    FakeAppeals,
)
from translations import Translator

ADMIN = Actor("admin", frozenset({Role.ADMINISTRATOR}))
OPERATOR = Actor("operator", frozenset({Role.OPERATOR}))
CHAIR = Actor("gulmira", frozenset({Role.COMMISSION}))
#: What the admin window's navigation and top bar take from a page.
WINDOW_CHROME = (186, 50)
REVIEW_SIZES = ((1366, 768), (1920, 1080))
#: Per language: the appeal heard in it, a decided one without unanswered questions, the words.
SCENES = {
    "ky": {
        "heard": 3,
        "decided": 1,
        "by_name": "Осмон",
        "statement": "Тест учурунда 3-суроонун сүрөтү ачылган жок, жооп бере алган жокмун.",
        "fault": "Станциянын журналы боюнча сүрөт жүктөлгөн эмес; талапкер жооп бере алган эмес.",
        "clean": "Г жообун талапкер өзү 23:05те тандаган; жарык өчкөнгө чейинки тандоо А болгон.",
        "summary": "7-суроо боюнча техникалык ката тастыкталды, балл кайра эсептелди.",
        "basis": "Борбордун директорунун 12.08.2026-ж. №52 буйругу",
        "conflict": "Талапкердин классташы",
    },
    "ru": {
        "heard": 4,
        "decided": 2,
        "by_name": "Сидоренко",
        "statement": "Во время теста не открылся рисунок к вопросу 3, я не смогла ответить.",
        "fault": "По журналу станции рисунок не загрузился; ответить было невозможно.",
        "clean": "Ответ Г кандидат выбрал сам в 23:05; до отключения света был выбран ответ А.",
        "summary": "Подтверждена техническая ошибка в вопросе 7; балл пересчитан.",
        "basis": "Приказ директора центра № 52 от 12.08.2026",
        "conflict": "Одноклассник кандидата",
    },
}


def strict(language: str) -> Translator:
    return Translator(language, strict=True)


def host(page: QWidget, size: tuple[int, int]) -> QWidget:
    """The page in a frame styled as the admin window styles its pages."""
    window = QWidget()
    window.setObjectName("adminWindow")
    window.setPalette(palette(NORMAL))
    window.setStyleSheet(admin_style_sheet(NORMAL))
    layout = QVBoxLayout(window)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(page)
    window.resize(*size)
    window.show()
    return window


def make_page(fake: FakeAppeals, actor: Actor, language: str) -> AppealsPage:
    """The appeals page on the fake; documents go nowhere, the review is shown where it is."""
    return AppealsPage(
        fake,
        actor,
        strict,
        BISHKEK,
        language=language,
        now=lambda: fake.now,
        save_file=lambda _parent, _caption, suggested, _data: Path(suggested),
        open_document=lambda _path: True,
        show_review=lambda screen, _near: screen.show(),
    )


def page_scenes(folder: Path, language: str, size: tuple[int, int], out_dir: Path) -> list[Path]:
    """The list and every dialog of the page."""
    words = SCENES[language]
    fake = FakeAppeals(folder / f"{language}-archive")
    page = make_page(fake, ADMIN, language)
    window = host(page, size)
    shoot = Shooter(window, out_dir, f"appeals-{language}")
    page.select_appeal(words["heard"])
    shoot("list")

    filing = page.filing_dialog
    page.file_button.click()
    shoot("filing-all-open-windows")
    filing.search.setText(words["by_name"])
    filing.statement.setPlainText(words["statement"])
    shoot("filing-found-by-name")
    filing.search.setText("Төлөгөнов")
    fake.now += timedelta(minutes=6)
    filing.ok.click()
    shoot("filing-window-closed")
    fake.now -= timedelta(minutes=6)
    filing.search.setText("J4NS")
    filing.ok.click()
    shoot("filing-already-open")
    filing.cancel.click()

    page.select_appeal(5)
    page.commission_button.click()
    dialog = page.commission_dialog
    dialog.choose_chair(CHAIR_ID)
    dialog.set_members([FIRST_MEMBER, CONFLICTED, ABSENT])
    dialog.basis.setText(words["basis"])
    shoot("commission")
    dialog.set_members([person.account_id for person in dialog.people])
    shoot("commission-sixth-member-refused")
    dialog.set_members([FIRST_MEMBER, CONFLICTED, ABSENT])
    dialog.ok.click()
    shoot("commission-composed")

    hearing_page = make_page(fake, CHAIR, language)
    hearing_window = host(hearing_page, size)
    hearing_shoot = Shooter(hearing_window, out_dir, f"appeals-{language}-commission")
    hearing_page.select_appeal(5)
    hearing_page.hearing_button.click()
    hearing = hearing_page.hearing_dialog
    hearing.attending[3].setChecked(False)
    hearing.conflicts[2].setText(words["conflict"])
    hearing_shoot("hearing")
    hearing.ok.click()
    hearing_shoot("hearing-open")
    shoot.saved += hearing_shoot.saved
    for shown in (window, hearing_window):
        shown.deleteLater()
    QApplication.processEvents()
    return shoot.saved


def review_scenes(folder: Path, language: str, size: tuple[int, int], out_dir: Path) -> list[Path]:
    """The review at one screen size: questions, filters, findings, the decision."""
    words = SCENES[language]
    fake = FakeAppeals(folder / f"{language}-review-archive")
    tag = f"{size[0]}x{size[1]}"

    def screen_of(appeal_id: int) -> AppealReviewScreen:
        screen = AppealReviewScreen(
            fake, CHAIR, fake.review(CHAIR, appeal_id), strict(language), BISHKEK
        )
        screen.resize(*size)
        screen.show()
        return screen

    screen = screen_of(words["heard"])
    shoot = Shooter(screen, out_dir, f"review-{language}-{tag}")
    screen.show_question(11)
    shoot("wrong-answer-with-timeline")
    screen.question_area.ensureWidgetVisible(screen.events, 0, 0)
    shoot("timeline-and-attempt-events")
    screen.question_area.verticalScrollBar().setValue(0)
    screen.set_filter(Filter.UNANSWERED)
    shoot("unanswered-with-problem")

    screen.choose_state(FAULT)
    screen.finding_text.setPlainText(words["fault"])
    screen.set_filter(Filter.WRONG)
    screen.show_question(11)
    screen.choose_state(NO_FAULT)
    screen.finding_text.setPlainText(words["clean"])
    screen.summary.setPlainText(words["summary"])
    screen.findings_area.ensureWidgetVisible(screen.findings_list, 0, 40)
    shoot("findings-recomputed-score")
    screen.decide_button.click()
    shoot("confirm-decision")
    screen.confirm.ok.click()
    screen.findings_area.ensureWidgetVisible(screen.decided_box, 0, 40)
    shoot("decided")
    screen.larger.click()
    screen.larger.click()
    shoot("larger-text")
    screen.deleteLater()

    decided = screen_of(words["decided"])
    decided_shoot = Shooter(decided, out_dir, f"review-{language}-{tag}-decided-earlier")
    decided.set_filter(Filter.UNANSWERED)
    decided_shoot("filter-with-no-match")
    shoot.saved += decided_shoot.saved
    decided.deleteLater()
    QApplication.processEvents()
    return shoot.saved


def main(argv: list[str] | None = None) -> int:
    """Write the PNGs; print the count and folder last."""
    out_dir, (width, height) = start_admin_screens(__doc__, argv, "1366x768")
    page_size = (width - WINDOW_CHROME[0], height - WINDOW_CHROME[1])
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        for language in ("ky", "ru"):
            saved += page_scenes(folder, language, page_size, out_dir)
            for size in REVIEW_SIZES:
                saved += review_scenes(folder, language, size, out_dir)
    print(f"appeal screens: png={len(saved)} dir={out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
