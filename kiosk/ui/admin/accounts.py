"""The staff accounts page: who may sign in to admin mode, with which roles.

A table lists every account (login, full name, roles, active or disabled, locked until).  An
administrator creates an account (full name, login, the password typed twice, one or more
roles, each role's name explained in a sentence), changes an account's roles, disables or
enables it, and sets a new password (which also lifts a lock after wrong passwords).

The form is checked here in plain Python (:func:`account_form_problems`, :func:`role_problems`)
so that the dialog names what is wrong in the interface language and stays open; the service
checks the same rules again, and also refuses to leave the installation without an active
administrator, which this page foresees from the list it shows.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import UTC, datetime, tzinfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableWidgetItem,
    QWidget,
)

from kiosk.domain.roles import Actor, NotPermitted, Role
from kiosk.security.passwords import MIN_LENGTH, WeakPassword
from kiosk.services.session_views import AccountView
from kiosk.ui.admin.browser import DialogOverlay, readonly_table
from kiosk.ui.admin.history import NO_VALUE, format_time
from kiosk.ui.admin.page_parts import MessagePage, chosen_row, content_column
from kiosk.ui.admin.ports import Accounts
from kiosk.ui.admin.signin import (
    FULL_NAME_LIMIT,
    LOGIN_LIMIT,
    NAME_MISSING,
    PASSWORD_HINT,
    SERVICE_REFUSED,
    Problem,
    captioned_line,
    login_problems,
    name_field,
    normalized_login,
    password_problems,
    problems_text,
    weak_password_problem,
)
from kiosk.ui.widgets import VerticalScrollArea, button, label, set_text
from translations import N_, Translator

#: Each role's name …
ROLE_NAMES: dict[Role, str] = {
    Role.ADMINISTRATOR: N_("Administrator"),
    Role.OPERATOR: N_("Operator"),
    Role.BANK_EDITOR: N_("Question writer"),
    Role.BANK_APPROVER: N_("Question approver"),
    Role.COMMISSION: N_("Commission member"),
    Role.OBSERVER: N_("Observer"),
}
#: … and what it allows, in one sentence (kiosk.domain.roles.ROLE_PERMISSIONS says it in code).
ROLE_EXPLANATIONS: dict[Role, str] = {
    Role.ADMINISTRATOR: N_(
        "Manages staff accounts and competitions, runs sessions, decides results and exports "
        "documents."
    ),
    Role.OPERATOR: N_(
        "Registers candidates, runs testing sessions, issues login codes and prints documents."
    ),
    Role.BANK_EDITOR: N_("Writes and edits questions in the bank; sees no candidates."),
    Role.BANK_APPROVER: N_("Reviews and approves questions that others wrote; sees no candidates."),
    Role.COMMISSION: N_("Reads the list of candidates and the test results; changes nothing."),
    Role.OBSERVER: N_("Watches the session independently and reads the results; changes nothing."),
}

COLUMNS = ("login", "full_name", "roles", "active", "locked_until")
HEADERS: dict[str, str] = {
    "login": N_("Login"),
    "full_name": N_("Full name"),
    "roles": N_("Roles"),
    "active": N_("State"),
    "locked_until": N_("Locked until"),
}

LOGIN_TAKEN = N_("The login {login} is taken: choose another.")
NO_ROLE = N_("Choose at least one role.")
LAST_ADMINISTRATOR = N_(
    "{login} is the last active administrator: make another account an administrator first."
)
NOT_PERMITTED = N_("Only an administrator manages staff accounts.")
ACCOUNT_GONE = N_("The account {login} no longer exists.")

#: A header's padding and border in the admin style sheet, both sides together.
HEADER_PADDING_PX = 24

#: Dialog modes.
CREATE, ROLES, PASSWORD = "create", "roles", "password"


def account_form_problems(
    full_name: str,
    login: str,
    password: str,
    repeated: str,
    roles: Collection[Role],
    existing_logins: Iterable[str],
) -> list[Problem]:
    """What is wrong with a new account's form, as (message, values); empty when it may be sent.

    Logins are compared as the service stores them (trimmed, casefolded), so "Aida" is taken
    when "aida" exists.
    """
    problems: list[Problem] = []
    if not full_name.strip():
        problems.append((NAME_MISSING, {}))
    problems += login_problems(login) or taken_login_problems(login, existing_logins)
    problems += password_problems(password, repeated, login)
    if not roles:
        problems.append((NO_ROLE, {}))
    return problems


def taken_login_problems(login: str, existing_logins: Iterable[str]) -> list[Problem]:
    """The login is taken, compared as stored (trimmed, casefolded); empty when it is free."""
    name = normalized_login(login)
    if name in {normalized_login(existing) for existing in existing_logins}:
        return [(LOGIN_TAKEN, {"login": name})]
    return []


def is_last_active_administrator(accounts: Sequence[AccountView], login: str) -> bool:
    """True when ``login`` is the only active administrator among ``accounts``."""
    administrators = [a.login for a in accounts if a.active and Role.ADMINISTRATOR in a.roles]
    return administrators == [login]


def role_problems(
    accounts: Sequence[AccountView], login: str, roles: Collection[Role]
) -> list[Problem]:
    """What is wrong with giving ``login`` these roles (empty when fine)."""
    if not roles:
        return [(NO_ROLE, {})]
    if Role.ADMINISTRATOR not in roles and is_last_active_administrator(accounts, login):
        return [(LAST_ADMINISTRATOR, {"login": login})]
    return []


def roles_text(roles: Iterable[Role], translator: Translator) -> str:
    """Role names in the interface language, in the order of :class:`Role`."""
    chosen = set(roles)
    return ", ".join(translator(ROLE_NAMES[role]) for role in Role if role in chosen)


class AccountsPage(MessagePage):
    """The staff accounts and what an administrator does with them.

    ``actor`` is the signed-in administrator, in whose name every change is made; ``now`` gives
    the time against which a lock is shown as still running (tests pass a fixed one).
    """

    def __init__(
        self,
        accounts: Accounts,
        actor: Actor,
        translator: Translator,
        parent: QWidget | None = None,
        *,
        timezone: tzinfo | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(translator, parent, name="accounts")
        self.setObjectName("accountsPage")
        self._service = accounts
        self._actor = actor
        self._timezone = timezone
        self._now = now
        self._views: list[AccountView] = []
        #: CREATE, ROLES or PASSWORD while the dialog is open, with the account it is about.
        self._mode: str | None = None
        self._subject: str | None = None
        self._dialog_problems: list[Problem] = []
        self._page_problems: list[Problem] = []

        self.content, column = content_column(self)
        self.title = label("pageTitle", wrap=False, name="accountsTitle")
        self.hint = label("muted", name="accountsHint")
        self.table = readonly_table("accountsTable")
        self.table.setColumnCount(len(COLUMNS))
        self.create_button = button("primary", name="createAccount")
        self.roles_button = button(name="changeRoles")
        self.active_button = button(name="toggleActive")
        self.password_button = button(name="resetPassword")
        actions = QHBoxLayout()
        actions.setSpacing(10)
        for widget in (
            self.create_button,
            self.roles_button,
            self.active_button,
            self.password_button,
        ):
            actions.addWidget(widget)
        actions.addStretch(1)
        column.addWidget(self.title)
        column.addWidget(self.hint)
        column.addWidget(self.error)
        column.addWidget(self.notice)
        column.addWidget(self.table, 1)
        column.addLayout(actions)

        self.dialog = DialogOverlay(self, self.content, "accountDialog")
        self._build_dialog_fields()

        self.table.currentCellChanged.connect(lambda *_cells: self._update_buttons())
        self.table.cellDoubleClicked.connect(lambda _row, _column: self.ask_roles())
        self.create_button.clicked.connect(self.ask_create)
        self.roles_button.clicked.connect(self.ask_roles)
        self.active_button.clicked.connect(self.toggle_active)
        self.password_button.clicked.connect(self.ask_password)
        self.dialog.accepted.connect(self._save)
        self.dialog.cancelled.connect(self._forget)
        self.retranslate()
        self.refresh()

    def _build_dialog_fields(self) -> None:
        self.full_name_caption, self.full_name = captioned_line("accountFullName", FULL_NAME_LIMIT)
        self.login_caption, self.login = captioned_line("accountLogin", LOGIN_LIMIT + 20)
        self.password_caption, self.password = captioned_line("accountPassword")
        self.repeat_caption, self.repeat = captioned_line("accountRepeat")
        for field in (self.password, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_hint = label("muted", name="accountPasswordHint")
        self.roles_caption = label("fieldCaption", wrap=False, name="accountRolesCaption")
        self.role_boxes: dict[Role, QCheckBox] = {}
        self.role_explanations: dict[Role, QLabel] = {}
        self.roles_panel = QWidget(objectName="accountRoles")
        grid = QGridLayout(self.roles_panel)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(8)
        # One role a row: the box with the role's name, and beside it what the role may do.
        for row, role in enumerate(Role):
            box = QCheckBox(objectName=f"role-{role.value}")
            explanation = label("muted", name=f"roleExplanation-{role.value}")
            explanation.setBuddy(box)
            grid.addWidget(box, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(explanation, row, 1, Qt.AlignmentFlag.AlignTop)
            self.role_boxes[role] = box
            self.role_explanations[role] = explanation
        grid.setColumnStretch(1, 1)

        # Two fields a row, so that the whole form fits a 768-pixel-high screen; should it not
        # (large text), the form scrolls inside the dialog and the buttons stay in view.
        self.form_panel = QWidget(objectName="accountForm")
        form = QGridLayout(self.form_panel)
        form.setContentsMargins(0, 0, 6, 0)
        form.setHorizontalSpacing(18)
        form.setVerticalSpacing(4)
        cells = (
            (self.full_name_caption, 0, 0),
            (self.full_name, 1, 0),
            (self.login_caption, 0, 1),
            (self.login, 1, 1),
            (self.password_caption, 2, 0),
            (self.password, 3, 0),
            (self.repeat_caption, 2, 1),
            (self.repeat, 3, 1),
        )
        for widget, row, column in cells:
            form.addWidget(widget, row, column)
        form.addWidget(self.password_hint, 4, 0, 1, 2)
        form.addWidget(self.roles_caption, 5, 0, 1, 2)
        form.addWidget(self.roles_panel, 6, 0, 1, 2)
        form.setColumnStretch(0, 1)
        form.setColumnStretch(1, 1)
        # Spare height goes under the form, not between the rows of the fields it shows.
        form.setRowStretch(7, 1)
        self.form_scroll = VerticalScrollArea(self.form_panel)
        self.form_scroll.setObjectName("accountFormScroll")
        # The form lies on the dialog's panel: no background of its own.
        self.form_scroll.setStyleSheet(
            "QScrollArea#accountFormScroll, QWidget#accountForm { background: transparent; }"
        )
        self.form_scroll.viewport().setAutoFillBackground(False)
        self.dialog.fields.addWidget(self.form_scroll)
        for caption, field in (
            (self.full_name_caption, self.full_name),
            (self.login_caption, self.login),
            (self.password_caption, self.password),
            (self.repeat_caption, self.repeat),
        ):
            caption.setBuddy(field)
            field.returnPressed.connect(self.dialog.ok.click)

    # -- data --------------------------------------------------------------------------------

    @property
    def accounts(self) -> list[AccountView]:
        """The accounts shown, by login."""
        return list(self._views)

    @property
    def actor(self) -> Actor:
        """The signed-in administrator."""
        return self._actor

    def refresh(self) -> None:
        """Reload the accounts, keeping the selected one."""
        current = self.current_login()
        try:
            self._views = self._service.accounts(self._actor)
        except NotPermitted:
            self._views = []
            self._page_problems = [(NOT_PERMITTED, {})]
        self._draw_table()
        if current is not None:
            self.select(current)
        self._update_buttons()
        self._draw_messages()

    def current_login(self) -> str | None:
        """The login of the selected account."""
        account = self.current_account()
        return account.login if account is not None else None

    def current_account(self) -> AccountView | None:
        """The selected account."""
        return chosen_row(self.table, self._views)

    def select(self, login: str) -> None:
        """Select an account by its login."""
        for row, view in enumerate(self._views):
            if view.login == login:
                self.table.setCurrentCell(row, 0)
                return

    # -- actions -----------------------------------------------------------------------------

    def ask_create(self) -> None:
        """Open the dialog for a new account."""
        for field in (self.full_name, self.login, self.password, self.repeat):
            field.clear()
        for box in self.role_boxes.values():
            box.setChecked(False)
        self._open(CREATE, None, self.full_name)

    def ask_roles(self) -> None:
        """Open the dialog to change the selected account's roles."""
        account = self.current_account()
        if account is None:
            return
        for role, box in self.role_boxes.items():
            box.setChecked(role in account.roles)
        self._open(ROLES, account.login, self.role_boxes[next(iter(Role))])

    def ask_password(self) -> None:
        """Open the dialog to set the selected account's new password."""
        account = self.current_account()
        if account is None:
            return
        self.password.clear()
        self.repeat.clear()
        self._open(PASSWORD, account.login, self.password)

    def toggle_active(self) -> AccountView | None:
        """Disable the selected account when active, enable it when disabled."""
        account = self.current_account()
        if account is None:
            return None
        self._notice = None
        if account.active and is_last_active_administrator(self._views, account.login):
            self._page_problems = [(LAST_ADMINISTRATOR, {"login": account.login})]
            self._draw_messages()
            return None
        problems, changed = self._call(
            lambda: self._service.set_active(self._actor, account.login, not account.active),
            account.login,
            recheck=lambda views: (
                [(LAST_ADMINISTRATOR, {"login": account.login})]
                if account.active and is_last_active_administrator(views, account.login)
                else []
            ),
        )
        if changed is None:
            self._page_problems = problems
            self._draw_messages()
            return None
        self._page_problems = []
        self._done(
            (
                N_("Account {login} enabled.")
                if changed.active
                else N_("Account {login} disabled: it can no longer sign in."),
                {"login": changed.login},
            ),
            changed.login,
        )
        return changed

    def chosen_roles(self) -> frozenset[Role]:
        """The roles ticked in the dialog."""
        return frozenset(role for role, box in self.role_boxes.items() if box.isChecked())

    def _save(self) -> None:
        outcome = self._check_and_send()
        if outcome is None:
            self._draw_dialog_problems()
            return
        notice, changed = outcome
        self.dialog.close_dialog()
        self._forget()
        self._page_problems = []
        self._done((notice, {"login": changed.login}), changed.login)

    def _check_and_send(self) -> tuple[str, AccountView] | None:
        """Check the dialog's form and send it: (the notice, the account), or None with
        :attr:`_dialog_problems` saying why not."""
        mode, login = self._mode, self._subject
        changed: AccountView | None = None
        if mode == CREATE:
            new_login = self.login.text()
            self._dialog_problems = account_form_problems(
                self.full_name.text(),
                new_login,
                self.password.text(),
                self.repeat.text(),
                self.chosen_roles(),
                (view.login for view in self._views),
            )
            if not self._dialog_problems:
                self._dialog_problems, changed = self._call(
                    lambda: self._service.create_account(
                        self._actor,
                        new_login,
                        self.full_name.text(),
                        self.chosen_roles(),
                        self.password.text(),
                    ),
                    normalized_login(new_login),
                    recheck=lambda views: taken_login_problems(new_login, (v.login for v in views)),
                )
            notice = N_("Account {login} created.")
        elif mode == ROLES and login is not None:
            roles = self.chosen_roles()
            self._dialog_problems = role_problems(self._views, login, roles)
            if not self._dialog_problems:
                self._dialog_problems, changed = self._call(
                    lambda: self._service.set_roles(self._actor, login, roles),
                    login,
                    recheck=lambda views: role_problems(views, login, roles),
                )
            notice = N_("Roles of {login} changed.")
        elif mode == PASSWORD and login is not None:
            password = self.password.text()
            self._dialog_problems = password_problems(password, self.repeat.text(), login)
            if not self._dialog_problems:
                self._dialog_problems, changed = self._call(
                    lambda: self._service.reset_password(self._actor, login, password), login
                )
            notice = N_("New password set for {login}; the account is unlocked.")
        else:
            return None
        return (notice, changed) if changed is not None else None

    def _call(
        self,
        change: Callable[[], AccountView],
        login: str,
        *,
        recheck: Callable[[list[AccountView]], list[Problem]] | None = None,
    ) -> tuple[list[Problem], AccountView | None]:
        """Make a change through the service: (no problems, the account) or (why not, None).

        ``recheck`` names the problem from a fresh list when the service refuses what this
        page's list allowed (another station changed the accounts since it was drawn).
        """
        try:
            return [], change()
        except WeakPassword as weak:
            return [weak_password_problem(weak.reason)], None
        except NotPermitted:
            return [(NOT_PERMITTED, {})], None
        except LookupError:
            return [(ACCOUNT_GONE, {"login": login})], None
        except ValueError as refused:
            # The list was out of date: reload it and say what the fresh one shows; the
            # service's own words only when that finds nothing.
            self.refresh()
            found = recheck(self._views) if recheck is not None else []
            return found or [(SERVICE_REFUSED, {"reason": str(refused)})], None

    def _done(self, notice: Problem, login: str) -> None:
        self._notice = notice
        self.refresh()
        self.select(login)
        self.changed.emit()

    def _forget(self) -> None:
        self._mode = None
        self._subject = None
        self._dialog_problems = []
        self.password.clear()
        self.repeat.clear()

    # -- reading what is shown -----------------------------------------------------------------

    @property
    def dialog_error_text(self) -> str:
        """The error inside the open dialog ("" when none)."""
        return self.dialog.error.text() if not self.dialog.error.isHidden() else ""

    def cell(self, row: int, column: str) -> str:
        """The text of a table cell, by row and column key."""
        item = self.table.item(row, COLUMNS.index(column))
        return item.text() if item is not None else ""

    def take_focus(self) -> None:
        """Give the keyboard to the table."""
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- drawing -----------------------------------------------------------------------------

    def _open(self, mode: str, login: str | None, focus: QWidget) -> None:
        self._mode = mode
        self._subject = login
        self._dialog_problems = []
        self._show_fields()
        title, message, ok = self._dialog_texts()
        self.dialog.present(title, ok, self._tr("Cancel"), message=message, focus=focus)

    def _show_fields(self) -> None:
        mode = self._mode
        shown = {
            self.full_name_caption: mode == CREATE,
            self.full_name: mode == CREATE,
            self.login_caption: mode == CREATE,
            self.login: mode == CREATE,
            self.password_caption: mode in (CREATE, PASSWORD),
            self.password: mode in (CREATE, PASSWORD),
            self.repeat_caption: mode in (CREATE, PASSWORD),
            self.repeat: mode in (CREATE, PASSWORD),
            self.password_hint: mode in (CREATE, PASSWORD),
            self.roles_caption: mode in (CREATE, ROLES),
            self.roles_panel: mode in (CREATE, ROLES),
        }
        for widget, visible in shown.items():
            widget.setVisible(visible)

    def _dialog_texts(self) -> tuple[str, str, str]:
        _ = self._tr
        login = self._subject or ""
        name = next((v.full_name for v in self._views if v.login == login), login)
        if self._mode == CREATE:
            return _("New staff account"), "", _("Create")
        if self._mode == ROLES:
            return (
                _("Roles of {name} ({login})").format(name=name, login=login),
                _("An account may hold several roles."),
                _("Save"),
            )
        return (
            _("New password for {name} ({login})").format(name=name, login=login),
            _("Give the new password to its owner in person. It also lifts a lock."),
            _("Set password"),
        )

    def _draw_dialog_problems(self) -> None:
        self.dialog.show_error(problems_text(self._dialog_problems, self._tr))

    def _message_texts(self) -> tuple[str, str]:
        # The page may have several problems to name at once; the notice is one message.
        _error, notice = super()._message_texts()
        return problems_text(self._page_problems, self._tr), notice

    def _draw_table(self) -> None:
        _ = self._tr
        now = self._now()
        self.table.setRowCount(len(self._views))
        for row, view in enumerate(self._views):
            locked = view.locked_until is not None and view.locked_until > now
            cells = [
                view.login,
                view.full_name,
                roles_text(view.roles, self._tr),
                _("Active") if view.active else _("Disabled"),
                format_time(view.locked_until, self._timezone) if locked else NO_VALUE,
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not view.active:
                    # Italic, not a colour: it reads the same in every theme.
                    font = item.font()
                    font.setItalic(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        self.table.resizeColumnsToContents()
        # Qt sizes a column by its cells and a plain header; the header is bold and padded by
        # the style sheet, and a cut "Login" would be read as something else.
        bold = QFont(header.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        for column, key in enumerate(COLUMNS):
            needed = metrics.horizontalAdvance(_(HEADERS[key])) + HEADER_PADDING_PX
            if self.table.columnWidth(column) < needed:
                self.table.setColumnWidth(column, needed)
        header.setSectionResizeMode(COLUMNS.index("roles"), header.ResizeMode.Stretch)

    def _update_buttons(self) -> None:
        account = self.current_account()
        permitted = not any(message == NOT_PERMITTED for message, _v in self._page_problems)
        self.create_button.setEnabled(permitted)
        for widget in (self.roles_button, self.active_button, self.password_button):
            widget.setEnabled(account is not None)
        self._draw_active_button()

    def _draw_active_button(self) -> None:
        _ = self._tr
        account = self.current_account()
        set_text(
            self.active_button,
            _("Enable") if account is not None and not account.active else _("Disable"),
        )

    def retranslate(self) -> None:
        """Draw every text in the interface language."""
        _ = self._tr
        set_text(self.title, _("Staff accounts"))
        set_text(
            self.hint,
            _(
                "Everyone who signs in to administration has an account of their own. Five "
                "wrong passwords in a row lock an account for 15 minutes; a new password lifts "
                "the lock."
            ),
        )
        self.table.setHorizontalHeaderLabels([_(HEADERS[c]) for c in COLUMNS])
        self.table.setAccessibleName(_("Staff accounts"))
        set_text(self.create_button, _("New account…"))
        set_text(self.roles_button, _("Roles…"))
        set_text(self.password_button, _("New password…"))
        self._draw_active_button()
        name_field(self.full_name_caption, self.full_name, _("Full name"))
        name_field(self.login_caption, self.login, _("Login"))
        name_field(self.password_caption, self.password, _("Password"))
        name_field(self.repeat_caption, self.repeat, _("Password again"))
        set_text(self.password_hint, _(PASSWORD_HINT).format(minimum=MIN_LENGTH))
        set_text(self.roles_caption, _("Roles"))
        for role, box in self.role_boxes.items():
            box.setText(_(ROLE_NAMES[role]))
            box.setAccessibleDescription(_(ROLE_EXPLANATIONS[role]))
            set_text(self.role_explanations[role], _(ROLE_EXPLANATIONS[role]))
        self._draw_table()
        self._draw_messages()
        if self.dialog.isVisible():
            title, message, ok = self._dialog_texts()
            self.dialog.retexts(title, ok, _("Cancel"), message)
            if self._dialog_problems:
                self._draw_dialog_problems()
