"""The verification page of admin mode, on a fake verifier: each verdict in words, symbol and
colour with the details to compare, the code typed or the file opened, refusals said, and every
text in Kyrgyz and Russian."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.domain.roles import NotPermitted, Permission, Role
from kiosk.services.verification_views import (
    REASON_TEXTS,
    VERDICT_WORDS,
    DocumentFacts,
    Reason,
    Verdict,
    Verification,
)
from kiosk.ui.admin.verify import VERDICT_SYMBOLS, VerifyPage
from kiosk.ui.admin.window import AdminWindow
from tests.helpers.actors import ADMIN, OBSERVER, staff
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)
BISHKEK = ZoneInfo("Asia/Bishkek")
FACTS = DocumentFacts(
    number="2026-0001-01-00003",
    kind="testing_protocol",
    issued_at=datetime(2026, 11, 23, 5, 32, tzinfo=UTC),
    candidate_name="Үсөнбаева Гүлнара Өмүрбековна",
    score=52,
    max_score=80,
    threshold=48,
    meets=True,
    version=1,
    code="7K3M-9QXT-2RHA-M4PZ",
)
RESULTS = {
    Verdict.GENUINE: Verification(Verdict.GENUINE, Reason.FILE_MATCHES, FACTS),
    Verdict.SUPERSEDED: Verification(
        Verdict.SUPERSEDED,
        Reason.CODE_MATCHES,
        FACTS,
        superseded_by="2026-0001-01-00003-v2",
    ),
    Verdict.ALTERED: Verification(Verdict.ALTERED, Reason.FILE_DIFFERS, FACTS),
    Verdict.UNKNOWN: Verification(Verdict.UNKNOWN, Reason.CODE_NOT_FOUND),
}


class FakeVerifier:
    """Answers what it is told to, and remembers what it was asked."""

    def __init__(self, answer: Verification | Exception) -> None:
        self.answer = answer
        self.asked: list[tuple[str, object]] = []

    def _reply(self) -> Verification:
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer

    def verify_file(self, actor, data: bytes) -> Verification:
        self.asked.append(("file", data))
        return self._reply()

    def verify_code(self, actor, code: str) -> Verification:
        self.asked.append(("code", code))
        return self._reply()


def make_page(qtbot, answer, language: str = "ky", choose_file=None) -> VerifyPage:
    page = VerifyPage(
        FakeVerifier(answer),
        ADMIN,
        Translator(language, strict=True),
        BISHKEK,
        choose_file=choose_file or (lambda *_args: None),
    )
    qtbot.addWidget(page)
    page.resize(1180, 718)
    page.show()
    return page


@pytest.mark.parametrize("verdict", list(Verdict))
@pytest.mark.parametrize(("language", "tr"), [("ky", KY), ("ru", RU)])
def test_each_verdict_is_said_in_words_with_its_symbol_and_colour(qtbot, verdict, language, tr):
    page = make_page(qtbot, RESULTS[verdict], language)
    page.code.setText("7k3m 9qxt 2rha m4pz")
    page.check_button.click()
    assert page._verifier.asked == [("code", "7k3m 9qxt 2rha m4pz")]
    assert page.panel.isVisible()
    assert page.verdict_text == tr(VERDICT_WORDS[verdict])
    assert page.symbol.text() == VERDICT_SYMBOLS[verdict]
    assert page.panel.property("verdict") == verdict.value
    assert page.reason.text() == tr(REASON_TEXTS[RESULTS[verdict].reason])
    assert tr(VERDICT_WORDS[verdict]) in page.panel.accessibleName()


def test_the_details_to_compare_are_shown_in_the_interface_language(qtbot):
    page = make_page(qtbot, RESULTS[Verdict.GENUINE])
    page.code.setText("X")
    page.code.returnPressed.emit()
    details = page.detail_texts()
    assert details[KY("Candidate")] == FACTS.candidate_name
    assert details[KY("Score")] == KY("{score} of {max}").format(score=52, max=80)
    assert details[KY("Threshold score")] == "48"
    assert details[KY("Result")] == KY("The score meets the qualification requirements")
    assert details[KY("Issued")] == "23.11.2026 11:32"  # Bishkek time
    assert details[KY("Verification code")] == FACTS.code
    assert FACTS.number in details[KY("Document")]
    page.set_translator(RU)
    details = page.detail_texts()
    assert details[RU("Document")] == f"Протокол тестирования № {FACTS.number}"
    assert page.verdict_text == RU("Genuine")


def test_a_superseded_document_names_the_version_that_replaces_it(qtbot):
    page = make_page(qtbot, RESULTS[Verdict.SUPERSEDED], "ru")
    page.code.setText("X")
    page.check_button.click()
    assert page.replaced.isVisible()
    assert page.replaced.text() == RU(
        "It is replaced by No. {number}; ask for that version."
    ).format(number="2026-0001-01-00003-v2")


def test_an_unknown_code_shows_no_details(qtbot):
    page = make_page(qtbot, RESULTS[Verdict.UNKNOWN])
    page.code.setText("X")
    page.check_button.click()
    assert page.detail_texts() == {} and not page.compare.isVisible()


def test_an_opened_file_is_read_and_checked(qtbot, tmp_path):
    pdf = tmp_path / "protocol.pdf"
    pdf.write_bytes(b"%PDF-1.4 bytes")
    asked = []

    def choose(parent, caption, name_filter):
        asked.append((caption, name_filter))
        return pdf

    page = make_page(qtbot, RESULTS[Verdict.ALTERED], choose_file=choose)
    page.open_button.click()
    assert asked == [
        (KY("Open the protocol to verify"), KY("PDF documents (*.pdf);;All files (*)"))
    ]
    assert page._verifier.asked == [("file", b"%PDF-1.4 bytes")]
    assert page.verdict_text == KY("Altered")
    assert page.what.text() == KY("Checked: the file {name}").format(name="protocol.pdf")


def test_a_cancelled_dialog_checks_nothing_and_an_unreadable_file_is_said(qtbot, tmp_path):
    page = make_page(qtbot, RESULTS[Verdict.GENUINE])
    page.open_button.click()
    assert page._verifier.asked == [] and not page.panel.isVisible()
    page.check_file(tmp_path / "missing.pdf")
    assert page.error_text == KY("The file {name} cannot be read.").format(name="missing.pdf")
    assert page._verifier.asked == []


def test_an_empty_code_and_a_refused_role_are_said_and_clear_an_earlier_verdict(qtbot):
    page = make_page(qtbot, RESULTS[Verdict.GENUINE])
    page.code.setText("X")
    page.check_button.click()
    assert page.panel.isVisible()
    page.code.setText("   ")
    page.check_button.click()
    assert page.error_text == KY("Type the verification code first.")
    assert not page.panel.isVisible()
    page._verifier.answer = NotPermitted("aida", Permission.VIEW_RESULTS)
    page.code.setText("X")
    page.check_button.click()
    assert page.error_text == KY("Your account's roles do not allow this.")
    assert not page.panel.isVisible()


def test_the_admin_window_offers_the_page_to_roles_that_read_results(qtbot, tmp_path):
    from tests.ui.admin import admin_kiosk

    kiosk = admin_kiosk(tmp_path / "data")
    try:
        verifier = FakeVerifier(RESULTS[Verdict.GENUINE])
        window = AdminWindow(kiosk.bank, OBSERVER, lambda lang: Translator(lang, strict=True),
                             verifier=verifier)  # fmt: skip
        qtbot.addWidget(window)
        assert "verify" in window.nav_buttons
        assert window.nav_buttons["verify"].text() == KY("Verify a document")
        window.nav_buttons["verify"].click()
        assert isinstance(window.stack.currentWidget(), VerifyPage)
        window.set_language("ru")
        assert window.pages["verify"].title.text() == RU("Verify a document")
        editor = AdminWindow(kiosk.bank, staff("aida", Role.BANK_EDITOR), Translator,
                             verifier=verifier)  # fmt: skip
        qtbot.addWidget(editor)
        assert "verify" not in editor.nav_buttons
    finally:
        kiosk.close()
