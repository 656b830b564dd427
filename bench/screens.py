"""A PNG of every candidate screen, in Kyrgyz and in Russian, so that anyone can look at them.

    python bench/screens.py OUT_DIR [--size 1366x768]

Builds a station on a temporary data folder (the demo bank when ``question_bank/demo_bank.json``
is there, else the small test bank), drives the real window offscreen with a fake clock and fake
timers, and saves ``ky-01-login.png`` … ``ru-15-result-not-met.png``; then, on a small bank of
its own, a multiple-response question and questions with pictures (``ky-16-…`` onwards), and the
"technical problem" dialog with its confirmation (normal, then high contrast at the largest text).

Last line: ``screens: png=<count> dir=<OUT_DIR>``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication
from shooter import Shooter

from kiosk.app import Kiosk, build
from kiosk.clock import FakeClock
from kiosk.config import resolve_settings
from kiosk.security.codes import generate_code
from kiosk.services.appeal_views import ProblemKind
from kiosk.services.views import END_BY_CANDIDATE
from kiosk.ui.candidate.window import CandidateWindow
from kiosk.ui.fonts import FAMILY, use_bundled_font
from kiosk.ui.theme import SCALE_STEPS, point_size
from kiosk.ui.timers import FakeTimers
from question_bank.model import Bank, Blueprint, Image, Option, Question, Section
from tests.helpers.keys import ready_keys
from tests.helpers.sittings import seed
from translations import Translator

DEMO_BANK = Path(__file__).resolve().parents[1] / "question_bank" / "demo_bank.json"
CANDIDATES = (
    "Абдыкадырова Айгүл Токтогуловна",
    "Үсөнова Гүлзат Мырзабековна",
    "Ибраимов Бакыт Султанович",
    "Ким Елена Викторовна",
    "Садыков Эркин Жумабекович",
    "Токтосунова Нургүл Асановна",
    "Жээнбеков Нурлан Өмүрбекович",
)


def load_bank() -> tuple[Bank, Blueprint, int]:
    """The bank, the blueprint and the time limit (s) of the pictured competition."""
    if DEMO_BANK.exists():
        from question_bank.demo import DEMO_BLUEPRINT, load_demo_bank

        return load_demo_bank(), DEMO_BLUEPRINT, 90 * 60
    from tests.helpers.banks import make_bank
    from tests.helpers.sittings import SMALL_BLUEPRINT

    return make_bank(), SMALL_BLUEPRINT, 30 * 60


def prepare(data_dir: Path, clock: FakeClock) -> tuple[Kiosk, Bank, list[str]]:
    """A station with a competition, a session and its candidates; their codes."""
    kiosk = ready_keys(
        build(resolve_settings(data_dir=str(data_dir), station_id="screens", environ={}), clock)
    )
    bank, blueprint, time_limit_s = load_bank()
    kiosk.bank.load_approved(bank, author="screens-author", approver="screens-approver")
    codes = [issued.code for issued in seed(kiosk, blueprint, CANDIDATES, time_limit_s).codes]
    return kiosk, bank, codes


def correct_keys(bank: Bank, language: str) -> dict[str, frozenset[str]]:
    """The keyed options of each question, by its stem as shown (the bench knows the bank)."""
    return {q.stem.get(language) or q.stem["ky"]: q.correct for q in bank.questions}


def shoot_language(
    language: str,
    kiosk: Kiosk,
    clock: FakeClock,
    bank: Bank,
    codes: list[str],
    out_dir: Path,
    size: tuple[int, int],
) -> list[Path]:
    """Every screen in one interface language, with two candidates (met and not met)."""
    timers = FakeTimers()
    window = CandidateWindow(
        kiosk.attempts,
        kiosk.settings.timezone,
        language=language,
        timer_factory=timers,
        printer=None,
        translator_factory=lambda lang: Translator(lang, strict=True),
    )
    window.resize(*size)
    window.show()
    shoot = Shooter(window, out_dir, language)
    attempts = kiosk.attempts

    def type_code(code: str) -> None:
        window.login.code.setText(code)
        window.login.submit()

    shoot("login")
    type_code(codes[0][:6].lower() + "-" + codes[0][6:9])
    shoot("code-typo")
    type_code(generate_code())
    shoot("code-not-accepted")
    while not window.login.locked:
        type_code(generate_code())
    clock.advance(15)
    timers.fire("login-lockout")
    shoot("station-locked")
    clock.advance(61)
    timers.fire("login-lockout")

    # The first candidate: answers most questions right, marks two, finishes by hand.  Forms are
    # drawn at random; a candidate whose form has no scenario question is set aside for another.
    type_code(codes[0])
    shoot("briefing")
    for code in codes[1:-1]:
        window.briefing.start.click()
        exam = window.exam
        view = attempts.view(exam.attempt_id)
        if any(item.scenario for item in view.items):
            break
        exam.submit(END_BY_CANDIDATE)
        window.result.done_button.click()
        type_code(code)
    keys = correct_keys(bank, view.language)
    with_scenario = next((i.position for i in view.items if i.scenario), 0)
    exam.go_to(with_scenario)
    shoot("question-with-scenario")
    item = view.items[with_scenario]
    right = next(i for i, o in enumerate(item.options) if o.key in keys[item.stem])
    exam.choose(right)
    shoot("question-answered")
    count = len(view.items)
    skipped = {2, 6, 11} & set(range(count))
    for position, item in enumerate(view.items):
        if position in skipped:
            continue
        exam.go_to(position)
        exam.choose(next(i for i, o in enumerate(item.options) if o.key in keys[item.stem]))
    for position in (4, 7):
        exam.go_to(position)
        exam.toggle_flag()
    exam.go_to(min(8, count - 1))
    # On a 1366 px screen the navigator is a page of its own ("All questions"); wider, it is
    # docked beside the question and this changes nothing.
    exam.show_overview()
    shoot("navigator-answered-and-marked")
    exam.show_question()
    exam.finish.click()
    shoot("finish-dialog")
    window.confirm.yes.click()
    shoot("result-met")
    window.result.done_button.click()

    # Another candidate: a few answers, the time warnings, the big high-contrast look.
    type_code(codes[-1])
    window.briefing.start.click()
    exam = window.exam
    view = attempts.view(exam.attempt_id)
    exam.choose(1)
    exam.go_next()
    exam.choose(0)
    clock.advance(view.remaining_s - 600 + 1)
    timers.fire("countdown")
    shoot("ten-minute-warning")
    window.set_high_contrast(True)
    while window.scale < SCALE_STEPS[-1]:
        window.step_text_size(+1)
    shoot("high-contrast-largest-text")
    exam.finish.click()
    shoot("high-contrast-finish-dialog")
    window.confirm.no.click()
    window.set_high_contrast(False)
    while window.scale > SCALE_STEPS[0]:
        window.step_text_size(-1)
    shoot("smallest-text")
    window.step_text_size(+1)
    exam.finish.click()
    window.confirm.yes.click()
    shoot("result-not-met")
    window.result.done_button.click()
    window.deleteLater()
    QApplication.processEvents()
    return shoot.saved


def spreadsheet_png() -> bytes:
    """A picture for an IT question: a spreadsheet window whose column D sums B and C."""
    width, height = 760, 330
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(0, 0, width, 34, QColor("#1f6f43"))
    painter.setPen(QColor("#ffffff"))
    painter.setFont(QFont(FAMILY, 11))
    painter.drawText(QRect(14, 0, width, 34), Qt.AlignmentFlag.AlignVCenter, "journal.xlsx")
    painter.fillRect(0, 34, width, 30, QColor("#f3f3f3"))
    painter.setPen(QColor("#444444"))
    painter.drawText(QRect(14, 34, width, 30), Qt.AlignmentFlag.AlignVCenter, "fx")
    rows = [("", "A", "B", "C", "D")] + [
        (str(n), name, str(b), str(c), str(b + c))
        for n, (name, b, c) in enumerate(
            (("5-А", 24, 27), ("5-Б", 26, 25), ("6-А", 22, 29), ("6-Б", 28, 30), ("7-А", 25, 24)),
            start=1,
        )
    ]
    widths = (50, 150, 180, 180, 200)
    top, row_height = 64, 44
    grid = QPen(QColor("#c8c8c8"))
    for r, cells in enumerate(rows):
        x = 0
        for c, text in enumerate(cells):
            cell = QRect(x, top + r * row_height, widths[c], row_height)
            header = r == 0 or c == 0
            painter.fillRect(cell, QColor("#e8e8e8" if header else "#ffffff"))
            if c == 4 and r > 0:
                painter.fillRect(cell.adjusted(1, 1, 0, 0), QColor("#e6f2ea"))
            painter.setPen(grid)
            painter.drawRect(cell)
            painter.setPen(QColor("#222222"))
            align = Qt.AlignmentFlag.AlignCenter if header else Qt.AlignmentFlag.AlignRight
            painter.drawText(
                cell.adjusted(8, 0, -10, 0), align | Qt.AlignmentFlag.AlignVCenter, text
            )
            x += widths[c]
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data)


def media_bank() -> tuple[Bank, Blueprint]:
    """A multiple-response question, a question with a picture, and one whose picture is
    damaged (the PNG signature is right, the rest is cut off), with a blueprint drawing all."""

    def options(*pairs: tuple[str, str]) -> tuple[Option, ...]:
        return tuple(
            Option(key, {"ky": ky, "ru": ru}) for key, (ky, ru) in zip("abcde", pairs, strict=False)
        )

    picture = spreadsheet_png()
    column_d = {
        "ky": "Сүрөттөгү электрондук таблицанын D тилкесинде эмне эсептелген?",
        "ru": "Что вычислено в столбце D электронной таблицы на рисунке?",
    }
    column_d_options = options(
        ("B жана C тилкелериндеги сандардын суммасы", "Сумма чисел из столбцов B и C"),
        ("B жана C тилкелериндеги сандардын айырмасы", "Разность чисел из столбцов B и C"),
        ("B тилкесиндеги сандардын орточо мааниси", "Среднее значение чисел столбца B"),
        ("Эч нерсе эсептелген эмес", "Ничего не вычислено"),
    )
    questions = (
        Question(
            uid="MEDIA-LAW-1",
            section="law",
            stem={
                "ky": "Мектептин педагогикалык кеңешинин курамына кимдер кирет?",
                "ru": "Кто входит в состав педагогического совета школы?",
            },
            options=options(
                ("Мектептин директору", "Директор школы"),
                ("Мектептин мугалимдери", "Учителя школы"),
                (
                    "Директордун окуу-тарбия иштери боюнча орун басары",
                    "Заместитель директора по учебно-воспитательной работе",
                ),
                ("Окуучулардын ата-энелери", "Родители учащихся"),
                ("Мектептин кароолчусу", "Сторож школы"),
            ),
            correct=frozenset("abc"),
            multiple=True,
        ),
        Question(
            uid="MEDIA-IT-1",
            section="it",
            stem=column_d,
            options=column_d_options,
            correct=frozenset("a"),
            images=(Image("electronic-table.png", "image/png", picture),),
        ),
        Question(
            uid="MEDIA-IT-2",
            section="it",
            stem={
                "ky": "Сүрөттөгү диаграммада кайсы класстын окуучулары көп?",
                "ru": "В каком классе больше учащихся по диаграмме на рисунке?",
            },
            options=options(("5-А", "5-А"), ("5-Б", "5-Б"), ("6-А", "6-А")),
            correct=frozenset("b"),
            images=(Image("chart.png", "image/png", picture[: len(picture) // 3]),),
        ),
    )
    sections = (
        Section("law", {"ky": "Нормативдик укуктук актылар", "ru": "Нормативные правовые акты"}),
        Section("it", {"ky": "IT компетенциялары", "ru": "IT-компетенции"}),
    )
    return Bank(sections=sections, questions=questions), Blueprint((("law", 1), ("it", 2)))


def shoot_media(
    language: str, data_dir: Path, out_dir: Path, size: tuple[int, int], first: int
) -> list[Path]:
    """A multiple-response question (untouched, then two ticks) and the picture questions."""
    clock = FakeClock()
    kiosk = ready_keys(
        build(resolve_settings(data_dir=str(data_dir), station_id="screens", environ={}), clock)
    )
    try:
        bank, blueprint = media_bank()
        kiosk.bank.load_approved(bank, author="screens-author", approver="screens-approver")
        code = seed(kiosk, blueprint, [CANDIDATES[1]]).codes[0].code
        timers = FakeTimers()
        window = CandidateWindow(
            kiosk.attempts,
            kiosk.settings.timezone,
            language=language,
            timer_factory=timers,
            printer=None,
            translator_factory=lambda lang: Translator(lang, strict=True),
        )
        window.resize(*size)
        window.show()
        shoot = Shooter(window, out_dir, language)
        shoot.number = first - 1
        window.login.code.setText(code)
        window.login.submit()
        window.briefing.start.click()
        exam = window.exam
        view = kiosk.attempts.view(exam.attempt_id)
        multiple = next(item.position for item in view.items if item.multiple)
        exam.go_to(multiple)
        shoot("multiple-response")
        # Two of the three keyed options: the candidate is not told how many there are.
        keyed = [i for i, o in enumerate(view.items[multiple].options) if o.key in "abc"]
        for index in keyed[:2]:
            exam.choose(index)
        shoot("multiple-response-two-ticked")
        pictured = next(
            i.position
            for i in view.items
            if i.images and i.stem == bank.questions[1].stem[view.language]
        )
        exam.go_to(pictured)
        shoot("question-with-picture")
        exam.choose(next(i for i, o in enumerate(view.items[pictured].options) if o.key == "a"))
        window.set_high_contrast(True)
        while window.scale < SCALE_STEPS[-1]:
            window.step_text_size(+1)
        shoot("picture-high-contrast-largest-text")
        exam.scroll_down()
        shoot("picture-largest-text-scrolled")
        window.set_high_contrast(False)
        while window.scale > SCALE_STEPS[1]:
            window.step_text_size(-1)
        damaged = next(i.position for i in view.items if i.images and i.position != pictured)
        exam.go_to(damaged)
        shoot("picture-cannot-be-shown")
        # The candidate tells the proctor: the dialog, the confirmation, the test goes on.
        exam.problem_button.click()
        dialog = exam.problem_dialog
        dialog.choose(ProblemKind.PICTURE_MISSING)
        dialog.note.setText(
            "Диаграмма на рисунке не видна." if language == "ru" else "Диаграмма көрүнбөйт."
        )
        shoot("problem-dialog")
        dialog.send_button.click()
        shoot("problem-sent")
        dialog.back.click()
        shoot("problem-back-at-the-question")
        window.set_high_contrast(True)
        while window.scale < SCALE_STEPS[-1]:
            window.step_text_size(+1)
        exam.problem_button.click()
        dialog.choose(ProblemKind.KEYBOARD)
        shoot("problem-dialog-high-contrast-largest-text")
        dialog.send_button.click()
        shoot("problem-sent-high-contrast-largest-text")
        dialog.back.click()
        exam.submit(END_BY_CANDIDATE)
        window.deleteLater()
        QApplication.processEvents()
        return shoot.saved
    finally:
        kiosk.close()


def main(argv: list[str] | None = None) -> int:
    """Write the PNGs; print the count and folder last."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", default="1366x768", help="window size, e.g. 1920x1080")
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.lower().split("x"))
    out_dir: Path = args.out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    use_bundled_font(app, point_size(SCALE_STEPS[1]))
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-screens-") as folder:
        for index, language in enumerate(("ky", "ru")):
            clock = FakeClock()
            kiosk, bank, codes = prepare(Path(folder) / f"data-{index}", clock)
            try:
                shots = shoot_language(
                    language, kiosk, clock, bank, codes, out_dir, (width, height)
                )
            finally:
                kiosk.close()
            shots += shoot_media(
                language, Path(folder) / f"media-{index}", out_dir, (width, height), len(shots) + 1
            )
            saved += shots
    print(f"screens: png={len(saved)} dir={out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
