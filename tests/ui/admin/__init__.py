"""Tests of the admin window and its pages.

``admin_kiosk`` gives each test its own kiosk on SQLite with a small bank: the test bank approved
(law 8, pedagogy 6, it 6, three law questions sharing a scenario), plus questions by "aida": a
draft, a draft written in Kyrgyz only, and one submitted for review.  The database is built and
migrated once per run and copied for each test, so that a test starts in milliseconds.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from kiosk.app import Kiosk, build
from kiosk.clock import Clock, FakeClock
from kiosk.config import resolve_settings
from question_bank.model import Option, Question
from tests.helpers.actors import staff
from tests.helpers.banks import make_bank
from tests.helpers.keys import install_keys, open_keys

AUTHOR = "aida"
#: Someone who reads the bank in a test's checks (both bank roles, so never refused).
READER = staff("reader")
_template: list[Path] = []


def extra_question(section: str, ky: str, ru: str | None) -> Question:
    """A new question (no uid yet) with a Kyrgyz stem and, if given, a Russian one."""
    stem = {"ky": ky, **({"ru": ru} if ru else {})}
    return Question(
        uid="",
        section=section,
        stem=stem,
        options=tuple(
            Option(key, {"ky": f"Жооп {key}", **({"ru": f"Ответ {key}"} if ru else {})})
            for key in "abc"
        ),
        correct=frozenset({"a"}),
        source="Мектептин уставы",
        tags=("устав",),
    )


def _build_template() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="kiosk-admin-tests-"))
    atexit.register(shutil.rmtree, folder, True)
    data = folder / "data"
    kiosk = install_keys(build(resolve_settings(data_dir=str(data), environ={}), FakeClock()))
    try:
        bank = kiosk.bank
        bank.load_approved(make_bank(), author="author", approver="approver")
        bank.save(
            staff(AUTHOR),
            extra_question(
                "pedagogy",
                "Мектептин ӨНҮГҮҮ программасын ким иштеп чыгат?",
                "Кто разрабатывает программу развития школы?",
            ),
        )
        bank.save(staff(AUTHOR), extra_question("it", "Электрондук журнал эмне үчүн керек?", None))
        waiting = bank.save(
            staff(AUTHOR),
            replace(
                extra_question(
                    "law",
                    "Педагогикалык кеңеш кандай маселелерди чечет?",
                    "Какие вопросы решает педагогический совет?",
                ),
                tags=("кеңеш", "устав"),
            ),
        )
        bank.submit(staff(AUTHOR), waiting.version_id)
    finally:
        kiosk.close()
    return data


def admin_kiosk(data_dir: Path, clock: Clock | None = None) -> Kiosk:
    """A kiosk of its own on a copy of the prepared bank."""
    if not _template:
        _template.append(_build_template())
    shutil.copytree(_template[0], data_dir)
    settings = resolve_settings(data_dir=str(data_dir), station_id="admin", environ={})
    return open_keys(build(settings, clock or FakeClock(), upgrade=False))
