"""A PNG of every page of the admin window, in Kyrgyz and in Russian, so that anyone can look.

    python bench/admin_screens.py OUT_DIR [--size 1366x768]

Builds a kiosk on a temporary data folder with the demo bank approved, a few drafts and questions
waiting for review written through the bank service, then drives the real admin window
offscreen: the bank browser (all, filtered, the retire dialog), the review queue, the sections
(and an error in the add dialog), import (a dry run, a file with problems), export, the blueprint
check (short, then ready with a sample form) and, when their modules exist, the editor and the
history.  Saves ``ky-01-bank.png`` … ``ru-NN-….png``.

Last line: ``admin screens: png=<count> dir=<OUT_DIR>``.
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

from PySide6.QtWidgets import QApplication
from shooter import Shooter, start_admin_screens

from kiosk.app import Kiosk, build
from kiosk.clock import FakeClock
from kiosk.config import resolve_settings
from kiosk.domain.roles import Actor, Role
from kiosk.services.bank_filter import BankFilter
from kiosk.ui.admin.exchange import available_formats
from kiosk.ui.admin.window import AdminWindow
from question_bank.demo import DEMO_BLUEPRINT, load_demo_bank
from question_bank.formats import format_module
from question_bank.lifecycle import Status
from question_bank.model import Bank, Blueprint, Option, Question, Section
from tests.helpers.keys import ready_keys
from translations import Translator

AUTHOR = "Токтосунова Нургүл"
APPROVER = "Садыков Эркин"
EDITORS = ("Абдыкадырова Айгүл", "Ким Елена")
#: The window's user holds both bank roles, so that every page shows all it offers.
USER = "Жээнбеков Нурлан"


def staff(name: str, *roles: Role) -> Actor:
    """A signed-in staff member for the bench (both bank roles unless ``roles`` are given)."""
    return Actor(name, frozenset(roles or (Role.BANK_EDITOR, Role.BANK_APPROVER)))


#: Who reads the bank while the bench prepares it.
READER = staff("bench")


def question(section: str, ky: str, ru: str, options: list[tuple[str, str]], key: str, **more):
    """A new question (the bank gives it a uid) with Kyrgyz and Russian texts."""
    return Question(
        uid="",
        section=section,
        stem={"ky": ky, "ru": ru},
        options=tuple(
            Option(letter, {"ky": o_ky, "ru": o_ru})
            for letter, (o_ky, o_ru) in zip("abcd", options, strict=False)
        ),
        correct=frozenset({key}),
        **more,
    )


NEW_QUESTIONS = (
    question(
        "management",
        "Мектептин өнүгүү программасы адатта канча жылга түзүлөт?",
        "На сколько лет обычно составляется программа развития школы?",
        [("1 жылга", "На 1 год"), ("3–5 жылга", "На 3–5 лет"), ("10 жылга", "На 10 лет")],
        "b",
        source="Мектептин уставы, 12-пункт",
        tags=("өнүгүү", "пландоо"),
    ),
    question(
        "pedagogy",
        "Окуучулардын окуу жетишкендиктерин баалоонун калыптандыруучу түрү эмнеге багытталган?",
        "На что направлено формирующее оценивание учебных достижений учащихся?",
        [
            ("Окуучуга окуу учурунда жардам берүүгө", "На помощь ученику в ходе обучения"),
            ("Жылдык бааны коюуга", "На выставление годовой оценки"),
            ("Мугалимдерди салыштырууга", "На сравнение учителей"),
        ],
        "a",
        tags=("баалоо",),
    ),
    question(
        "law",
        "Педагогикалык кеңештин чечими кайсы учурда күчүнө кирет?",
        "В каком случае решение педагогического совета вступает в силу?",
        [
            ("Директордун буйругу менен бекитилгенде", "После утверждения приказом директора"),
            ("Кеңеш аяктаары менен", "Сразу после окончания совета"),
            ("Райондук билим берүү бөлүмү макулдашканда", "После согласования с районо"),
        ],
        "a",
        source="«Билим берүү жөнүндө» Мыйзам, 32-берене",
        tags=("кеңеш",),
    ),
    question(
        "it",
        "Электрондук журналдагы бааларды ким оңдой алат?",
        "Кто может исправлять оценки в электронном журнале?",
        [
            ("Сабакты өткөн мугалим гана", "Только учитель, ведущий предмет"),
            ("Каалаган окуучу", "Любой ученик"),
            ("Ата-энелер", "Родители"),
        ],
        "a",
        tags=("санарип",),
    ),
)


def prepare(data_dir: Path, clock: FakeClock) -> Kiosk:
    """A kiosk with the demo bank approved, drafts in progress and questions under review."""
    kiosk = ready_keys(
        build(resolve_settings(data_dir=str(data_dir), station_id="admin", environ={}), clock)
    )
    bank = kiosk.bank
    bank.load_approved(load_demo_bank(), author=AUTHOR, approver=APPROVER)
    for index, new in enumerate(NEW_QUESTIONS):
        clock.advance(3 * 3600)
        draft = bank.save(staff(EDITORS[index % 2]), new)
        if index % 2 == 0:  # every other one goes to review
            bank.submit(staff(EDITORS[index % 2]), draft.version_id)
    # A draft still missing its Russian text, and a new version of an approved question.
    clock.advance(86400)
    only_ky = NEW_QUESTIONS[1]
    bank.save(
        staff(EDITORS[0]),
        replace(
            only_ky,
            stem={"ky": "Инклюзивдүү билим берүүнүн негизги принциби эмне?"},
            options=tuple(Option(o.key, {"ky": o.text["ky"]}) for o in only_ky.options),
        ),
    )
    approved = bank.latest(READER, "LAW-001")
    bank.save(
        staff(EDITORS[1]),
        replace(
            approved.question,
            stem={k: v + " (2025-жылдагы редакция)" for k, v in approved.question.stem.items()},
        ),
        approved.scenario,
    )
    return kiosk


def import_files(folder: Path, kiosk: Kiosk) -> tuple[Path, Path]:
    """A Moodle file the bank would take (new, changed and known questions) and a broken one."""
    demo = load_demo_bank()
    known = kiosk.bank.latest(READER, "PED-002").question
    changed = kiosk.bank.latest(READER, "PED-003").question
    changed = replace(changed, stem={k: v + "?" for k, v in changed.stem.items()})
    ethics = Section("ethics", {"ky": "Кесиптик этика", "ru": "Профессиональная этика"})
    new = [
        question(
            "ethics",
            "Мугалим окуучунун жеке маалыматын кимге бере алат?",
            "Кому учитель может передать персональные данные ученика?",
            [
                ("Мыйзамда каралган учурларда гана", "Только в случаях, предусмотренных законом"),
                ("Каалаган адамга", "Любому лицу"),
                ("Башка окуучуларга", "Другим ученикам"),
            ],
            "a",
        ),
        question(
            "ethics",
            "Кызыкчылыктар кагылышы болгондо директор эмне кылышы керек?",
            "Что должен сделать директор при конфликте интересов?",
            [
                ("Жазуу жүзүндө билдирип, чечимге катышпоо", "Сообщить письменно и не участвовать"),
                ("Эч нерсе кылбоо", "Ничего не делать"),
                ("Чечимди өзү кабыл алуу", "Принять решение самому"),
            ],
            "a",
        ),
    ]
    sections = (*(s for s in demo.sections if s.code == "pedagogy"), ethics)
    good = folder / "bank-2026-kuz.xml"
    good.write_bytes(
        format_module("moodle").write(Bank(sections, (), (changed, known, *new)), "ky")
    )
    broken_questions = (
        replace(new[0], correct=frozenset({"a", "b"})),
        replace(
            new[1],
            options=(new[1].options[0], replace(new[1].options[1], text=new[1].options[0].text)),
        ),
    )
    broken = folder / "mugalimder-jazgan.xml"
    broken.write_bytes(format_module("moodle").write(Bank((ethics,), (), broken_questions), "ky"))
    return good, broken


def shoot_language(
    language: str, kiosk: Kiosk, out_dir: Path, size: tuple[int, int], folder: Path
) -> list[Path]:
    """Every page in one interface language."""
    good, broken = import_files(folder, kiosk)
    chosen: list[Path | None] = []
    saved_to = folder / f"export-{language}"
    saved_to.mkdir(exist_ok=True)
    window = AdminWindow(
        kiosk.bank,
        staff(USER),
        lambda lang: Translator(lang, strict=True),
        language,
        choose_file=lambda *_args: chosen.pop(0) if chosen else None,
        choose_save_path=lambda _parent, _caption, name, _filter: saved_to / name,
        timezone=kiosk.settings.timezone,
    )
    window.resize(*size)
    window.show()
    shoot = Shooter(window, out_dir, language)

    browser = window.browser
    shoot("bank")
    browser.set_filter(BankFilter(status=Status.DRAFT))
    browser.select_uid(browser.proxy.record(0).uid)
    shoot("bank-drafts")
    browser.set_filter(BankFilter(text="ӨНҮГҮҮ"))
    shoot("bank-search")
    browser.reset_filters()
    browser.select_uid("IT-004")
    browser.ask_retire()
    browser.retire_comment.setPlainText(
        "Программа эскирди / Программа устарела" if language == "ru" else "Программа эскирди"
    )
    shoot("bank-retire-dialog")
    browser.retire_dialog.ok.click()
    shoot("bank-retired")

    window.show_page("review")
    shoot("review-queue")

    window.show_page("sections")
    window.sections.select("pedagogy")
    shoot("sections")
    window.sections.ask_add()
    window.sections.code_field.setText("LAW")
    window.sections.title_fields["ky"].setText("Мыйзамдар")
    window.sections.dialog.ok.click()
    shoot("sections-add-error")
    window.sections.dialog.cancel.click()

    window.show_page("exchange")
    exchange = window.exchange
    shoot("import-empty")
    chosen.append(good)
    exchange.import_panel.choose_button.click()
    shoot("import-dry-run")
    chosen.append(broken)
    exchange.import_panel.choose_button.click()
    shoot("import-problems")
    exchange.tabs.setCurrentIndex(1)
    panel = exchange.export_panel
    if "xlsx" in available_formats():
        panel.format_combo.setCurrentIndex(available_formats().index("xlsx"))
    panel.export_button.click()
    shoot("export")

    window.show_page("blueprint")
    blueprint = window.blueprint
    short = dict(DEMO_BLUEPRINT.sections)
    short["pedagogy"] = 24
    short["it"] = 16
    blueprint.set_blueprint(Blueprint(tuple(short.items())))
    blueprint.check_button.click()
    shoot("blueprint-short")
    blueprint.set_blueprint(DEMO_BLUEPRINT)
    blueprint.check_button.click()
    blueprint.sample_button.click()
    shoot("blueprint-sample")

    if window.editor is not None:
        window.open_question("LAW-001")
        shoot("editor")
    if window.history is not None:
        window.show_history("LAW-001")
        shoot("history")
    window.deleteLater()
    QApplication.processEvents()
    return shoot.saved


def main(argv: list[str] | None = None) -> int:
    """Write the PNGs; print the count and folder last."""
    out_dir, (width, height) = start_admin_screens(__doc__, argv, "1366x768")
    saved: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-admin-screens-") as folder:
        for language in ("ky", "ru"):
            work = Path(folder) / language
            work.mkdir()
            kiosk = prepare(work / "data", FakeClock())
            try:
                saved += shoot_language(language, kiosk, out_dir, (width, height), work)
            finally:
                kiosk.close()
    print(f"admin screens: png={len(saved)} dir={out_dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
