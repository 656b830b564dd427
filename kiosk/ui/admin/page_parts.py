"""What the staff pages of competitions, candidates, sessions, results, accounts and the console
share: the messages they keep untranslated, the error and notice boxes above their lists, and
the frame their content sits in.

The pages were written side by side and each drew its own boxes and kept its own messages; one
implementation here keeps them saying things the same way (a language switch redraws what was
said, a refusal replaces the last notice) and leaves each page only what is its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from PySide6.QtWidgets import QTableWidget, QVBoxLayout, QWidget

from kiosk.services.views import in_language
from kiosk.ui.admin.browser import AdminPage, message_box, page_layout
from translations import Translator

#: A message kept untranslated with its values, so that a language switch redraws it.
Message = tuple[str, dict[str, object]]

#: The margins of a page's content: the same on every staff page, so that switching pages does
#: not shift the title.
CONTENT_MARGINS = (20, 14, 20, 14)


Row = TypeVar("Row")


@dataclass(frozen=True)
class CellLook:
    """The colours of a table cell that shows a state (a seat's, a candidate's standing)."""

    background: str
    text: str
    bold: bool = False


class Term(str):
    """A message's value that is itself a catalogue message (a field's name): translated too."""


def message_text(message: Message, translator: Translator) -> str:
    """A kept message in the interface language; a value given in several languages (a post)
    and a :class:`Term` are shown in the interface language too."""
    text, values = message

    def shown_value(value: object) -> object:
        if isinstance(value, Term):
            return translator(value)
        if isinstance(value, Mapping):
            return in_language(dict(value), translator.language)
        return value

    shown = {key: shown_value(value) for key, value in values.items()}
    return translator(text).format(**shown) if shown else translator(text)


def messages_text(messages: Iterable[Message], translator: Translator) -> str:
    """Several kept messages (a form's problems), one a line, in the interface language."""
    return "\n".join(message_text(message, translator) for message in messages)


def chosen_row(table: QTableWidget, rows: Sequence[Row]) -> Row | None:
    """What the chosen row of ``table`` shows, from the ``rows`` it was drawn from (None while
    no row is chosen)."""
    row = table.currentRow()
    return rows[row] if 0 <= row < len(rows) else None


def content_column(page: QWidget, *, spacing: int = 10) -> tuple[QWidget, QVBoxLayout]:
    """The page's content widget, filling the page, and the column its parts are added to.

    The content is a widget of its own because the page's dialogs cover it (see
    :class:`~kiosk.ui.admin.browser.DialogOverlay`).
    """
    content = QWidget()
    column = QVBoxLayout(content)
    column.setContentsMargins(*CONTENT_MARGINS)
    column.setSpacing(spacing)
    outer = page_layout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(content)
    return content, column


class MessagePage(AdminPage):
    """A page that says above its list what was refused (:attr:`error`) and what the last action
    did (:attr:`notice`).

    Both are kept as :data:`Message` and drawn by :meth:`_draw_messages`, so that they follow a
    language switch.  ``name`` prefixes the boxes' object names (``<name>Error``,
    ``<name>Notice``, or ``<name><notice_suffix>``).
    """

    def __init__(
        self,
        translator: Translator,
        parent: QWidget | None = None,
        *,
        name: str,
        notice_suffix: str = "Notice",
    ) -> None:
        super().__init__(translator, parent)
        self._error: Message | None = None
        self._notice: Message | None = None
        self.error = message_box("error", f"{name}Error")
        self.notice = message_box("good", f"{name}{notice_suffix}")

    @property
    def error_text(self) -> str:
        """The refusal shown on the page ("" when none)."""
        return self.error.text() if not self.error.isHidden() else ""

    @property
    def notice_text(self) -> str:
        """The outcome of the last action, as shown ("" when none)."""
        return self.notice.text() if not self.notice.isHidden() else ""

    def _set_messages(self, *, error: Message | None = None, notice: Message | None = None) -> None:
        """Say one thing: a refusal or an outcome replaces whatever was said before."""
        self._error, self._notice = error, notice
        self._draw_messages()

    def _show_error(self, message: Message) -> None:
        self._set_messages(error=message)

    def _message_texts(self) -> tuple[str, str]:
        """The error and the notice in the interface language (pages that keep more say more)."""
        _ = self._tr
        return (
            message_text(self._error, _) if self._error else "",
            message_text(self._notice, _) if self._notice else "",
        )

    def _draw_messages(self) -> None:
        error, notice = self._message_texts()
        self.error.set_message(error)
        self.notice.set_message(notice)
