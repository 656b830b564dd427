"""The verification page of admin mode: is this protocol genuine?

Someone brings a protocol (on paper, or as a PDF).  The staff member types the verification
code printed beside its QR code, or opens the file (admin mode may open file dialogs; the
candidate's screens never do), and the page answers in large words with a symbol and a colour,
never colour alone: genuine, superseded by a later version (naming it), altered, or unknown,
with why in a sentence and, for a document issued here, what the database says of it: the number
and kind, the candidate, the score against the threshold, the appeal's decision and the issue
date, to compare with the paper line by line.

The page only calls its :class:`Verifier` port (``kiosk.services.verification.
VerificationService``), in the signed-in actor's name; reading the candidate's name and score
needs ``Permission.VIEW_RESULTS``, and a refusal is shown, not raised.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.domain.roles import Actor, NotPermitted
from kiosk.domain.scoring import STATEMENT_DOES_NOT_MEET, STATEMENT_MEETS
from kiosk.services.verification_views import (
    KIND_NAMES,
    REASON_TEXTS,
    REPLACED_BY,
    VERDICT_WORDS,
    DocumentFacts,
    Verdict,
    Verification,
)
from kiosk.ui.admin.appeals import day_time
from kiosk.ui.admin.browser import not_permitted_message
from kiosk.ui.admin.exchange import ChooseFile, dialog_choose_file
from kiosk.ui.admin.page_parts import Message, MessagePage, content_column
from kiosk.ui.theme import NORMAL, Theme, set_state
from kiosk.ui.widgets import button, frame, label, set_text
from translations import N_, Translator

#: The largest file the page reads: protocols are a few hundred kilobytes.
MAX_FILE_BYTES = 64 * 1024 * 1024

#: The symbol shown with each verdict (with its words and colour, never alone).
VERDICT_SYMBOLS: Mapping[Verdict, str] = {
    Verdict.GENUINE: "✔",
    Verdict.SUPERSEDED: "⚠",
    Verdict.ALTERED: "✖",
    Verdict.UNKNOWN: "?",
}

TITLE = N_("Verify a document")
INTRO = N_(
    "Type the verification code printed beside the protocol's QR code, or open the protocol's "
    "PDF file. The answer comes from this installation's archive register and signature."
)
CODE_CAPTION = N_("Verification code")
CODE_PLACEHOLDER = "XXXX-XXXX-XXXX-XXXX"
CHECK_CODE = N_("Check the code")
OPEN_FILE = N_("Open a PDF file…")
FILE_DIALOG = N_("Open the protocol to verify")
FILE_FILTER = N_("PDF documents (*.pdf);;All files (*)")
NO_CODE = N_("Type the verification code first.")
UNREADABLE = N_("The file {name} cannot be read.")
TOO_LARGE = N_("The file {name} is too large to be a protocol.")
CHECKED_FILE = N_("Checked: the file {name}")
CHECKED_CODE = N_("Checked: the code {code}")
CLAIMS = N_("The file claims to be No. {number}.")
COMPARE = N_("What the archive says: compare with the paper")
ROW_DOCUMENT = N_("Document")
ROW_CANDIDATE = N_("Candidate")
ROW_SCORE = N_("Score")
ROW_THRESHOLD = N_("Threshold score")
ROW_RESULT = N_("Result")
ROW_DECISION = N_("Appeal decision")
ROW_ISSUED = N_("Issued")
ROW_CODE = CODE_CAPTION
DOCUMENT = N_("{kind} No. {number}")
VERSION = N_("{document}, version {version}")
SCORE = N_("{score} of {max}")
SCORE_BEFORE = N_("{score} of {max} (before the appeal: {before})")
DECISIONS: Mapping[str, str] = {
    "satisfied": N_("The appeal is satisfied"),
    "rejected": N_("The appeal is rejected"),
}


class Verifier(Protocol):
    """Checks documents (``VerificationService``); every call names the signed-in actor."""

    def verify_file(self, actor: Actor, data: bytes) -> Verification:
        """What a file is: genuine, superseded, altered or unknown."""
        ...

    def verify_code(self, actor: Actor, code: str) -> Verification:
        """What the document with this printed code is."""
        ...


@dataclass(frozen=True)
class Checked:
    """What was checked: a file (its name) or a typed code."""

    file_name: str | None = None
    code: str | None = None


class VerifyPage(MessagePage):
    """A code field and an "Open a PDF file…" button above the verdict and the details."""

    def __init__(
        self,
        verifier: Verifier,
        actor: Actor,
        translator: Translator,
        timezone: tzinfo | None = None,
        *,
        choose_file: ChooseFile = dialog_choose_file,
        theme: Theme = NORMAL,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(translator, parent, name="verify")
        self.setObjectName("verifyPage")
        self._verifier = verifier
        self._actor = actor
        self._timezone = timezone
        self._choose_file = choose_file
        self.result: Verification | None = None
        self.checked: Checked | None = None

        self.title = label("pageTitle", wrap=False, name="verifyTitle")
        self.intro = label("muted", name="verifyIntro")
        self.code_caption = label("fieldCaption", wrap=False, name="verifyCodeCaption")
        self.code = QLineEdit(objectName="verifyCode")
        self.code.setPlaceholderText(CODE_PLACEHOLDER)
        self.code.setMaxLength(60)
        self.code.setMinimumWidth(self.code.fontMetrics().horizontalAdvance("M") * 20)
        self.code_caption.setBuddy(self.code)
        self.check_button = button("primary", name="verifyCheckCode")
        self.open_button = button(name="verifyOpenFile")
        self.code.returnPressed.connect(self.check_code)
        self.check_button.clicked.connect(self.check_code)
        self.open_button.clicked.connect(self.open_file)

        self.panel = frame("verdict")
        self.panel.setObjectName("verifyResult")
        self.symbol = label(wrap=False, name="verifySymbol")
        self.verdict = label(name="verifyVerdict")
        self.reason = label(name="verifyReason")
        self.replaced = label(name="verifyReplaced")
        self.what = label("muted", name="verifyChecked")
        self.compare = label("heading", name="verifyCompare")
        self.details = QGridLayout()
        self.details.setHorizontalSpacing(18)
        self.details.setVerticalSpacing(6)
        self.detail_labels: list[tuple[QLabel, QLabel]] = []
        self._detail_pool: list[tuple[QLabel, QLabel]] = []
        words = QHBoxLayout()
        words.setSpacing(16)
        words.addWidget(self.symbol)
        words.addWidget(self.verdict, 1)
        inside = QVBoxLayout(self.panel)
        inside.setContentsMargins(24, 18, 24, 18)
        inside.setSpacing(8)
        inside.addLayout(words)
        for widget in (self.reason, self.replaced, self.what, self.compare):
            inside.addWidget(widget)
        inside.addLayout(self.details)
        self.panel.hide()

        _content, column = content_column(self)
        column.addWidget(self.title)
        column.addWidget(self.intro)
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(self.code_caption)
        row.addWidget(self.code, 1)
        row.addWidget(self.check_button)
        row.addSpacing(24)
        row.addWidget(self.open_button)
        column.addLayout(row)
        column.addWidget(self.error)
        column.addWidget(self.panel)
        column.addStretch(1)
        self.setStyleSheet(verdict_style_sheet(theme))
        self.retranslate()

    # -- actions -----------------------------------------------------------------------------

    def check_code(self) -> None:
        """Check the typed code."""
        typed = self.code.text().strip()
        if not typed:
            self._refused((NO_CODE, {}))
            return
        self._ask(Checked(code=typed), lambda: self._verifier.verify_code(self._actor, typed))

    def open_file(self) -> None:
        """Ask for a PDF file and check it."""
        path = self._choose_file(self, self._tr(FILE_DIALOG), self._tr(FILE_FILTER))
        if path is not None:
            self.check_file(path)

    def check_file(self, path: Path) -> None:
        """Check the file at ``path``."""
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                self._refused((TOO_LARGE, {"name": path.name}))
                return
            data = path.read_bytes()
        except OSError:
            self._refused((UNREADABLE, {"name": path.name}))
            return
        # The field would otherwise still show a code the verdict is not about.
        self.code.clear()
        self._ask(
            Checked(file_name=path.name), lambda: self._verifier.verify_file(self._actor, data)
        )

    def take_focus(self) -> None:
        """The code field takes the keyboard when the page is shown."""
        self.code.setFocus()

    def _ask(self, checked: Checked, call: Callable[[], Verification]) -> None:
        try:
            result = call()
        except NotPermitted as refusal:
            self._refused((not_permitted_message(refusal), {}))
            return
        self.result, self.checked = result, checked
        self._set_messages()
        self._draw_result()

    def _refused(self, message: Message) -> None:
        """Say what went wrong; a verdict shown before goes, so it is not taken for this one."""
        self.result = self.checked = None
        self._set_messages(error=message)
        self._draw_result()

    # -- drawing -----------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Every text in the interface language."""
        _ = self._tr
        set_text(self.title, _(TITLE))
        set_text(self.intro, _(INTRO))
        set_text(self.code_caption, _(CODE_CAPTION))
        self.code.setAccessibleName(_(CODE_CAPTION))
        set_text(self.check_button, _(CHECK_CODE))
        set_text(self.open_button, _(OPEN_FILE))
        self._draw_messages()
        self._draw_result()

    @property
    def verdict_text(self) -> str:
        """The verdict as shown ("" while none is)."""
        return self.verdict.text() if self.result is not None else ""

    def detail_texts(self) -> dict[str, str]:
        """The details shown, label → value."""
        return {name.text(): value.text() for name, value in self.detail_labels}

    def _draw_result(self) -> None:
        result = self.result
        self.panel.setVisible(result is not None)
        if result is None:
            return
        _ = self._tr
        verdict_words = _(VERDICT_WORDS[result.verdict])
        set_text(self.symbol, VERDICT_SYMBOLS[result.verdict], accessible="")
        set_text(self.verdict, verdict_words)
        set_text(self.reason, _(REASON_TEXTS[result.reason]))
        replaced = (
            _(REPLACED_BY).format(number=result.superseded_by) if result.superseded_by else ""
        )
        if not replaced and result.claimed_number:
            replaced = _(CLAIMS).format(number=result.claimed_number)
        set_text(self.replaced, replaced)
        self.replaced.setVisible(bool(replaced))
        set_text(self.what, self._checked_text())
        set_state(self.panel, verdict=result.verdict.value)
        # A screen reader hears the verdict and the reason together when the panel is reached.
        self.panel.setAccessibleName(f"{verdict_words}. {self.reason.text()}")
        rows = self._detail_rows(result.document) if result.document is not None else []
        set_text(self.compare, _(COMPARE))
        self.compare.setVisible(bool(rows))
        self._fill_details(rows)

    def _checked_text(self) -> str:
        _ = self._tr
        if self.checked is None:
            return ""
        if self.checked.file_name is not None:
            return _(CHECKED_FILE).format(name=self.checked.file_name)
        return _(CHECKED_CODE).format(code=self.checked.code)

    def _detail_rows(self, facts: DocumentFacts) -> list[tuple[str, str]]:
        """(label, value) to compare with the paper, in the interface language."""
        _ = self._tr
        kind = _(KIND_NAMES[facts.kind]) if facts.kind in KIND_NAMES else facts.kind
        document = _(DOCUMENT).format(kind=kind, number=facts.number)
        if facts.version and facts.version > 1:
            document = _(VERSION).format(document=document, version=facts.version)
        rows = [(_(ROW_DOCUMENT), document)]
        if facts.candidate_name:
            rows.append((_(ROW_CANDIDATE), facts.candidate_name))
        if facts.score is not None:
            values = {"score": facts.score, "max": facts.max_score}
            score = (
                _(SCORE_BEFORE).format(before=facts.previous_score, **values)
                if facts.previous_score is not None
                else _(SCORE).format(**values)
            )
            rows.append((_(ROW_SCORE), score))
            rows.append((_(ROW_THRESHOLD), str(facts.threshold)))
            statement = STATEMENT_MEETS if facts.meets else STATEMENT_DOES_NOT_MEET
            rows.append((_(ROW_RESULT), _(statement)))
        if facts.decision in DECISIONS:
            rows.append((_(ROW_DECISION), _(DECISIONS[facts.decision])))
        rows.append((_(ROW_ISSUED), day_time(facts.issued_at, self._timezone)))
        if facts.code:
            rows.append((_(ROW_CODE), facts.code))
        return rows

    def _fill_details(self, rows: list[tuple[str, str]]) -> None:
        """Show ``rows`` in the grid; its label pairs are made once and reused (a pair deleted
        later would still be painted under the new one until the event loop deletes it)."""
        while len(self._detail_pool) < len(rows):
            row = len(self._detail_pool)
            name = label("fieldCaption", wrap=False, name=f"verifyDetailLabel{row}")
            value = label("value", name=f"verifyDetail{row}")
            # The number and the code may be copied into a letter or a search.
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.addWidget(name, row, 0)
            self.details.addWidget(value, row, 1)
            self._detail_pool.append((name, value))
        self.details.setColumnStretch(1, 1)
        for index, (name, value) in enumerate(self._detail_pool):
            shown = index < len(rows)
            if shown:
                set_text(name, rows[index][0])
                set_text(value, rows[index][1])
            name.setVisible(shown)
            value.setVisible(shown)
        self.detail_labels = self._detail_pool[: len(rows)]


def verdict_style_sheet(theme: Theme) -> str:
    """The verdict panel's look for each verdict: a frame and background of its own colour,
    the words large and bold (the symbol and the words say it too, for who cannot tell the
    colours apart)."""
    t = theme
    looks = {
        Verdict.GENUINE: (t.good_bg, t.good_text),
        Verdict.SUPERSEDED: (t.warning_bg, t.warning_text),
        Verdict.ALTERED: (t.bad_bg, t.error_text),
        Verdict.UNKNOWN: (t.surface, t.text),
    }
    rules = [
        f'QFrame[role="verdict"] {{ border: 3px solid {t.border}; border-radius: 10px; }}',
        "QLabel#verifySymbol { font-size: 30pt; font-weight: bold; }",
        "QLabel#verifyVerdict { font-size: 22pt; font-weight: bold; }",
        "QLabel#verifyReason { font-size: 13pt; }",
        "QLabel#verifyReplaced { font-size: 13pt; font-weight: bold; }",
    ]
    for verdict, (background, text) in looks.items():
        selector = f'QFrame[role="verdict"][verdict="{verdict.value}"]'
        rules.append(f"{selector} {{ background: {background}; border-color: {text}; }}")
        rules.append(
            f"{selector} QLabel#verifySymbol, {selector} QLabel#verifyVerdict {{ color: {text}; }}"
        )
    return "\n".join(rules)
