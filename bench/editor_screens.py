"""PNGs of the question editor, the review queue and the history, in Kyrgyz and in Russian.

    python bench/editor_screens.py OUT_DIR [--size 1366x768]

Builds a kiosk on a temporary data folder with the demo bank approved, then writes through the
bank service what the pages show: a bilingual question with a scenario and a picture, versions
waiting for review, a question with three versions.  The real admin window is driven offscreen
(the pages are the window's own): the editor with its preview, the editor with problems marked
under their fields, the review queue with a version chosen, the two-person refusal, and the
history with two versions compared.  Saves ``ky-01-editor.png`` … ``ru-NN-….png``.

Last line: ``editor screens: png=<count> dir=<OUT_DIR>``.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication
from shooter import Shooter, start_admin_screens

from kiosk.app import Kiosk, build
from kiosk.clock import FakeClock
from kiosk.config import resolve_settings
from kiosk.domain.roles import Actor, Role
from kiosk.ui.admin.editor import EditorPage
from kiosk.ui.admin.history import HistoryPage
from kiosk.ui.admin.review import ReviewPage
from kiosk.ui.admin.window import AdminWindow
from kiosk.ui.fonts import FAMILY
from question_bank.demo import load_demo_bank
from question_bank.model import Image, Option, Question
from tests.helpers.keys import ready_keys
from translations import Translator

AUTHOR = "Токтосунова Нургүл"
EDITOR = "Ким Елена"
APPROVER = "Садыков Эркин"


def staff(name: str, *roles: Role) -> Actor:
    """A signed-in staff member for the bench (both bank roles unless ``roles`` are given)."""
    return Actor(name, frozenset(roles or (Role.BANK_EDITOR, Role.BANK_APPROVER)))


#: Who reads the bank while the bench prepares it.
READER = staff("bench")


def chart_png() -> bytes:
    """A bar chart of pupils per year (numbers only: a picture carries no interface text)."""
    image = QImage(720, 420, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = QFont(FAMILY)
    font.setPixelSize(22)
    painter.setFont(font)
    axis = QPen(QColor("#333333"), 3)
    painter.setPen(axis)
    painter.drawLine(QPointF(80, 360), QPointF(690, 360))
    painter.drawLine(QPointF(80, 360), QPointF(80, 30))
    values = ((2022, 612), (2023, 655), (2024, 701), (2025, 744))
    for index, (year, pupils) in enumerate(values):
        left = 120 + index * 145
        height = (pupils - 500) * 1.1
        painter.fillRect(QRectF(left, 360 - height, 90, height), QColor("#3d6fb4"))
        painter.setPen(QColor("#111111"))
        painter.drawText(QRectF(left - 10, 365, 110, 34), Qt.AlignmentFlag.AlignCenter, str(year))
        painter.drawText(
            QRectF(left - 10, 320 - height, 110, 34), Qt.AlignmentFlag.AlignCenter, str(pupils)
        )
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def options(*pairs: tuple[str, str]) -> tuple[Option, ...]:
    return tuple(
        Option(key, {"ky": ky, "ru": ru}) for key, (ky, ru) in zip("abcd", pairs, strict=False)
    )


def prepare(data_dir: Path, clock: FakeClock) -> tuple[Kiosk, dict[str, str]]:
    """A kiosk with the demo bank approved and the questions the pictures show; their uids."""
    kiosk = ready_keys(
        build(resolve_settings(data_dir=str(data_dir), station_id="editor", environ={}), clock)
    )
    bank = kiosk.bank
    demo = load_demo_bank()
    bank.load_approved(demo, author=EDITOR, approver=APPROVER)
    scenario_uid = demo.scenarios[0].uid
    section = next(q.section for q in demo.questions if q.scenario == scenario_uid)
    clock.advance(3600)
    chart = bank.save(
        staff(AUTHOR),
        Question(
            uid="",
            section=section,
            stem={
                "ky": "Сүрөттөгү диаграммага ылайык, мектептеги окуучулардын саны 2022-жылдан "
                "2025-жылга чейин кандай өзгөргөн?",
                "ru": "Как, согласно диаграмме на рисунке, изменилось число учащихся школы "
                "с 2022 по 2025 год?",
            },
            options=options(
                ("Жыл сайын өскөн", "Ежегодно росло"),
                ("Жыл сайын азайган", "Ежегодно уменьшалось"),
                ("Өзгөргөн эмес", "Не менялось"),
                ("2024-жылы гана азайган", "Уменьшилось только в 2024 году"),
            ),
            correct=frozenset({"a"}),
            scenario=scenario_uid,
            source="Мектептин статистикалык отчёту, 2025",
            tags=("статистика", "пландоо"),
            images=(Image("okuuchular.png", "image/png", chart_png()),),
        ),
    )
    clock.advance(600)
    # Two versions waiting for review: one new question, one change of an approved one.
    waiting = bank.save(
        staff(AUTHOR),
        Question(
            uid="",
            section="pedagogy",
            stem={
                "ky": "Калыптандыруучу баалоонун негизги максаты эмнеде?",
                "ru": "В чём основная цель формирующего оценивания?",
            },
            options=options(
                ("Окуучуга окуу учурунда жардам берүү", "Помочь ученику в ходе обучения"),
                ("Жылдык бааны коюу", "Выставить годовую оценку"),
                ("Мугалимдерди салыштыруу", "Сравнить учителей"),
                ("Ата-энелерге отчёт берүү", "Отчитаться перед родителями"),
            ),
            correct=frozenset({"a"}),
            source="Окуучулардын жетишкендиктерин баалоо жобосу, 5-пункт",
            tags=("баалоо",),
        ),
    )
    bank.submit(staff(AUTHOR), waiting.version_id)
    clock.advance(900)
    law = next(r for r in bank.rows(READER) if r.section == "law")
    first = bank.latest(READER, law.uid).question
    reworded = replace(
        first,
        source=(first.source + "; 2026-жылдын редакциясы").strip("; "),
        tags=(*first.tags, "2026"),
    )
    changed = bank.save(staff(EDITOR), reworded)
    bank.submit(staff(EDITOR), changed.version_id)
    clock.advance(600)
    # A question with three versions for the history: reworded and re-keyed, then a new option.
    history_uid = next(r.uid for r in bank.rows(READER) if r.section == "pedagogy")
    v1 = bank.latest(READER, history_uid).question
    v2 = replace(
        v1,
        stem={
            "ky": v1.stem["ky"].replace("?", "? (жалпы билим берүүчү мектепте)"),
            "ru": v1.stem["ru"]
            .replace("является", "считается")
            .replace("?", "? (в общеобразовательной школе)"),
        },
        tags=(*v1.tags, "мектеп"),
    )
    second = bank.save(staff(AUTHOR), v2)
    bank.submit(staff(AUTHOR), second.version_id)
    clock.advance(3600)
    bank.return_for_rework(staff(APPROVER), second.version_id, "Орусча текстти кыскартыңыз")
    clock.advance(1800)
    bank.save(
        staff(AUTHOR),
        replace(
            v2,
            stem={
                **v2.stem,
                "ru": v2.stem["ru"].replace("(в общеобразовательной школе)", "(в школе)"),
            },
        ),
    )
    bank.submit(staff(AUTHOR), second.version_id)
    clock.advance(3600)
    bank.approve(staff(APPROVER), second.version_id, "Туура")
    clock.advance(86400)
    v3 = bank.latest(READER, history_uid).question
    bank.save(
        staff(EDITOR),
        replace(
            v3,
            options=(
                *v3.options[:3],
                replace(
                    v3.options[3],
                    text={
                        "ky": v3.options[3].text["ky"] + " жана анын натыйжаларын талдоо",
                        "ru": v3.options[3].text["ru"] + " и анализ его результатов",
                    },
                ),
            ),
        ),
    )
    return kiosk, {
        "chart": chart.uid,
        "waiting": waiting.uid,
        "changed": changed.uid,
        "history": history_uid,
    }


def admin_window(kiosk: Kiosk, actor: Actor, language: str, size: tuple[int, int]) -> AdminWindow:
    window = AdminWindow(
        kiosk.bank,
        actor,
        lambda lang: Translator(lang, strict=True),
        language,
        timezone=kiosk.settings.timezone,
    )
    window.resize(*size)
    window.show()
    return window


def shoot_language(
    language: str, kiosk: Kiosk, uids: dict[str, str], out_dir: Path, size: tuple[int, int]
) -> list[Path]:
    """Every picture in one interface language."""
    saved: list[Path] = []

    # The author at the editor.
    # She holds both bank roles: the two-person rule, not a role, must stop her own approval.
    window = admin_window(kiosk, staff(AUTHOR), language, size)
    shoot = Shooter(window, out_dir, language)
    editor = window.editor
    assert isinstance(editor, EditorPage)
    window.open_question(uids["chart"])
    editor.preview.set_language(language)
    editor.update_preview()
    shoot("editor-scenario-picture")
    editor.form_scroll.verticalScrollBar().setValue(
        editor.form_scroll.verticalScrollBar().maximum()
    )
    shoot("editor-options-pictures")
    editor.preview.enlarge.click()
    shoot("editor-preview-enlarged")
    editor.preview.enlarge.click()

    # A new question with a Russian text missing and a Latin letter in a Kyrgyz word.
    window.new_question("pedagogy")
    editor.stem["ky"].setPlainText("Сабакты талдоодо директор эмнеге көңүл бурушу керек?")
    texts = (
        ("Окуучулардын сабактагы ишмердүүлүгүнө", "На деятельность учащихся на уроке"),
        ("Мугалимдин кийимине", "На одежду учителя"),
        ("Класстын жасалгасына гана", "Только на оформление класса"),
    )
    for row, (ky, ru) in zip(editor.option_rows, texts, strict=False):
        row.texts["ky"].setPlainText(ky)
        row.texts["ru"].setPlainText(ru)
    editor.remove_option(editor.option_rows[3].key)
    editor.option_rows[0].correct.setChecked(True)
    editor.tags.setText("сабак, талдоо")
    editor.submit()  # saved as a draft; the Russian stem is missing
    editor.stem["ru"].setPlainText("На что директору следует обращать внимание при анализе урока?")
    editor.option_rows[1].texts["ky"].setPlainText("Мугалимдин кийимине жана мектеp формасына")
    editor.update_preview()
    editor.submit()  # refused: a Latin "p" in a Kyrgyz word
    shoot("editor-problem-latin-letter")
    window.new_question("pedagogy")
    editor.stem["ky"].setPlainText("Сабакты талдоодо директор эмнеге көңүл бурушу керек?")
    for row, (ky, _ru) in zip(editor.option_rows, texts, strict=False):
        row.texts["ky"].setPlainText(ky)
    editor.option_rows[0].correct.setChecked(True)
    editor.update_preview()
    editor.submit()
    editor.form_scroll.verticalScrollBar().setValue(0)
    shoot("editor-problem-missing-translation")

    # The author tries to approve the changed version they did not write... and their own.
    window.show_page("review")
    review = window.review
    assert isinstance(review, ReviewPage)
    own = next(i for i, r in enumerate(review.rows) if r.author == AUTHOR)
    review.select_row(own)
    review.approve()
    shoot("review-self-approval")
    saved += shoot.saved
    window.close()
    window.deleteLater()

    # The approver at the review queue.
    window = admin_window(kiosk, staff(APPROVER, Role.BANK_APPROVER), language, size)
    shoot = Shooter(window, out_dir, language)
    shoot.number = len(saved)
    window.show_page("review")
    review = window.review
    assert isinstance(review, ReviewPage)
    review.select_row(next(i for i, r in enumerate(review.rows) if r.uid == uids["waiting"]))
    review.preview.set_language(language)
    review.comment.setPlainText(
        "Орусча котормосу туура." if language == "ky" else "Перевод верный."
    )
    shoot("review-queue")

    # The history of a question with three versions.
    window.show_history(uids["history"])
    history = window.history
    assert isinstance(history, HistoryPage)
    shoot("history-latest-two")
    history.compare(1, 2)
    shoot("history-versions-1-2")
    saved += shoot.saved
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    return saved


def main(argv: list[str] | None = None) -> int:
    """Write the PNGs; print the count and folder last."""
    out_dir, (width, height) = start_admin_screens(__doc__, argv, "1366x768")
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-editor-screens-") as folder:
        for index, language in enumerate(("ky", "ru")):
            clock = FakeClock()
            kiosk, uids = prepare(Path(folder) / f"data-{index}", clock)
            try:
                saved += shoot_language(language, kiosk, uids, out_dir, (width, height))
            finally:
                kiosk.close()
    print(f"editor screens: png={len(saved)} dir={out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
