"""The admin window: the staff's part of the program, behind a sign-in.

A bar at the top names the signed-in staff member and switches the interface language (Кыргызча /
Русский / English) for every page at once; a side navigation leads to the pages the actor's
roles allow: the proctor's console for operators and observers, the technical appeals for every
role that may read them (filing, the commission, the hearing and the commission's review), the
accounts for the administrator, and the question bank (browser, review queue, sections, import
and export, blueprint check) for those who may read it.  The editor and a question's history
open from the browser.  Every write goes through a service port in the actor's name.

Each page also asks the actor's roles what to offer (no "Approve" without ``APPROVE_BANK``, a
read-only editor without ``EDIT_BANK``); the services check them again on every call.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import tzinfo
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.domain.roles import Actor, Permission
from kiosk.services.competition_views import IssuedCode
from kiosk.services.session_views import SessionChoice
from kiosk.ui.admin.accounts import AccountsPage
from kiosk.ui.admin.appeal_ports import Appeals
from kiosk.ui.admin.appeals import AppealsPage
from kiosk.ui.admin.blueprint import BlueprintPage
from kiosk.ui.admin.browser import BankBrowser
from kiosk.ui.admin.competition_ports import Competitions, Documents, ExamSessions, Results
from kiosk.ui.admin.competitions import CompetitionsPage
from kiosk.ui.admin.console import ConsolePage
from kiosk.ui.admin.editor import EditorPage
from kiosk.ui.admin.exchange import (
    ChooseFile,
    ChooseSavePath,
    ExchangePage,
    dialog_choose_file,
    dialog_choose_save_path,
)
from kiosk.ui.admin.history import HistoryPage
from kiosk.ui.admin.ports import Accounts, Bank, Proctor
from kiosk.ui.admin.registration import CandidatesPage, SessionsPage, file_saver
from kiosk.ui.admin.results import ResultsPage
from kiosk.ui.admin.review import ReviewPage
from kiosk.ui.admin.sections import SectionsPage
from kiosk.ui.admin.signin import sign_in_interactively
from kiosk.ui.admin.style import ADMIN_PT, admin_style_sheet
from kiosk.ui.admin.verify import Verifier, VerifyPage
from kiosk.ui.fonts import use_bundled_font
from kiosk.ui.theme import NORMAL, Theme, palette, set_state
from kiosk.ui.widgets import ElidedLabel, button, frame, label, set_text
from translations import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, N_, Translator

#: The size the window opens at (a 1366×768 laptop is the smallest screen it is used on).
ADMIN_SIZE = (1366, 768)

#: The side navigation in its order: page key → its name; a page shows only when the actor's
#: roles allow it.
NAVIGATION: dict[str, str] = {
    "competitions": N_("Competitions"),
    "candidates": N_("Candidates"),
    "sessions": N_("Sessions"),
    "console": N_("Console"),
    "results": N_("Results"),
    "appeals": N_("Appeals"),
    "verify": N_("Verify a document"),
    "bank": N_("Bank"),
    "review": N_("Review queue"),
    "sections": N_("Sections"),
    "exchange": N_("Import / export"),
    "blueprint": N_("Blueprint check"),
    "accounts": N_("Accounts"),
}
#: The pages of the question bank (the editor and the history open from the browser).
BANK_PAGES = ("bank", "review", "sections", "exchange", "blueprint", "editor", "history")


@dataclass(frozen=True)
class CompetitionPorts:
    """The competition use cases the staff pages call (the services of the same names)."""

    competitions: Competitions
    exam_sessions: ExamSessions
    results: Results
    documents: Documents


class AdminWindow(QWidget):
    """The staff's window.

    ``actor`` is the signed-in staff member; every call is made as them and the window has only
    the pages their roles allow (the bank's pages need ``VIEW_BANK``, the console
    ``VIEW_RESULTS`` and a ``proctor`` port, the appeals ``VIEW_APPEALS`` and an ``appeals``
    port, the accounts ``MANAGE_ACCOUNTS`` and an ``accounts`` port).  ``translator_factory``
    makes a translator for a language (tests pass strict ones); ``choose_file`` and
    ``choose_save_path`` ask for files (tests pass functions that answer at once).
    """

    def __init__(
        self,
        bank: Bank,
        actor: Actor,
        translator_factory: Callable[[str], Translator],
        language: str = DEFAULT_LANGUAGE,
        *,
        proctor: Proctor | None = None,
        accounts: Accounts | None = None,
        competition_ports: CompetitionPorts | None = None,
        appeals: Appeals | None = None,
        verifier: Verifier | None = None,
        choose_file: ChooseFile = dialog_choose_file,
        choose_save_path: ChooseSavePath = dialog_choose_save_path,
        timezone: tzinfo | None = None,
        theme: Theme = NORMAL,
    ) -> None:
        super().__init__()
        self.setObjectName("adminWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._bank = bank
        self._actor = actor
        self._translator_factory = translator_factory
        self._tr = translator_factory(language)
        self._theme = theme
        self._current = "bank"

        self.top_bar = self._make_top_bar()
        self.pages: dict[str, QWidget] = {}
        # The bank's sections name a new competition's blueprint rows and a tie-break's form.
        sections = (
            [(view.code, view.title.get("ky", view.code)) for view in bank.sections(actor)]
            if actor.may(Permission.VIEW_BANK)
            else []
        )
        if competition_ports is not None and proctor is not None:
            self._add_competition_pages(
                competition_ports, proctor, actor, timezone, choose_save_path, sections
            )
        self.console: ConsolePage | None = None
        if proctor is not None and actor.may(Permission.VIEW_RESULTS):
            self.console = ConsolePage(
                proctor, actor, translator_factory, timezone, language=language, theme=theme
            )
            self.pages["console"] = self.console
        self.appeals: AppealsPage | None = None
        if appeals is not None and actor.may(Permission.VIEW_APPEALS):
            self.appeals = AppealsPage(
                appeals,
                actor,
                translator_factory,
                timezone,
                language=language,
                save_file=file_saver(choose_save_path),
                theme=theme,
            )
            self.pages["appeals"] = self.appeals
        if verifier is not None and actor.may(Permission.VIEW_RESULTS):
            self.pages["verify"] = VerifyPage(
                verifier, actor, self._tr, timezone, choose_file=choose_file, theme=theme
            )
        self.browser: BankBrowser | None = None
        if actor.may(Permission.VIEW_BANK):
            self._add_bank_pages(bank, actor, timezone, choose_file, choose_save_path)
        self.accounts: AccountsPage | None = None
        if accounts is not None and actor.may(Permission.MANAGE_ACCOUNTS):
            self.accounts = AccountsPage(accounts, actor, self._tr, timezone=timezone)
            self.pages["accounts"] = self.accounts
        self.stack = QStackedWidget()
        for page in self.pages.values():
            self.stack.addWidget(page)

        self.side = self._make_navigation()
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.side)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        # The window may be smaller than its pages' wishes (offscreen Qt warns otherwise).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.top_bar)
        layout.addLayout(body, 1)

        self._wire()
        self._apply_look()
        self.retranslate()
        self.show_page(next(key for key in (*NAVIGATION, "bank") if key in self.pages))

    def _add_competition_pages(
        self,
        ports: CompetitionPorts,
        proctor: Proctor,
        actor: Actor,
        timezone: tzinfo | None,
        choose_save_path: ChooseSavePath,
        sections: list[tuple[str, str]],
    ) -> None:
        factory, language = self._translator_factory, self._tr.language
        save_file = file_saver(choose_save_path)
        if actor.may(Permission.MANAGE_COMPETITIONS):
            self.pages["competitions"] = CompetitionsPage(
                ports.competitions, actor, factory, timezone, sections, language=language
            )
        if actor.may(Permission.VIEW_CANDIDATES):
            self.pages["candidates"] = CandidatesPage(
                ports.competitions, actor, factory, timezone, language=language
            )
            self.pages["sessions"] = SessionsPage(
                ports.competitions,
                ports.exam_sessions,
                proctor,
                actor,
                factory,
                timezone,
                language=language,
                save_file=save_file,
            )
        if actor.may(Permission.VIEW_RESULTS):

            def competition_sessions(who: Actor, competition_id: int) -> list[SessionChoice]:
                return [c for c in proctor.sessions(who) if c.competition_id == competition_id]

            def save_slips(session_id: int, codes: Sequence[IssuedCode]) -> None:
                pdf = ports.exam_sessions.code_slips(actor, session_id, codes)
                _ = self._tr
                save_file(self, _("Save the code slips"), f"code-slips-{session_id}.pdf", pdf)

            self.pages["results"] = ResultsPage(
                ports.results,
                ports.documents,
                ports.competitions,
                actor,
                factory,
                timezone,
                language=language,
                competition_sessions=competition_sessions,
                save_document=save_file,
                save_slips=save_slips,
                section_titles=dict(sections),
            )
        chosen = [page for key, page in self.pages.items() if key != "competitions"]
        competitions = self.pages.get("competitions")
        if isinstance(competitions, CompetitionsPage):
            for page in chosen:
                competitions.competition_chosen.connect(page.select_competition)

    def _add_bank_pages(
        self,
        bank: Bank,
        actor: Actor,
        timezone: tzinfo | None,
        choose_file: ChooseFile,
        choose_save_path: ChooseSavePath,
    ) -> None:
        self.browser = BankBrowser(bank, actor, self._tr, timezone=timezone)
        self.sections = SectionsPage(bank, actor, self._tr)
        self.exchange = ExchangePage(
            bank, actor, self._tr, choose_file=choose_file, choose_save_path=choose_save_path
        )
        self.blueprint = BlueprintPage(bank, actor, self._tr)
        self.review = ReviewPage(bank, actor, self._tr)
        self.editor = EditorPage(bank, actor, self._tr)
        self.history = HistoryPage(bank, actor, self._tr)
        self.pages.update(
            bank=self.browser,
            review=self.review,
            sections=self.sections,
            exchange=self.exchange,
            blueprint=self.blueprint,
            editor=self.editor,
            history=self.history,
        )

    # -- building ----------------------------------------------------------------------------

    def _make_top_bar(self) -> QWidget:
        bar = frame("topBar")
        bar.setObjectName("topBar")
        self.app_title = ElidedLabel("appTitle")
        self.app_title.setObjectName("appTitle")
        self.user_label = label("userName", wrap=False, name="userName")
        self.language_buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout(bar)
        row.setContentsMargins(20, 6, 20, 6)
        row.setSpacing(8)
        row.addWidget(self.app_title, 1)
        row.addWidget(self.user_label)
        row.addSpacing(18)
        for language in LANGUAGES:
            choice = button("tool", name=f"ui-{language}")
            choice.setText(LANGUAGE_NAMES[language])
            choice.clicked.connect(lambda _checked=False, lang=language: self.set_language(lang))
            row.addWidget(choice)
            self.language_buttons[language] = choice
        return bar

    def _make_navigation(self) -> QWidget:
        side = frame("sideNav")
        side.setObjectName("sideNav")
        self.nav_buttons: dict[str, QPushButton] = {}
        group = QButtonGroup(side)
        group.setExclusive(True)
        column = QVBoxLayout(side)
        column.setContentsMargins(10, 14, 10, 14)
        column.setSpacing(6)
        for key in NAVIGATION:
            if key not in self.pages:
                continue
            choice = button("side", name=f"nav-{key}")
            choice.setCheckable(True)
            choice.clicked.connect(lambda _checked=False, page=key: self.show_page(page))
            group.addButton(choice)
            column.addWidget(choice)
            self.nav_buttons[key] = choice
        column.addStretch(1)
        self._nav_group = group
        return side

    def _wire(self) -> None:
        if self.browser is None:
            return
        self.browser.open_requested.connect(self.open_question)
        self.browser.new_requested.connect(self.new_question)
        self.browser.history_requested.connect(self.show_history)
        for page in (self.browser, self.sections, self.exchange, self.blueprint):
            page.changed.connect(self.reload)
        self.editor.saved.connect(self._saved)
        self.review.decided.connect(lambda _version_id: self.reload())

    # -- navigation --------------------------------------------------------------------------

    @property
    def current_page(self) -> str:
        """The key of the page shown ("console", "bank", "review", …, "editor", "history")."""
        return self._current

    def show_page(self, key: str) -> None:
        """Show a page; a list reloads first."""
        page = self.pages[key]
        if key not in ("editor", "history", "exchange", "blueprint"):
            refresh = getattr(page, "refresh", None)
            if callable(refresh):
                refresh()
        self._current = key
        self.stack.setCurrentWidget(page)
        take_focus = getattr(page, "take_focus", None)
        if callable(take_focus):
            take_focus()
        # The editor and the history belong to the bank's part of the navigation.
        highlighted = key if key in self.nav_buttons else "bank"
        for name, choice in self.nav_buttons.items():
            choice.setChecked(name == highlighted)
            set_state(choice, current=name == highlighted)
        self._draw_navigation()

    def open_question(self, uid: str) -> None:
        """Open a question in the editor."""
        self.editor.open_question(uid)
        self.show_page("editor")

    def new_question(self, section: str | None = None) -> None:
        """Start a new question in the editor (in ``section`` if given)."""
        self.editor.new_question(section)
        self.show_page("editor")

    def show_history(self, uid: str) -> None:
        """Show a question's versions and their history."""
        self.history.show_question(uid)
        self.show_page("history")

    def reload(self) -> None:
        """Something was written to the bank: every page that lists it reloads."""
        if self.browser is None:
            return
        self.browser.refresh()
        self.sections.refresh()
        self.blueprint.refresh()
        self.review.refresh()
        self._draw_navigation()

    def _saved(self, uid: str) -> None:
        self.reload()
        self.browser.select_uid(uid)

    # -- language and look -------------------------------------------------------------------

    @property
    def language(self) -> str:
        """The interface language."""
        return self._tr.language

    @property
    def actor(self) -> Actor:
        """The signed-in staff member, as whom the window reads and writes."""
        return self._actor

    @property
    def user(self) -> str:
        """The signed-in staff member's name (shown in the top bar and written in the audit)."""
        return self._actor.name

    def set_language(self, language: str) -> None:
        """Switch the interface language; every page redraws its texts at once."""
        if language == self._tr.language:
            return
        self._tr = self._translator_factory(language)
        for page in self.pages.values():
            set_translator = getattr(page, "set_translator", None)
            if callable(set_translator):
                set_translator(self._tr)
        self.retranslate()

    def _apply_look(self) -> None:
        self.setPalette(palette(self._theme))
        self.setStyleSheet(admin_style_sheet(self._theme))

    def retranslate(self) -> None:
        """Draw the window's own texts (top bar, navigation) in the interface language."""
        _ = self._tr
        self.setWindowTitle(_("Administration"))
        self.app_title.set_full_text(_("Qualification testing: administration"))
        set_text(self.user_label, _("User: {user}").format(user=self._actor.name))
        for language, choice in self.language_buttons.items():
            current = language == self._tr.language
            choice.setAccessibleName(
                _("Interface language: {language}").format(language=LANGUAGE_NAMES[language])
                + (", " + _("chosen") if current else "")
            )
            set_state(choice, current=current)
        self.side.setAccessibleName(_("Navigation"))
        self._draw_navigation()

    def _draw_navigation(self) -> None:
        _ = self._tr
        waiting = self.browser.submitted_count() if self.browser is not None else 0
        for key, choice in self.nav_buttons.items():
            text = _(NAVIGATION[key])
            if key == "review" and waiting:
                text = f"{text} ({waiting})"
            set_text(choice, text)
        # The navigation is as wide as its longest name in this language, never cut.
        widest = max(choice.sizeHint().width() for choice in self.nav_buttons.values())
        margins = self.side.layout().contentsMargins()
        self.side.setFixedWidth(widest + margins.left() + margins.right() + 4)


class AdminSettings(Protocol):
    """The settings the admin window needs."""

    @property
    def timezone(self) -> tzinfo:
        """Where times are shown."""
        ...


class AdminKiosk(Protocol):
    """The composition root's ``Kiosk``, as far as the admin window needs it."""

    @property
    def bank(self) -> Bank:
        """The question bank's use cases."""
        ...

    @property
    def proctor(self) -> Proctor:
        """The proctor's console use cases."""
        ...

    @property
    def accounts(self) -> Accounts:
        """Signing in and the staff accounts."""
        ...

    @property
    def competitions(self) -> Competitions:
        """Competitions and candidates."""
        ...

    @property
    def exam_sessions(self) -> ExamSessions:
        """Sessions and codes."""
        ...

    @property
    def results(self) -> Results:
        """Ranking, tie-break and refusal."""
        ...

    @property
    def documents(self) -> Documents:
        """The competition's documents."""
        ...

    @property
    def appeals(self) -> Appeals:
        """Technical appeals, commissions and hearings."""
        ...

    @property
    def verification(self) -> Verifier:
        """Checking a protocol by its file or its code."""
        ...

    @property
    def settings(self) -> AdminSettings:
        """The installation's settings."""
        ...


def _exec(app: QApplication) -> int:
    """Run the event loop (tests replace this)."""
    return app.exec()


def run_admin(kiosk: AdminKiosk, actor: Actor | None = None) -> int:
    """Sign a staff member in (unless ``actor`` is given) and run the admin window until it is
    closed; the exit code (1 when the sign-in was cancelled)."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("qualification-kiosk-admin")
    use_bundled_font(app, ADMIN_PT)
    if actor is None:
        actor = sign_in_interactively(kiosk.accounts, Translator)
        if actor is None:
            return 1
    window = AdminWindow(
        kiosk.bank,
        actor,
        Translator,
        proctor=kiosk.proctor,
        accounts=kiosk.accounts,
        competition_ports=CompetitionPorts(
            kiosk.competitions, kiosk.exam_sessions, kiosk.results, kiosk.documents
        ),
        appeals=kiosk.appeals,
        verifier=kiosk.verification,
        timezone=kiosk.settings.timezone,
    )
    window.resize(*ADMIN_SIZE)
    window.show()
    return _exec(app)
