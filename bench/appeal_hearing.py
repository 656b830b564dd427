"""A technical appeal on the real services, from the test to the signed protocols, in Kyrgyz and
Russian.

    python bench/appeal_hearing.py OUT_DIR [--size 1366x768]

A SQLite kiosk (``tests/helpers/competition.py``); for each language a candidate takes the test
at a station: changes an answer, flags a question, reports a missing picture with the test
screen's button, the station dies and is resumed after the proctor's decision, and the test is
submitted.  Within the hour the operator files the appeal, the administrator composes the
commission, the chair records the hearing (one member declares a conflict), and the review
screen (the real ``AppealService``) is shot.  The commission records its findings on the screen
and decides; the appeal protocol and the superseding testing protocol are copied to OUT_DIR and
rendered with ``pdftoppm`` when it is installed.

Last line: ``appeal hearing: png=<count> pdf=<count> dir=<OUT_DIR>``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtWidgets import QApplication
from shooter import Shooter
from sqlalchemy import select

from kiosk.clock import FakeClock
from kiosk.domain.roles import Actor, Role
from kiosk.services.appeal_views import Attendance, ProblemKind
from kiosk.services.demo import SETUP
from kiosk.storage import models
from kiosk.ui.admin.appeal_review import FAULT, NO_FAULT, AppealReviewScreen, Filter
from kiosk.ui.admin.style import ADMIN_PT
from kiosk.ui.fonts import use_bundled_font
from tests.helpers.competition import World, make_world
from translations import Translator

OPERATOR = Actor("operator", frozenset({Role.OPERATOR}))
ADMIN = Actor("admin", frozenset({Role.ADMINISTRATOR}))
CHAIR = Actor("chair", frozenset({Role.COMMISSION}))
COMMISSION = (
    ("chair", "Абдыраева Гүлмира Токтосуновна"),
    ("member1", "Мамытов Бакыт Эсенович"),
    ("member2", "Сыдыкова Айнура Кубанычбековна"),
)
WORDS = {
    "ky": {
        "candidate": "Өмүрбекова Айзада Нурлановна",
        "statement": "3-суроодо Б жообун тандагам, бирок компьютер кайра күйгөндөн кийин В "
        "көрүндү. 2-суроонун сүрөтү ачылган жок.",
        "conflict": "талапкердин жакын тууганы",
        "fault": "Станция 3-суроодо өчүп калган; журналда Б тандалганы жазылган.",
        "picture": "Сүрөт станцияга жүктөлгөн эмес, талапкер кабарлаган.",
        "clean": "Жооп талапкер тарабынан тандалган, техникалык ката жок.",
        "summary": "2 жана 3-суроолордо техникалык ката тастыкталды.",
    },
    "ru": {
        "candidate": "Петрова Ольга Николаевна",
        "statement": "В вопросе 3 я выбрала ответ Б, а после перезапуска компьютера на экране "
        "был ответ В. Рисунок к вопросу 2 не открылся.",
        "conflict": "близкий родственник кандидата",
        "fault": "Станция отключилась на вопросе 3; в журнале записан выбор Б.",
        "picture": "Рисунок не был загружен на станцию, кандидат сообщил об этом.",
        "clean": "Ответ выбран кандидатом, технической ошибки нет.",
        "summary": "Техническая ошибка подтверждена по вопросам 2 и 3.",
    },
}


def sit_with_trouble(world: World, name: str) -> int:
    """The candidate's test: a changed answer, a flag, a reported problem, a crash and resume."""
    (code,) = world.seat(world.add(name))
    attempt_id = world.sit(code, right=5, submit=False)
    stations = world.kiosk.attempts
    item = stations.view(attempt_id).items[2]
    keys = world.keys(attempt_id)
    wrong = [o.key for o in item.options if o.key not in keys[2]]
    world.clock.advance(40)
    stations.select_option(attempt_id, 2, sorted(keys[2])[0])
    world.clock.advance(25)
    stations.select_option(attempt_id, 2, wrong[0])
    stations.set_flag(attempt_id, 4, True)
    stations.report_problem(attempt_id, 1, ProblemKind.PICTURE_MISSING, "")
    world.clock.advance(190)
    with world.kiosk.sessions() as session:
        registration_id = session.get(models.Attempt, attempt_id).registration_id
    world.kiosk.proctor.resume_station(SETUP, registration_id, 180, "электр өчтү / отключение")
    stations.start(registration_id, "ky")
    world.clock.advance(300)
    stations.submit(attempt_id)
    return attempt_id


def hearing(world: World, attempt_id: int, words: dict[str, str]) -> int:
    """Filed, composed, heard: the appeal's id."""
    appeals = world.kiosk.appeals
    world.clock.advance(35 * 60)
    appeal = appeals.file_appeal(OPERATOR, attempt_id, words["statement"])
    with world.kiosk.sessions() as session:
        ids = {
            login: account_id
            for login, account_id in session.execute(
                select(models.Account.login, models.Account.id)
            )
        }
    appeals.compose_commission(
        ADMIN,
        chair=ids["chair"],
        members=[ids["member1"], ids["member2"]],
        basis="Буйрук №47, 10.11.2026",
        appeal_id=appeal.appeal_id,
    )
    appeals.open_hearing(
        CHAIR,
        appeal.appeal_id,
        [
            Attendance(ids["chair"], True),
            Attendance(ids["member1"], True),
            Attendance(ids["member2"], True, words["conflict"]),
        ],
    )
    return appeal.appeal_id


def scenes(world: World, language: str, size: tuple[int, int], out_dir: Path) -> list[Path]:
    words = WORDS[language]
    attempt_id = sit_with_trouble(world, words["candidate"])
    appeal_id = hearing(world, attempt_id, words)
    appeals = world.kiosk.appeals
    screen = AppealReviewScreen(
        appeals,
        CHAIR,
        appeals.review(CHAIR, appeal_id),
        Translator(language, strict=True),
        world.kiosk.settings.timezone,
    )
    screen.resize(*size)
    screen.show()
    shoot = Shooter(screen, out_dir, f"hearing-{language}")
    screen.show_question(2)
    shoot("changed-answer-with-timeline")
    screen.question_area.ensureWidgetVisible(screen.events, 0, 0)
    shoot("attempt-events-crash-and-resume")
    screen.question_area.verticalScrollBar().setValue(0)
    screen.show_question(1)
    shoot("question-with-reported-problem")
    screen.choose_state(FAULT)
    screen.finding_text.setPlainText(words["picture"])
    screen.show_question(2)
    screen.choose_state(FAULT)
    screen.finding_text.setPlainText(words["fault"])
    with world.kiosk.sessions() as session:
        item = session.get(models.AttemptItem, (attempt_id, 2))
        key = sorted(world.keys(attempt_id)[2])[0]
        screen.established_boxes[list(item.option_order).index(key)].click()
    screen.set_filter(Filter.FLAGGED)
    screen.show_question(4)
    screen.choose_state(NO_FAULT)
    screen.finding_text.setPlainText(words["clean"])
    screen.summary.setPlainText(words["summary"])
    shoot("findings-recomputed-score")
    screen.decide_button.click()
    shoot("confirm-decision")
    screen.confirm.ok.click()
    screen.findings_area.ensureWidgetVisible(screen.decided_box, 0, 40)
    shoot("decided")
    screen.deleteLater()
    QApplication.processEvents()
    decided = appeals.appeal(CHAIR, appeal_id)
    shutil.copy(
        appeals.appeal_protocol(CHAIR, appeal_id), out_dir / f"appeal-protocol-{language}.pdf"
    )
    _number, path = world.kiosk.protocols.issue(attempt_id)
    shutil.copy(path, out_dir / f"testing-protocol-reissued-{language}.pdf")
    print(
        f"{language}: {decided.number} {decided.status.value} {decided.old_score} → "
        f"{decided.new_score}; new protocol {decided.new_protocol}"
    )
    return shoot.saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", default="1366x768")
    args = parser.parse_args(argv)
    out_dir: Path = args.out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    size = tuple(int(part) for part in args.size.lower().split("x"))
    app = QApplication.instance() or QApplication([])
    use_bundled_font(app, ADMIN_PT)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        world = make_world(f"sqlite:///{folder}/kiosk.db", Path(folder) / "data", FakeClock())
        try:
            for login, name in COMMISSION:
                world.kiosk.accounts.create_account(
                    SETUP, login, name, frozenset({Role.COMMISSION}), "commission-2026"
                )
            for language in ("ky", "ru"):
                saved += scenes(world, language, size, out_dir)  # type: ignore[arg-type]
        finally:
            world.kiosk.close()
    pdfs = sorted(out_dir.glob("*.pdf"))
    if shutil.which("pdftoppm"):
        for pdf in pdfs:
            subprocess.run(
                ["pdftoppm", "-png", "-r", "70", str(pdf), str(pdf.with_suffix(""))], check=True
            )
    print(f"appeal hearing: png={len(saved)} pdf={len(pdfs)} dir={out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
