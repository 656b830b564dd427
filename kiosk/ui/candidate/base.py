"""What every candidate screen has: a translator, a way to retranslate, and key handling."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLayout, QVBoxLayout, QWidget

from kiosk.ui.widgets import scroll_area
from translations import Translator


class Screen(QWidget):
    """A page of the candidate window.

    Screens keep what they show as plain state and draw their texts from it in
    :meth:`retranslate`, so switching the interface language redraws every label at once and
    loses nothing.
    """

    def __init__(self, translator: Translator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._tr = translator

    @property
    def translator(self) -> Translator:
        """The translator of the interface language."""
        return self._tr

    def set_translator(self, translator: Translator) -> None:
        """Switch the interface language and redraw every text."""
        self._tr = translator
        self.retranslate()

    def lay_out_card(self, card: QWidget, above: Sequence[QWidget] = ()) -> None:
        """Place ``card`` in the middle of the page, ``above`` (titles) over it.

        Stretches, not an alignment flag: an aligned card would not get the height its wrapped
        messages need.
        """
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(card, 4)
        middle.addStretch(1)
        content = QWidget()
        column = QVBoxLayout(content)
        column.setContentsMargins(40, 24, 40, 24)
        column.setSpacing(14)
        column.addStretch(1)
        for widget in above:
            column.addWidget(widget)
        if above:
            column.addSpacing(10)
        column.addLayout(middle)
        column.addStretch(2)
        self.lay_out_page(content)

    def lay_out_page(self, content: QWidget, bar: QLayout | None = None) -> None:
        """Place ``content`` in a scroll area filling the screen, above a fixed ``bar`` of buttons.

        The bar stays in view however large the text gets, so the way on is never scrolled away.
        """
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(scroll_area(content), 1)
        if bar is not None:
            outer.addLayout(bar)

    def retranslate(self) -> None:
        """Draw every visible text in the current language."""

    def handle_key(self, event: QKeyEvent) -> bool:
        """A key pressed anywhere in the window while this screen is shown; True if used."""
        return False

    def entered(self) -> None:
        """Called when the screen becomes the current one (give focus, start timers)."""

    def left(self) -> None:
        """Called when another screen replaces this one (stop timers)."""
