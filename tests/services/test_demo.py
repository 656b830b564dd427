"""``kiosk demo --prepare-only``: a whole demo sitting, prepared once, shown again unchanged."""

import re
from collections import Counter

from pypdf import PdfReader
from sqlalchemy import func, select

from kiosk.app import build
from kiosk.cli import main
from kiosk.config import resolve_settings
from kiosk.security.codes import normalize_code
from kiosk.services.demo import DEMO_OPERATOR, DEMO_PASSWORD
from kiosk.storage import models
from question_bank.demo import DEMO_BLUEPRINT, load_demo_bank

CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{3}\b")


def prepare(data_dir, capsys, database_url=None):
    argv = ["--data-dir", str(data_dir)]
    if database_url:
        argv += ["--db", database_url]
    assert main([*argv, "demo", "--prepare-only"]) == 0
    return capsys.readouterr().out


def test_demo_is_prepared_once_and_shows_the_same_codes_again(tmp_path, capsys, database_url):
    data_dir = tmp_path / "data"
    first = prepare(data_dir, capsys, database_url)
    codes = CODE.findall(first)
    assert len(codes) == 5
    for code in codes:
        normalize_code(code)
    second = prepare(data_dir, capsys, database_url)
    assert CODE.findall(second) == codes
    assert "already prepared" in second

    kiosk = build(resolve_settings(data_dir=str(data_dir), database_url=database_url, environ={}))
    try:
        kiosk.accounts.sign_in(DEMO_OPERATOR, DEMO_PASSWORD)  # opens the station
        with kiosk.sessions() as session:
            assert session.scalar(select(func.count()).select_from(models.Competition)) == 1
            assert session.scalar(select(func.count()).select_from(models.ExamSession)) == 1
            assert session.scalar(select(func.count()).select_from(models.Registration)) == 5
            approved = session.scalar(
                select(func.count())
                .select_from(models.QuestionVersion)
                .where(models.QuestionVersion.status == "approved")
            )
            assert approved >= 80
        # A demo candidate can log in and gets an 80-question form by the demo blueprint.
        attempts = kiosk.attempts
        view = attempts.start(attempts.login(codes[0]).briefing.registration_id, "ky")
        assert len(view.items) == DEMO_BLUEPRINT.total == 80
    finally:
        kiosk.close()

    slips = PdfReader(data_dir / "archive" / "demo-code-slips.pdf")
    text = "".join(page.extract_text() for page in slips.pages)
    for code in codes:
        assert code in text


def test_the_demo_bank_covers_the_content_areas_in_both_languages():
    bank = load_demo_bank()
    per_section = Counter(question.section for question in bank.questions)
    for section, needed in DEMO_BLUEPRINT.sections:
        assert per_section[section] >= needed, section
    for question in bank.questions:
        assert question.stem["ky"] and question.stem["ru"], question.uid
        assert len(question.correct) == 1 and question.correct <= {o.key for o in question.options}
        for option in question.options:
            assert option.text["ky"] and option.text["ru"], question.uid
    scenario_use = Counter(q.scenario for q in bank.questions if q.scenario)
    assert scenario_use and all(count >= 2 for count in scenario_use.values())
