"""The competitions page: each vacancy's test form, threshold and rule numbers, and their approval.

The table lists every competition, newest first (post, school, location, funding, draft or
approved, threshold, questions, time, and who approved the terms, when, on what basis); the
chosen one's sections and rule numbers are spelled out under it.  "New competition" opens a
dialog with the vacancy in Kyrgyz and Russian (the institution prefilled from the last
competition, since one testing center runs them all), the funding, the blueprint (questions per
section), the time limit, the threshold share with the threshold in points shown live, and the
rule numbers prefilled with today's defaults (:class:`~kiosk.domain.rules.CompetitionRules`):
the rules have changed several times since 2022, so each competition keeps its own.

A new competition is a draft; "Approve form and threshold" records the ministry's approval
(cl. 22) with its basis (the order's number and date), after which the terms cannot change and
sessions may be scheduled.  Creating needs ``MANAGE_COMPETITIONS`` and approving
``APPROVE_TERMS``; without them the buttons are not offered, and the service checks anyway.

:class:`CompetitionPicker` is the competition chooser the candidates and sessions pages share.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, tzinfo
from fractions import Fraction

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.roles import Actor, NotPermitted, Permission
from kiosk.domain.rules import CompetitionRules
from kiosk.services.competition_views import (
    APPROVED,
    DRAFT,
    CompetitionTerms,
    CompetitionView,
    TermsLocked,
    Vacancy,
)
from kiosk.services.views import in_language
from kiosk.ui.admin.browser import (
    DialogOverlay,
    fit_rows,
    not_permitted_message,
    readonly_table,
)
from kiosk.ui.admin.competition_ports import Competitions
from kiosk.ui.admin.history import NO_VALUE, format_time
from kiosk.ui.admin.page_parts import (
    Message,
    MessagePage,
    Term,
    chosen_row,
    content_column,
    message_text,
    messages_text,
)
from kiosk.ui.widgets import VerticalScrollArea, button, label, set_text
from question_bank.model import Blueprint
from translations import CONTENT_LANGUAGES, DEFAULT_LANGUAGE, N_, Translator

#: The statuses of a competition as the service stores them (``kiosk.services.competitions``).
STATUS_NAMES: dict[str, str] = {
    DRAFT: N_("Draft: not approved yet"),
    APPROVED: N_("Approved"),
}
FUNDING_NAMES: dict[str, str] = {
    "republican": N_("Republican budget"),
    "local": N_("Local budget"),
}
#: The vacancy's texts asked in the dialog, each in Kyrgyz and Russian.
VACANCY_FIELDS: dict[str, str] = {
    "post": N_("Post"),
    "school": N_("School"),
    "location": N_("Location"),
    "institution": N_("Testing institution"),
}
#: Texts a document cannot do without (the location may be part of the school's name).
REQUIRED_VACANCY_FIELDS = ("post", "school", "institution")
CONTENT_LANGUAGE_NAMES: dict[str, str] = {"ky": N_("In Kyrgyz"), "ru": N_("In Russian")}

COLUMNS = (
    "vacancy",
    "funding",
    "status",
    "threshold",
    "questions",
    "time",
    "approval",
)
HEADERS: dict[str, str] = {
    "vacancy": N_("Vacancy"),
    "funding": N_("Funding"),
    "status": N_("Status"),
    "threshold": N_("Threshold"),
    "questions": N_("Questions"),
    "time": N_("Time, min"),
    "approval": N_("Approval"),
}
DATE_FORMAT = "%d.%m.%Y"
DEFAULT_MINUTES = 90
MAX_MINUTES = 600
MAX_PER_SECTION = 500
#: The blueprint table in the dialog shows this many sections before it scrolls.
BLUEPRINT_ROWS_SHOWN = 6
BLUEPRINT_ROW_HEIGHT = 34

NAME_MISSING_IN = N_("{field}: write it in Kyrgyz and in Russian.")
NO_QUESTIONS = N_("Give at least one section some questions.")
BAD_SHARE = N_("The tie-break share must be a fraction such as 1/3, above 0 and at most 1.")
BASIS_NEEDED = N_("Name the approving document: the order's number and date.")
ALREADY_APPROVED = N_("This competition's form and threshold are already approved.")
COMPETITION_GONE = N_("This competition no longer exists.")
TERMS_REFUSED = N_("The threshold must be between 1 and the number of questions.")
CREATED = N_("The competition was recorded as a draft: approve its form and threshold next.")
APPROVED_NOTICE = N_("Approved: {post}. Sessions can now be scheduled.")
NOT_PERMITTED_COMPETITIONS = N_(
    "Your account's roles do not allow this: an administrator creates and approves competitions."
)


def refusal_message(refusal: NotPermitted) -> Message:
    """What to say when the service refused the actor."""
    if refusal.permission in (Permission.MANAGE_COMPETITIONS, Permission.APPROVE_TERMS):
        return (NOT_PERMITTED_COMPETITIONS, {})
    return (not_permitted_message(refusal), {})


def format_day(day: date | None) -> str:
    """A date as documents print it in both languages: ``23.11.2026``."""
    return day.strftime(DATE_FORMAT) if day is not None else NO_VALUE


def share_text(share: Fraction) -> str:
    """A share as a percentage with a decimal comma (``60 %``, ``33,3 %``)."""
    percent = share * 100
    if percent.denominator == 1:
        return f"{percent.numerator} %"
    return f"{float(percent):.1f} %".replace(".", ",")


def parse_share(text: str) -> Fraction | None:
    """A share typed as ``1/3`` or ``0,33``; None when it is not one above 0 and at most 1."""
    try:
        share = Fraction(text.strip().replace(",", "."))
    except (ValueError, ZeroDivisionError):
        return None
    return share if 0 < share <= 1 else None


def competition_title(view: CompetitionView, language: str) -> str:
    """A competition in one line: the post and the school, in ``language``."""
    post = in_language(dict(view.vacancy.post), language)
    school = in_language(dict(view.vacancy.school), language)
    return f"{post} — {school}" if school else post


def rules_lines(view: CompetitionView, sections: dict[str, str], _: Translator) -> list[str]:
    """A competition's blueprint and rule numbers, spelled out for the details under the list."""
    rules = view.rules
    blueprint = ", ".join(
        f"{sections.get(code, code)}: {count}" for code, count in view.blueprint.sections
    )
    institution = in_language(dict(view.vacancy.institution), _.language)
    return [
        _("Testing institution: {institution}").format(institution=institution or NO_VALUE),
        _("Questions by section: {sections}").format(sections=blueprint or NO_VALUE),
        _("Threshold: {points} of {total} points ({share})").format(
            points=view.threshold,
            total=view.question_count,
            share=share_text(rules.threshold_share),
        ),
        _(
            "Appeal: within {minutes} min after the test (cl. 33). Tie-break: at most "
            "{share} of the questions, within {days} days (cl. 29)."
        ).format(
            minutes=rules.appeal_window_min,
            share=str(rules.tie_break_share),
            days=rules.tie_break_days,
        ),
        _(
            "Below the threshold: may apply again after {months} months (cl. 28). Kept: "
            "documents {years} years, commission materials {commission} years (cl. 39, 36)."
        ).format(
            months=rules.reentry_ban_months,
            years=rules.documents_retention_years,
            commission=rules.commission_retention_years,
        ),
    ]


class CompetitionPicker(QWidget):
    """A caption and a list of competitions to choose from; emits :attr:`chosen` with the id.

    ``with_status`` adds each competition's status to its item (the results page lists only
    approved ones, where it would say nothing).
    """

    chosen = Signal(int)

    def __init__(self, name: str, *, with_status: bool = True) -> None:
        super().__init__()
        self._views: list[CompetitionView] = []
        self._with_status = with_status
        self.caption = label("fieldCaption", wrap=False, name=f"{name}Caption")
        self.combo = QComboBox(objectName=name)
        self.combo.setMinimumContentsLength(40)
        self.combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.caption.setBuddy(self.combo)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(10)
        row.addWidget(self.caption)
        row.addWidget(self.combo, 1)
        self.combo.currentIndexChanged.connect(self._index_changed)

    @property
    def current(self) -> CompetitionView | None:
        """The competition chosen (None while there is none)."""
        index = self.combo.currentIndex()
        return self._views[index] if 0 <= index < len(self._views) else None

    def set_competitions(self, views: Sequence[CompetitionView], translator: Translator) -> None:
        """List ``views``, keeping the chosen competition when it is still there."""
        keep = self.current.id if self.current else None
        self._views = list(views)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItems([self._item_text(view, translator) for view in self._views])
        ids = [view.id for view in self._views]
        self.combo.setCurrentIndex(ids.index(keep) if keep in ids else (0 if ids else -1))
        self.combo.blockSignals(False)

    def select(self, competition_id: int) -> bool:
        """Choose the competition ``competition_id``; False when it is not listed."""
        ids = [view.id for view in self._views]
        if competition_id not in ids:
            return False
        self.combo.setCurrentIndex(ids.index(competition_id))
        return True

    def retranslate(self, translator: Translator) -> None:
        """Redraw the caption and the items in the interface language."""
        _ = translator
        set_text(self.caption, _("Competition:"))
        self.combo.setAccessibleName(_("Competition"))
        self.combo.blockSignals(True)
        for index, view in enumerate(self._views):
            self.combo.setItemText(index, self._item_text(view, translator))
        self.combo.blockSignals(False)

    @property
    def competitions(self) -> list[CompetitionView]:
        """The competitions listed."""
        return list(self._views)

    def _item_text(self, view: CompetitionView, translator: Translator) -> str:
        title = competition_title(view, translator.language)
        if not self._with_status:
            return title
        status = translator(STATUS_NAMES.get(view.status, view.status))
        return f"{title} ({status})"

    def _index_changed(self, index: int) -> None:
        if 0 <= index < len(self._views):
            self.chosen.emit(self._views[index].id)


class WideDialog(DialogOverlay):
    """A dialog overlay wider than the standard one, for forms of two columns."""

    def __init__(self, page: QWidget, behind: QWidget, name: str, max_width: int) -> None:
        self._max_width = max_width
        super().__init__(page, behind, name)

    def _fit(self) -> None:
        super()._fit()
        area = self.parentWidget().rect()
        self.panel.setFixedWidth(max(320, min(self._max_width, area.width() - 60)))


class CompetitionDialog(WideDialog):
    """The new competition's form: vacancy, funding, blueprint, time, threshold, rule numbers."""

    def __init__(
        self,
        page: QWidget,
        behind: QWidget,
        sections: Sequence[tuple[str, str]],
        translator: Translator,
    ) -> None:
        super().__init__(page, behind, "competitionDialog", 1000)
        self._translate = translator
        self._sections = list(sections)
        self._captions: dict[str, QLabel] = {}
        self.texts: dict[str, dict[str, QLineEdit]] = {}
        form = QWidget()
        grid = QGridLayout(form)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.language_heads = {
            language: label("fieldCaption", wrap=False) for language in CONTENT_LANGUAGES
        }
        for column, language in enumerate(CONTENT_LANGUAGES, start=1):
            grid.addWidget(self.language_heads[language], 0, column)
        for row, field in enumerate(VACANCY_FIELDS, start=1):
            caption = label("fieldCaption", wrap=False)
            self._captions[field] = caption
            grid.addWidget(caption, row, 0)
            self.texts[field] = {}
            for column, language in enumerate(CONTENT_LANGUAGES, start=1):
                edit = QLineEdit(objectName=f"{field}-{language}")
                edit.setMaxLength(300)
                self.texts[field][language] = edit
                grid.addWidget(edit, row, column)
            caption.setBuddy(self.texts[field][CONTENT_LANGUAGES[0]])
        row = len(VACANCY_FIELDS) + 1
        self.funding = QComboBox(objectName="funding")
        self._captions["funding"] = label("fieldCaption", wrap=False)
        self._captions["funding"].setBuddy(self.funding)
        grid.addWidget(self._captions["funding"], row, 0)
        grid.addWidget(self.funding, row, 1)

        self.blueprint_table = QTableWidget(len(self._sections), 2)
        self.blueprint_table.setObjectName("blueprintCounts")
        self.blueprint_table.verticalHeader().hide()
        self.blueprint_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.counts: dict[str, QSpinBox] = {}
        for index, (code, title) in enumerate(self._sections):
            item = QTableWidgetItem(f"{title} ({code})")
            item.setToolTip(item.text())
            self.blueprint_table.setItem(index, 0, item)
            spin = QSpinBox(objectName=f"count-{code}")
            spin.setRange(0, MAX_PER_SECTION)
            spin.setFrame(False)
            self.counts[code] = spin
            self.blueprint_table.setCellWidget(index, 1, spin)
        header = self.blueprint_table.horizontalHeader()
        header.setSectionResizeMode(0, header.ResizeMode.Stretch)
        header.setSectionResizeMode(1, header.ResizeMode.ResizeToContents)
        fit_rows(self.blueprint_table, BLUEPRINT_ROWS_SHOWN, BLUEPRINT_ROW_HEIGHT)
        self.blueprint_caption = label("fieldCaption", wrap=False)
        self.total = label("value", wrap=False, name="questionTotal")

        self.minutes = self._spin("timeLimit", 1, MAX_MINUTES, DEFAULT_MINUTES)
        self.threshold_percent = self._spin("thresholdShare", 1, 100, 60)
        self.threshold_percent.setSuffix(" %")
        self.threshold_points = label("value", wrap=False, name="thresholdPoints")
        defaults = CompetitionRules()
        self.appeal_minutes = self._spin("appealWindow", 1, 24 * 60, defaults.appeal_window_min)
        self.tie_break_share = QLineEdit(str(defaults.tie_break_share), objectName="tieBreakShare")
        self.tie_break_share.setMaximumWidth(120)
        self.tie_break_days = self._spin("tieBreakDays", 0, 60, defaults.tie_break_days)
        self.reentry_months = self._spin("reentryMonths", 0, 120, defaults.reentry_ban_months)
        self.retention_years = self._spin(
            "retentionYears", 1, 100, defaults.documents_retention_years
        )
        self.commission_years = self._spin(
            "commissionYears", 1, 100, defaults.commission_retention_years
        )
        self.set_rules(defaults)

        numbers = QGridLayout()
        numbers.setHorizontalSpacing(10)
        numbers.setVerticalSpacing(6)
        self._number_rows: dict[str, QWidget] = {
            "minutes": self.minutes,
            "threshold": self.threshold_percent,
            "appeal": self.appeal_minutes,
            "tie_share": self.tie_break_share,
            "tie_days": self.tie_break_days,
            "reentry": self.reentry_months,
            "retention": self.retention_years,
            "commission": self.commission_years,
        }
        # The test form (time and threshold) sits under its blueprint, the rule numbers beside.
        form_numbers = QGridLayout()
        form_numbers.setHorizontalSpacing(10)
        form_numbers.setVerticalSpacing(6)
        for index, (key, widget) in enumerate(self._number_rows.items()):
            caption = label("fieldCaption", wrap=True)
            caption.setMinimumWidth(200)
            caption.setBuddy(widget)
            self._captions[key] = caption
            target, line = (form_numbers, index) if index < 2 else (numbers, index - 2)
            target.addWidget(caption, line, 0)
            target.addWidget(widget, line, 1, Qt.AlignmentFlag.AlignLeft)
        numbers.setColumnStretch(0, 1)
        numbers.setRowStretch(len(self._number_rows) - 2, 1)
        form_numbers.setColumnStretch(0, 1)

        row += 1
        lower = QHBoxLayout()
        lower.setSpacing(18)
        blueprint_column = QVBoxLayout()
        blueprint_column.setSpacing(4)
        blueprint_column.addWidget(self.blueprint_caption)
        blueprint_column.addWidget(self.blueprint_table)
        sums = QHBoxLayout()
        sums.setSpacing(16)
        sums.addWidget(self.total)
        sums.addWidget(self.threshold_points)
        sums.addStretch(1)
        blueprint_column.addLayout(sums)
        blueprint_column.addLayout(form_numbers)
        blueprint_column.addStretch(1)
        lower.addLayout(blueprint_column, 1)
        lower.addLayout(numbers, 1)
        grid.addLayout(lower, row, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.scroll = VerticalScrollArea(form)
        self.scroll.setObjectName("competitionForm")
        # The form lies on the dialog's own background, not on the window's grey.
        self.scroll.setStyleSheet(
            "QScrollArea#competitionForm, QScrollArea#competitionForm > QWidget > QWidget "
            "{ background: transparent; }"
        )
        self.fields.addWidget(self.scroll)

        for spin in (*self.counts.values(), self.threshold_percent):
            spin.valueChanged.connect(self.draw_threshold)

    @staticmethod
    def _spin(name: str, lowest: int, highest: int, value: int) -> QSpinBox:
        spin = QSpinBox(objectName=name)
        spin.setRange(lowest, highest)
        spin.setValue(value)
        spin.setMinimumWidth(90)
        return spin

    def _fit(self) -> None:
        super()._fit()
        # The form scrolls inside the dialog rather than push its buttons off a small screen.
        self.scroll.setMaximumHeight(max(200, self.parentWidget().height() - 230))

    # -- the form's values ----------------------------------------------------------------------

    def set_rules(self, rules: CompetitionRules) -> None:
        """Fill the rule numbers."""
        self.threshold_percent.setValue(round(float(rules.threshold_share) * 100))
        self.appeal_minutes.setValue(rules.appeal_window_min)
        self.tie_break_share.setText(str(rules.tie_break_share))
        self.tie_break_days.setValue(rules.tie_break_days)
        self.reentry_months.setValue(rules.reentry_ban_months)
        self.retention_years.setValue(rules.documents_retention_years)
        self.commission_years.setValue(rules.commission_retention_years)

    def reset(self, institution: dict[str, str]) -> None:
        """Empty the form for a new competition, the institution prefilled."""
        for field, edits in self.texts.items():
            for language, edit in edits.items():
                edit.setText(institution.get(language, "") if field == "institution" else "")
        self.funding.setCurrentIndex(0)
        for spin in self.counts.values():
            spin.setValue(0)
        self.minutes.setValue(DEFAULT_MINUTES)
        self.set_rules(CompetitionRules())
        self.draw_threshold()

    def text(self, field: str) -> dict[str, str]:
        """A vacancy text in both languages, the empty ones left out."""
        typed = {language: edit.text().strip() for language, edit in self.texts[field].items()}
        return {language: text for language, text in typed.items() if text}

    @property
    def total_questions(self) -> int:
        """The questions the blueprint asks for."""
        return sum(spin.value() for spin in self.counts.values())

    def rules(self) -> CompetitionRules | None:
        """The rule numbers typed; None when the tie-break share is not a share."""
        share = parse_share(self.tie_break_share.text())
        if share is None:
            return None
        return CompetitionRules(
            threshold_share=Fraction(self.threshold_percent.value(), 100),
            appeal_window_min=self.appeal_minutes.value(),
            tie_break_share=share,
            tie_break_days=self.tie_break_days.value(),
            reentry_ban_months=self.reentry_months.value(),
            documents_retention_years=self.retention_years.value(),
            commission_retention_years=self.commission_years.value(),
        )

    def problems(self) -> list[Message]:
        """What is wrong with the form (empty when it may be sent)."""
        found: list[Message] = []
        for field in REQUIRED_VACANCY_FIELDS:
            if set(self.text(field)) != set(CONTENT_LANGUAGES):
                found.append((NAME_MISSING_IN, {"field": Term(VACANCY_FIELDS[field])}))
        if self.total_questions == 0:
            found.append((NO_QUESTIONS, {}))
        if self.rules() is None:
            found.append((BAD_SHARE, {}))
        return found

    def terms(self, funding: str) -> CompetitionTerms | None:
        """The terms the form describes, or None while it has problems."""
        rules = self.rules()
        if self.problems() or rules is None:
            return None
        seconds = self.minutes.value() * 60
        blueprint = Blueprint(
            tuple((code, spin.value()) for code, spin in self.counts.items() if spin.value()),
            time_limit_s=seconds,
        )
        vacancy = Vacancy(
            institution=self.text("institution"),
            post=self.text("post"),
            school=self.text("school"),
            location=self.text("location"),
            funding=funding,
        )
        return CompetitionTerms(vacancy, blueprint, seconds, rules)

    # -- drawing ------------------------------------------------------------------------------

    def draw_threshold(self) -> None:
        """Show the total and the threshold in points for the numbers typed now."""
        _ = self._translate
        total = self.total_questions
        share = Fraction(self.threshold_percent.value(), 100)
        points = CompetitionRules(threshold_share=share).threshold_for(total) if total else 0
        set_text(self.total, _("Questions in the test: {total}").format(total=total))
        set_text(
            self.threshold_points,
            _("Threshold: {points} of {total} points").format(points=points, total=total),
        )

    def retranslate(self, translator: Translator) -> None:
        """Redraw the form's captions in the interface language."""
        self._translate = translator
        _ = translator
        for language, head in self.language_heads.items():
            set_text(head, _(CONTENT_LANGUAGE_NAMES[language]))
        for field, caption_text in VACANCY_FIELDS.items():
            set_text(self._captions[field], _(caption_text))
            for language, edit in self.texts[field].items():
                edit.setAccessibleName(
                    f"{_(caption_text)}, {_(CONTENT_LANGUAGE_NAMES[language]).lower()}"
                )
        set_text(self._captions["funding"], _("Funding"))
        index = self.funding.currentIndex()
        self.funding.clear()
        self.funding.addItems([_(name) for name in FUNDING_NAMES.values()])
        self.funding.setCurrentIndex(max(0, index))
        self.funding.setAccessibleName(_("Funding"))
        set_text(self.blueprint_caption, _("Questions by section"))
        self.blueprint_table.setHorizontalHeaderLabels([_("Section"), _("Questions")])
        self.blueprint_table.setAccessibleName(_("Questions by section"))
        for code, spin in self.counts.items():
            spin.setAccessibleName(_("Questions: {section}").format(section=code))
        captions = {
            "minutes": _("Time limit, minutes"),
            "threshold": _("Threshold, % of the questions (cl. 22)"),
            "appeal": _("Appeal window, minutes (cl. 33)"),
            "tie_share": _("Tie-break: share of the questions (cl. 29)"),
            "tie_days": _("Tie-break: within days (cl. 29)"),
            "reentry": _("Re-entry after failing, months (cl. 28)"),
            "retention": _("Documents kept, years (cl. 39)"),
            "commission": _("Commission materials kept, years (cl. 36)"),
        }
        for key, text in captions.items():
            set_text(self._captions[key], text)
            self._number_rows[key].setAccessibleName(text)
        self.draw_threshold()

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the blueprint table to its rows in the fonts the style sheet gives."""
        super().showEvent(event)
        fit_rows(self.blueprint_table, BLUEPRINT_ROWS_SHOWN, BLUEPRINT_ROW_HEIGHT)


class ApproveDialog(DialogOverlay):
    """Approval of a draft's form and threshold: the basis (the order) must be named."""

    def __init__(self, page: QWidget, behind: QWidget) -> None:
        super().__init__(page, behind, "approveDialog")
        self.competition: CompetitionView | None = None
        self.basis_caption = label("fieldCaption", wrap=False)
        self.basis = QLineEdit(objectName="approvalBasis")
        self.basis.setMaxLength(300)
        self.basis_caption.setBuddy(self.basis)
        self.fields.addWidget(self.basis_caption)
        self.fields.addWidget(self.basis)
        self.basis.textChanged.connect(self._draw_ok)
        self.basis.returnPressed.connect(self._enter)

    def _draw_ok(self) -> None:
        self.ok.setEnabled(bool(self.basis.text().strip()))

    def _enter(self) -> None:
        if self.ok.isEnabled():
            self.accepted.emit()

    def ask(self, competition: CompetitionView, _: Translator) -> None:
        """Open the dialog for ``competition``."""
        self.competition = competition
        self.basis.clear()
        title, message = self._texts(_)
        self.present(title, _("Approve"), _("Cancel"), message=message, focus=self.basis)
        self._draw_ok()

    def retranslate(self, _: Translator) -> None:
        """Redraw the open dialog in another language."""
        set_text(self.basis_caption, _("Basis: the approving order's number and date"))
        self.basis.setPlaceholderText(_("e.g. Order No. 123, 01.11.2026"))
        self.basis.setAccessibleName(_("Basis of the approval"))
        if self.competition is not None:
            title, message = self._texts(_)
            self.retexts(title, _("Approve"), _("Cancel"), message)

    def _texts(self, _: Translator) -> tuple[str, str]:
        view = self.competition
        assert view is not None
        message = _(
            "{competition}\nThe test: {total} questions in {minutes} minutes; threshold "
            "{points} points. Once approved, the form and the threshold can no longer change "
            "(cl. 22)."
        ).format(
            competition=competition_title(view, _.language),
            total=view.question_count,
            minutes=view.time_limit_s // 60,
            points=view.threshold,
        )
        return _("Approve form and threshold"), message


class CompetitionsPage(MessagePage):
    """Every competition with its terms; create a draft, approve its form and threshold.

    ``actor`` is the signed-in staff member, in whose name every call is made.
    ``translator_factory`` makes a translator for a language (tests pass strict ones);
    ``sections`` are the bank's sections as (code, title) for the blueprint of a new competition.
    :attr:`competition_chosen` tells the window which competition the other pages should show.
    """

    #: The competition chosen in the list (its id).
    competition_chosen = Signal(int)

    def __init__(
        self,
        competitions: Competitions,
        actor: Actor,
        translator_factory: Callable[[str], Translator],
        timezone: tzinfo | None,
        sections: Sequence[tuple[str, str]],
        parent: QWidget | None = None,
        *,
        language: str = DEFAULT_LANGUAGE,
    ) -> None:
        super().__init__(translator_factory(language), parent, name="competitions")
        self.setObjectName("competitionsPage")
        self._service = competitions
        self._actor = actor
        self._translator_factory = translator_factory
        self._timezone = timezone
        self._sections = list(sections)
        self._views: list[CompetitionView] = []

        self.content, column = content_column(self)
        self.title = label("pageTitle", wrap=False, name="competitionsTitle")
        self.hint = label("muted", name="competitionsHint")
        self.table = readonly_table("competitionsTable")
        self.table.setColumnCount(len(COLUMNS))
        self.table.setWordWrap(True)
        self.details = label(name="competitionDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.create_button = button("primary", name="newCompetition")
        self.approve_button = button(name="approveTerms")
        self.create_button.setVisible(actor.may(Permission.MANAGE_COMPETITIONS))
        self.approve_button.setVisible(actor.may(Permission.APPROVE_TERMS))

        actions = QHBoxLayout()
        actions.setSpacing(10)
        actions.addWidget(self.create_button)
        actions.addWidget(self.approve_button)
        actions.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.hint)
        column.addLayout(actions)
        column.addWidget(self.error)
        column.addWidget(self.notice)
        column.addWidget(self.table, 1)
        column.addWidget(self.details)

        self.dialog = CompetitionDialog(self, self.content, self._sections, self._tr)
        self.approve_dialog = ApproveDialog(self, self.content)
        self.create_button.clicked.connect(self.open_new_competition)
        self.approve_button.clicked.connect(self.ask_approve)
        self.dialog.accepted.connect(self.create)
        self.approve_dialog.accepted.connect(self.approve)
        self.table.currentCellChanged.connect(self._row_changed)
        self.retranslate()
        self.refresh()

    # -- reading -------------------------------------------------------------------------------

    @property
    def competitions(self) -> list[CompetitionView]:
        """The competitions as listed, newest first."""
        return list(self._views)

    @property
    def current(self) -> CompetitionView | None:
        """The competition chosen in the list."""
        return chosen_row(self.table, self._views)

    def refresh(self) -> None:
        """Reload the list, keeping the chosen competition."""
        keep = self.current.id if self.current else None
        try:
            self._views = self._service.competitions(self._actor)
        except NotPermitted as refusal:
            self._views = []
            self._error = refusal_message(refusal)
        self.table.blockSignals(True)
        self._draw_table()
        ids = [view.id for view in self._views]
        if ids:
            self.table.selectRow(ids.index(keep) if keep in ids else 0)
        self.table.blockSignals(False)
        self._draw_current()
        self._draw_messages()

    def select_competition(self, competition_id: int) -> None:
        """Choose the competition ``competition_id`` in the list."""
        ids = [view.id for view in self._views]
        if competition_id in ids:
            self.table.selectRow(ids.index(competition_id))

    def _row_changed(self, row: int, _column: int, previous: int, _previous_column: int) -> None:
        self._draw_current()
        if row != previous and 0 <= row < len(self._views):
            self.competition_chosen.emit(self._views[row].id)

    # -- creating ------------------------------------------------------------------------------

    def open_new_competition(self) -> None:
        """Open the new competition's form (the institution as in the last competition)."""
        last = self._views[0].vacancy.institution if self._views else {}
        self.dialog.reset(dict(last))
        self.dialog.retranslate(self._tr)
        _ = self._tr
        self.dialog.present(
            _("New competition"),
            _("Record as draft"),
            _("Cancel"),
            focus=self.dialog.texts["post"][CONTENT_LANGUAGES[0]],
        )

    def create(self) -> int | None:
        """Record the form as a draft competition; its id, or None with the problems shown."""
        _ = self._tr
        problems = self.dialog.problems()
        funding = list(FUNDING_NAMES)[max(0, self.dialog.funding.currentIndex())]
        terms = self.dialog.terms(funding)
        if problems or terms is None:
            self.dialog.show_error(messages_text(problems, _))
            return None
        try:
            competition_id = self._service.create_competition(self._actor, terms)
        except NotPermitted as refusal:
            self.dialog.show_error(message_text(refusal_message(refusal), _))
            return None
        except ValueError:
            self.dialog.show_error(_(TERMS_REFUSED))
            return None
        self.dialog.close_dialog()
        self._error = None
        self._notice = (CREATED, {})
        self.refresh()
        self.select_competition(competition_id)
        self.changed.emit()
        return competition_id

    # -- approving -----------------------------------------------------------------------------

    def ask_approve(self) -> None:
        """Ask for the basis of the chosen draft's approval."""
        view = self.current
        if view is None or view.status != DRAFT:
            return
        self.approve_dialog.retranslate(self._tr)
        self.approve_dialog.ask(view, self._tr)

    def approve(self) -> CompetitionView | None:
        """Record the approval asked for in the dialog."""
        _ = self._tr
        view = self.approve_dialog.competition
        basis = self.approve_dialog.basis.text().strip()
        if view is None:
            return None
        if not basis:
            self.approve_dialog.show_error(_(BASIS_NEEDED))
            return None
        try:
            approved = self._service.approve_terms(self._actor, view.id, basis)
        except NotPermitted as refusal:
            self.approve_dialog.show_error(message_text(refusal_message(refusal), _))
            return None
        except TermsLocked:
            self._close_approval((ALREADY_APPROVED, {}), error=True)
            return None
        except LookupError:
            self._close_approval((COMPETITION_GONE, {}), error=True)
            return None
        except ValueError:
            self.approve_dialog.show_error(_(BASIS_NEEDED))
            return None
        self._close_approval((APPROVED_NOTICE, {"post": dict(approved.vacancy.post)}))
        self.changed.emit()
        return approved

    def _close_approval(self, message: Message, *, error: bool = False) -> None:
        self.approve_dialog.close_dialog()
        self.approve_dialog.competition = None
        self._error, self._notice = (message, None) if error else (None, message)
        self.refresh()

    # -- drawing -------------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        set_text(self.title, _("Competitions"))
        set_text(
            self.hint,
            _(
                "A competition starts as a draft. Sessions can be scheduled once the ministry's "
                "approval of its test form and threshold is recorded (cl. 22)."
            ),
        )
        set_text(self.create_button, _("New competition…"))
        set_text(self.approve_button, _("Approve form and threshold…"))
        self.table.setHorizontalHeaderLabels([_(HEADERS[column]) for column in COLUMNS])
        self.table.setAccessibleName(_("Competitions"))
        self.dialog.retranslate(self._tr)
        self.approve_dialog.retranslate(self._tr)
        if self.dialog.isVisible():
            self.dialog.retexts(_("New competition"), _("Record as draft"), _("Cancel"))
        self._draw_table()
        self._draw_current()
        self._draw_messages()

    def _draw_table(self) -> None:
        _ = self._tr
        language = self._tr.language
        self.table.setRowCount(len(self._views))
        for row, view in enumerate(self._views):
            approval = NO_VALUE
            if view.approved_at is not None:
                approval = f"{view.approved_by}, {format_time(view.approved_at, self._timezone)}"
                approval += f" — {view.basis}" if view.basis else ""
            location = in_language(dict(view.vacancy.location), language)
            cells = {
                "vacancy": "\n".join(
                    text
                    for text in (
                        in_language(dict(view.vacancy.post), language),
                        in_language(dict(view.vacancy.school), language),
                        location,
                    )
                    if text
                ),
                "funding": _(FUNDING_NAMES.get(view.vacancy.funding, view.vacancy.funding)),
                "status": _(STATUS_NAMES.get(view.status, view.status)),
                "threshold": str(view.threshold),
                "questions": str(view.question_count),
                "time": str(view.time_limit_s // 60),
                "approval": approval,
            }
            for column, key in enumerate(COLUMNS):
                item = QTableWidgetItem(cells[key])
                item.setToolTip(cells[key])
                if key in ("threshold", "questions", "time"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        for column, key in enumerate(COLUMNS):
            mode = (
                header.ResizeMode.Stretch
                if key in ("vacancy", "approval")
                else (header.ResizeMode.ResizeToContents)
            )
            header.setSectionResizeMode(column, mode)
        self.table.resizeRowsToContents()

    def _draw_current(self) -> None:
        _ = self._tr
        view = self.current
        may_approve = view is not None and view.status == DRAFT
        self.approve_button.setEnabled(may_approve)
        if view is None:
            set_text(self.details, _("No competition yet.") if not self._views else "")
            return
        titles = dict(self._sections)
        set_text(self.details, "\n".join(rules_lines(view, titles, _)))
