"""The admin window: the question bank for its editors, approvers and operators.

A bar at the top names the signed-in user and switches the interface language (Кыргызча /
Русский / English) for every page at once; a side navigation leads to the bank browser, the
review queue, the sections, import and export, and the blueprint check.  The editor and a
question's history open from the browser.  Every write goes through the bank service (the
``Bank`` port), in the user's name; pages that changed the bank say so and the others reload.

The editor, the review queue and the history are separate modules; while one is missing its
place shows a note instead, so the window runs with whatever pages exist.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
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

from kiosk.ui.admin.blueprint import BlueprintPage
from kiosk.ui.admin.browser import AdminPage, BankBrowser, page_layout
from kiosk.ui.admin.exchange import (
    ChooseFile,
    ChooseSavePath,
    ExchangePage,
    dialog_choose_file,
    dialog_choose_save_path,
)
from kiosk.ui.admin.ports import Bank
from kiosk.ui.admin.sections import SectionsPage
from kiosk.ui.fonts import FAMILY, use_bundled_font
from kiosk.ui.theme import FOCUS_WIDTH_PX, NORMAL, Theme, palette, set_state
from kiosk.ui.widgets import ElidedLabel, button, frame, label, set_text
from translations import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, N_, Translator

#: The admin window's text size: desk work at arm's length, smaller than a candidate's 20 pt.
ADMIN_PT = 12.0
#: The size the window opens at (a 1366×768 laptop is the smallest screen it is used on).
ADMIN_SIZE = (1366, 768)

#: The side navigation: page key → its name.
NAVIGATION: dict[str, str] = {
    "bank": N_("Bank"),
    "review": N_("Review queue"),
    "sections": N_("Sections"),
    "exchange": N_("Import / export"),
    "blueprint": N_("Blueprint check"),
}


def _optional(module: str, name: str) -> type[QWidget] | None:
    """A page class from a module of the admin package that may not be written yet."""
    full = f"kiosk.ui.admin.{module}"
    try:
        found = importlib.import_module(full)
    except ModuleNotFoundError as missing:
        if missing.name != full:
            raise
        return None
    return getattr(found, name, None)


class UnavailablePage(AdminPage):
    """Stands in for a page whose module is not installed."""

    def __init__(self, translator: Translator, name: str) -> None:
        super().__init__(translator)
        self.setObjectName(f"unavailable-{name}")
        self.note = label("muted")
        column = page_layout(self)
        column.setContentsMargins(20, 20, 20, 20)
        column.addWidget(self.note)
        column.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        """Say that this part is not available."""
        _ = self._tr
        set_text(self.note, _("This part of the program is not available yet."))


class AdminWindow(QWidget):
    """The bank's admin window.

    ``user`` is the signed-in user's name; every write is made in that name.  ``translator_factory``
    makes a translator for a language (tests pass strict ones); ``choose_file`` and
    ``choose_save_path`` ask for files (tests pass functions that answer at once).
    """

    def __init__(
        self,
        bank: Bank,
        user: str,
        translator_factory: Callable[[str], Translator],
        language: str = DEFAULT_LANGUAGE,
        *,
        choose_file: ChooseFile = dialog_choose_file,
        choose_save_path: ChooseSavePath = dialog_choose_save_path,
        timezone: tzinfo | None = None,
        theme: Theme = NORMAL,
    ) -> None:
        super().__init__()
        self.setObjectName("adminWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._bank = bank
        self._user = user
        self._translator_factory = translator_factory
        self._tr = translator_factory(language)
        self._theme = theme
        self._current = "bank"

        self.top_bar = self._make_top_bar()
        self.browser = BankBrowser(bank, user, self._tr, timezone=timezone)
        self.sections = SectionsPage(bank, user, self._tr)
        self.exchange = ExchangePage(
            bank, user, self._tr, choose_file=choose_file, choose_save_path=choose_save_path
        )
        self.blueprint = BlueprintPage(bank, self._tr)
        review_class = _optional("review", "ReviewPage")
        editor_class = _optional("editor", "EditorPage")
        history_class = _optional("history", "HistoryPage")
        self.review: QWidget | None = (
            review_class(bank, user, self._tr) if review_class is not None else None
        )
        self.editor: QWidget | None = (
            editor_class(bank, user, self._tr) if editor_class is not None else None
        )
        self.history: QWidget | None = (
            history_class(bank, self._tr) if history_class is not None else None
        )
        self.pages: dict[str, QWidget] = {
            "bank": self.browser,
            "review": self.review or UnavailablePage(self._tr, "review"),
            "sections": self.sections,
            "exchange": self.exchange,
            "blueprint": self.blueprint,
            "editor": self.editor or UnavailablePage(self._tr, "editor"),
            "history": self.history or UnavailablePage(self._tr, "history"),
        }
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
        self.show_page("bank")

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
        self.browser.open_requested.connect(self.open_question)
        self.browser.new_requested.connect(self.new_question)
        self.browser.history_requested.connect(self.show_history)
        for page in (self.browser, self.sections, self.exchange, self.blueprint):
            page.changed.connect(self.reload)
        if self.editor is not None and hasattr(self.editor, "saved"):
            self.editor.saved.connect(self._saved)
        if self.review is not None and hasattr(self.review, "decided"):
            self.review.decided.connect(lambda _version_id: self.reload())

    # -- navigation --------------------------------------------------------------------------

    @property
    def current_page(self) -> str:
        """The key of the page shown ("bank", "review", …, "editor", "history")."""
        return self._current

    def show_page(self, key: str) -> None:
        """Show a page; it reloads from the bank first."""
        page = self.pages[key]
        if key in ("bank", "review", "sections"):
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
        if self.editor is not None:
            self.editor.open_question(uid)
        self.show_page("editor")

    def new_question(self, section: str | None = None) -> None:
        """Start a new question in the editor (in ``section`` if given)."""
        if self.editor is not None:
            self.editor.new_question(section)
        self.show_page("editor")

    def show_history(self, uid: str) -> None:
        """Show a question's versions and their history."""
        if self.history is not None:
            self.history.show_question(uid)
        self.show_page("history")

    def reload(self) -> None:
        """Something was written: every page that lists the bank reloads."""
        self.browser.refresh()
        self.sections.refresh()
        self.blueprint.refresh()
        refresh = getattr(self.review, "refresh", None)
        if callable(refresh):
            refresh()
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
    def user(self) -> str:
        """The signed-in user, in whose name the window writes."""
        return self._user

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
        self.setWindowTitle(_("Question bank"))
        self.app_title.set_full_text(_("Question bank: administration"))
        set_text(self.user_label, _("User: {user}").format(user=self._user))
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
        waiting = self.browser.submitted_count()
        for key, choice in self.nav_buttons.items():
            text = _(NAVIGATION[key])
            if key == "review" and waiting:
                text = f"{text} ({waiting})"
            set_text(choice, text)
        # The navigation is as wide as its longest name in this language, never cut.
        widest = max(choice.sizeHint().width() for choice in self.nav_buttons.values())
        margins = self.side.layout().contentsMargins()
        self.side.setFixedWidth(widest + margins.left() + margins.right() + 4)


def admin_style_sheet(theme: Theme = NORMAL, point: float = ADMIN_PT) -> str:
    """The admin window's style sheet: the candidate screens' colours, a desk-sized type."""
    t = theme
    f = FOCUS_WIDTH_PX - 1

    def pt(factor: float) -> str:
        return f"{round(point * factor, 1)}pt"

    return f"""
* {{ font-family: "{FAMILY}"; font-size: {pt(1)}; color: {t.text}; }}
QWidget#adminWindow, QStackedWidget, QStackedWidget > QWidget, QTabWidget > QWidget {{
    background: {t.background};
}}
QLabel {{ background: transparent; }}
QLabel[role="pageTitle"] {{ font-size: {pt(1.45)}; font-weight: bold; }}
QLabel[role="dialogTitle"] {{ font-size: {pt(1.25)}; font-weight: bold; }}
QLabel[role="heading"] {{ font-size: {pt(1.1)}; font-weight: bold; }}
QLabel[role="value"] {{ font-weight: bold; }}
QLabel[role="muted"] {{ color: {t.muted}; }}
QLabel[role="fieldCaption"] {{ color: {t.muted}; font-weight: bold; }}
QLabel[role="appTitle"] {{ font-size: {pt(1.15)}; font-weight: bold; }}
QLabel[role="userName"] {{ color: {t.muted}; }}
QFrame[role="topBar"] {{
    background: {t.surface}; border: none; border-bottom: 2px solid {t.border};
}}
QFrame[role="sideNav"] {{
    background: {t.surface}; border: none; border-right: 2px solid {t.border};
}}
QFrame[role="error"] {{
    background: {t.bad_bg}; border: 2px solid {t.error_text}; border-radius: 6px;
}}
QFrame[role="error"] QLabel {{ color: {t.error_text}; }}
QFrame[role="info"] {{
    background: {t.chosen_bg}; border: 2px solid {t.accent}; border-radius: 6px;
}}
QFrame[role="info"] QLabel {{ color: {t.chosen_text}; }}
QFrame[role="good"] {{
    background: {t.good_bg}; border: 2px solid {t.good_text}; border-radius: 6px;
}}
QFrame[role="good"] QLabel {{ color: {t.good_text}; font-weight: bold; }}
QFrame[role="overlay"] {{ background: rgba(0, 0, 0, 150); }}
QFrame[role="dialog"] {{
    background: {t.surface}; border: 3px solid {t.text}; border-radius: 10px;
}}

QPushButton {{
    background: {t.surface}; color: {t.text}; border: {f}px solid {t.border};
    border-radius: 7px; padding: 4px 16px; min-height: 1.5em;
}}
QPushButton:hover {{ background: {t.hover}; }}
QPushButton:pressed {{ background: {t.chosen_bg}; }}
QPushButton:disabled {{ color: {t.disabled_text}; border-color: {t.disabled_border}; }}
QPushButton[role="primary"] {{
    background: {t.accent}; color: {t.accent_text}; font-weight: bold; border-color: {t.accent};
}}
QPushButton[role="primary"]:hover {{ background: {t.chosen_text}; }}
QPushButton[role="primary"]:disabled {{
    background: {t.background}; color: {t.disabled_text}; border-color: {t.disabled_border};
}}
QPushButton[role="danger"] {{ color: {t.bad_text}; border-color: {t.bad_text}; }}
QPushButton[role="danger"]:disabled {{
    color: {t.disabled_text}; border-color: {t.disabled_border};
}}
QPushButton[role="tool"] {{ padding: 2px 12px; min-height: 1.3em; }}
QPushButton[role="tool"][current="true"] {{
    background: {t.accent}; color: {t.accent_text}; font-weight: bold; border-color: {t.accent};
}}
QPushButton[role="side"] {{
    text-align: left; padding: 7px 12px; border-color: transparent; font-size: {pt(1.05)};
}}
QPushButton[role="side"][current="true"] {{
    background: {t.accent}; color: {t.accent_text}; font-weight: bold; border-color: {t.accent};
}}

QLineEdit, QPlainTextEdit {{
    background: {t.surface}; color: {t.text}; border: 2px solid {t.border};
    border-radius: 6px; padding: 3px 8px;
    selection-background-color: {t.accent}; selection-color: {t.accent_text};
}}
QLineEdit:disabled {{
    color: {t.disabled_text}; background: {t.background}; border-color: {t.disabled_border};
}}
QComboBox, QSpinBox {{ padding: 3px 8px; }}
QCheckBox {{ spacing: 10px; }}

QTableView, QTableWidget {{
    background: {t.surface}; alternate-background-color: {t.background};
    gridline-color: {t.disabled_border}; border: 2px solid {t.border}; border-radius: 4px;
    selection-background-color: {t.accent}; selection-color: {t.accent_text};
}}
QTableView, QTableWidget, QHeaderView {{ font-size: {pt(0.92)}; }}
QHeaderView::section {{
    background: {t.background}; color: {t.text}; font-weight: bold;
    border: none; border-right: 1px solid {t.disabled_border};
    border-bottom: 2px solid {t.border}; padding: 4px 8px;
}}
QTabWidget::pane {{ border: 2px solid {t.border}; border-radius: 4px; top: -2px; }}
QTabBar::tab {{
    background: {t.background}; border: 2px solid {t.border}; border-bottom: none;
    border-top-left-radius: 6px; border-top-right-radius: 6px;
    padding: 5px 22px; margin-right: 4px;
}}
QTabBar::tab:selected {{ background: {t.surface}; font-weight: bold; }}

QPushButton:focus, QPushButton[role="primary"]:focus, QPushButton[role="side"]:focus,
QPushButton[role="tool"]:focus, QPushButton[role="danger"]:focus,
QLineEdit:focus, QPlainTextEdit:focus,
QTableView:focus, QTableWidget:focus {{
    border: {f}px solid {t.focus};
}}
QTabBar::tab:focus {{ border-color: {t.focus}; }}
QToolTip {{
    background: {t.surface}; color: {t.text}; border: 2px solid {t.border}; padding: 5px;
}}
"""


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
    def settings(self) -> AdminSettings:
        """The installation's settings."""
        ...


def _exec(app: QApplication) -> int:
    """Run the event loop (tests replace this)."""
    return app.exec()


def run_admin(kiosk: AdminKiosk, user: str) -> int:
    """Open the admin window for ``user`` and run until it is closed; the exit code."""
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("qualification-kiosk-admin")
    use_bundled_font(app, ADMIN_PT)
    window = AdminWindow(kiosk.bank, user, Translator, timezone=kiosk.settings.timezone)
    window.resize(*ADMIN_SIZE)
    window.show()
    return _exec(app)
