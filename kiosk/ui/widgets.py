"""Small widgets shared by the candidate screens: labels with a role, option rows, pictures, a
question box.

Qt ships no Kyrgyz texts for its standard dialogs, and a separate dialog window can slip behind
a full-screen kiosk, so questions to the candidate are asked by :class:`ConfirmOverlay`: a panel
drawn over the window, with our own translated buttons, shown (never ``exec()``-ed) and answered
through signals.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.theme import set_state


def label(role: str | None = None, *, wrap: bool = True, name: str = "") -> QLabel:
    """A label styled by ``role``; word-wrapped unless told otherwise."""
    widget = QLabel()
    if role:
        widget.setProperty("role", role)
    widget.setWordWrap(wrap)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    if name:
        widget.setObjectName(name)
    return widget


def button(role: str | None = None, *, name: str = "") -> QPushButton:
    """A push button styled by ``role`` that takes focus by Tab and by click."""
    widget = QPushButton()
    if role:
        widget.setProperty("role", role)
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.setAutoDefault(False)
    if name:
        widget.setObjectName(name)
    return widget


def frame(role: str) -> QFrame:
    """A frame styled by ``role`` (a card, the scenario box, …)."""
    widget = QFrame()
    widget.setProperty("role", role)
    return widget


class MessageBox(QFrame):
    """A framed message (an error, a warning) that is hidden while it has no text.

    The frame draws the border and the layout the padding: a word-wrapped QLabel with its own
    style-sheet padding is given too little height by Qt and cuts its last line.
    """

    def __init__(self, role: str, name: str = "") -> None:
        super().__init__()
        self.setProperty("role", role)
        self.label = label(name=f"{name}Text" if name else "")
        if name:
            self.setObjectName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.addWidget(self.label)
        self.hide()

    def set_message(self, text: str) -> None:
        """Show ``text``, or hide the box when it is empty."""
        set_text(self.label, text)
        self.setVisible(bool(text))

    def text(self) -> str:
        """The message shown."""
        return self.label.text()


class VerticalScrollArea(QScrollArea):
    """A scroll area that scrolls only up and down and is always as wide as its content.

    Qt sizes a scroll area by a fixed guess; this one asks its content, so a grid of buttons is
    never cut at the right edge, at any text size.
    """

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setWidget(content)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        content.installEventFilter(self)

    def minimumSizeHint(self) -> QSize:
        """As wide as the content's minimum, plus the scroll bar."""
        content = self.widget()
        extra = self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        width = content.minimumSizeHint().width() if content is not None else 0
        return QSize(width + extra, 80)

    def sizeHint(self) -> QSize:
        """As wide as the content wants, plus the scroll bar."""
        content = self.widget()
        extra = self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        hint = content.sizeHint() if content is not None else QSize(0, 0)
        return QSize(hint.width() + extra, max(80, hint.height()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Resize with the content when its layout changes."""
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)


def scroll_area(content: QWidget) -> QScrollArea:
    """A borderless, vertical-only scroll area around ``content`` that never takes focus."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(content)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area


def set_text(widget: QLabel | QPushButton, text: str, accessible: str | None = None) -> None:
    """Set the visible text and the accessible name (the text itself unless given)."""
    widget.setText(text)
    widget.setAccessibleName(accessible if accessible is not None else text)


def glyph(symbol: str, text: str, *, after: bool = False) -> str:
    """A translated text with a symbol before it (or after it): "✓ answered", "Next →"."""
    return f"{text} {symbol}" if after else f"{symbol} {text}"


#: The mark before an option: a round one where one answer is chosen, a box where several are.
RADIO_MARKS = ("○", "◉")
TICK_MARKS = ("☐", "☑")


class LayoutSizedButton(QPushButton):
    """A button sized by the labels in its layout, so that wrapped text gets its height.

    QPushButton sizes itself by its own (empty) text; a button holding a row of word-wrapped
    labels must ask its layout instead, or large type in a narrow column is cut.
    """

    def sizeHint(self) -> QSize:
        """As the wrapped text wants."""
        return self.layout().totalSizeHint()

    def minimumSizeHint(self) -> QSize:
        """As narrow as the longest word."""
        return self.layout().totalMinimumSize()

    def hasHeightForWidth(self) -> bool:
        """Taller when narrower."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The wrapped text's height at ``width``."""
        return self.layout().totalHeightForWidth(width)


def center_panel(owner: QWidget, panel: QWidget, margins: tuple[int, int], below: int = 1) -> None:
    """Lay ``panel`` out in the middle of ``owner`` (an overlay), ``margins`` (horizontal,
    vertical) from its edges; ``below`` weighs the space under the panel against the space above.
    The panel gets a definite width from its owner's fitting, so its wrapped texts get their
    height."""
    middle = QHBoxLayout()
    middle.addStretch(1)
    middle.addWidget(panel)
    middle.addStretch(1)
    outer = QVBoxLayout(owner)
    outer.setContentsMargins(margins[0], margins[1], margins[0], margins[1])
    outer.addStretch(1)
    outer.addLayout(middle)
    outer.addStretch(below)


class OptionButton(LayoutSizedButton):
    """One answer option: its mark, its letter, its word-wrapped text, "your answer" when chosen.

    The mark says what kind of question it is: round (○ ◉) where one answer is chosen, a box
    (☐ ☑) where several may be ticked.  It is checkable, so assistive technology announces it
    as chosen or not, but a click does not tick it (:meth:`nextCheckState` does nothing): the
    screen calls :meth:`show_chosen` with what the service acknowledged, so what is shown as
    chosen is always what was committed.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "option")
        self.setProperty("chosen", False)
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAutoDefault(False)
        self.key = ""
        self.multiple = False
        self.tick = label("tick", wrap=False)
        self.tick.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.letter = label("letter", wrap=False)
        self.letter.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.body = label()
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        # "Your answer" goes under the text, so that it never narrows the text at large sizes.
        self.mark = label("chosenMark", wrap=False)
        self.mark.hide()
        for child in (self.tick, self.letter, self.body, self.mark):
            # Clicks on the texts belong to the button.
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        texts.addWidget(self.body)
        texts.addWidget(self.mark)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 7, 14, 7)
        row.setSpacing(16)
        row.addWidget(self.tick, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.letter, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(texts, 1)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_option(self, key: str, letter: str, text: str, multiple: bool = False) -> None:
        """Show option ``key`` with its letter in the shown order and its text.

        ``multiple``: the option is one of several that may be ticked (a box, not a round mark).
        """
        self.key = key
        self.multiple = multiple
        self.letter.setText(letter)
        self.body.setText(text)
        self.updateGeometry()

    def show_chosen(self, chosen: bool, mark_text: str, accessible: str) -> None:
        """Show the option as chosen (or not) with the "your answer" mark, and name it."""
        self.tick.setText((TICK_MARKS if self.multiple else RADIO_MARKS)[chosen])
        self.mark.setText(mark_text if chosen else "")
        self.mark.setVisible(chosen)
        self.setAccessibleName(accessible)
        self.setChecked(chosen)
        set_state(self, chosen=chosen)

    def nextCheckState(self) -> None:
        """A click asks for the option; only the service's answer checks it."""


#: The most a picture is enlarged: beyond this a small picture only gets blurred.
PICTURE_MAX_UPSCALE = 2.0


def fit_picture(natural: QSize, width: int, height: int) -> QSize:
    """The size to show a picture of ``natural`` size at, within ``width`` × ``height``.

    The aspect ratio is kept; a picture is shrunk as much as it must and enlarged at most
    :data:`PICTURE_MAX_UPSCALE` times.
    """
    if natural.isEmpty() or width <= 0 or height <= 0:
        return QSize(0, 0)
    scale = min(width / natural.width(), height / natural.height(), PICTURE_MAX_UPSCALE)
    # Rounded, not floored (1256 / 3000 * 3000 is 1255.99…), then held within the bounds.
    return QSize(
        max(1, min(width, round(natural.width() * scale))),
        max(1, min(height, round(natural.height() * scale))),
    )


class Picture(QLabel):
    """A picture of a question, as large as the width allows, within limits.

    It fills the width it is given, keeping its aspect, but is enlarged at most
    :data:`PICTURE_MAX_UPSCALE` times and is never taller than :meth:`set_max_height` says (the
    visible part of the page), so it never needs sideways scrolling and is seen whole.  Bytes
    that do not decode show a short text instead (:meth:`set_placeholder`); nothing is raised.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "picture")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self._source = QPixmap()
        self._max_height = 1 << 20
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_picture(self, data: bytes) -> bool:
        """Decode and show ``data`` (any format Qt reads); False when it cannot be decoded."""
        image = QImage.fromData(data) if data else QImage()
        self._source = QPixmap() if image.isNull() else QPixmap.fromImage(image)
        self.clear()
        set_state(self, broken=self.broken)
        self.updateGeometry()
        self._rescale()
        return not self.broken

    @property
    def broken(self) -> bool:
        """True when the bytes did not decode into a picture."""
        return self._source.isNull()

    @property
    def natural_size(self) -> QSize:
        """The picture's own size in pixels (empty when it is broken)."""
        return self._source.size()

    def set_placeholder(self, text: str) -> None:
        """The text shown in place of a picture that cannot be decoded."""
        if self.broken:
            self.setText(text)

    def set_max_height(self, height: int) -> None:
        """The most height the whole picture may take (the visible part of the page)."""
        if height != self._max_height:
            self._max_height = max(1, height)
            self.updateGeometry()
            self._rescale()

    def _margins(self) -> QSize:
        # Border and padding come from the style sheet; what they take is what the contents
        # rectangle lacks, at any size.
        return self.size() - self.contentsRect().size()

    def _fitted(self, width: int) -> QSize:
        extra = self._margins()
        return fit_picture(
            self._source.size(), width - extra.width(), self._max_height - extra.height()
        )

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        if self.broken:
            return super().heightForWidth(width)
        return self._fitted(width).height() + self._margins().height()

    def sizeHint(self) -> QSize:
        if self.broken:
            return super().sizeHint()
        width = self._source.width() + self._margins().width()
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        # Never wider than a narrow column: the page shrinks the picture rather than scroll.
        if self.broken:
            return super().minimumSizeHint()
        width = min(self._source.width(), 80) + self._margins().width()
        return QSize(width, self.heightForWidth(width))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Scale the picture to the new size."""
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self.broken:
            return
        area = self.contentsRect()
        size = fit_picture(
            self._source.size(),
            area.width(),
            min(area.height(), self._max_height - self._margins().height()),
        )
        if size.isEmpty():
            return
        shown = self.pixmap()
        ratio = self.devicePixelRatioF()
        if not shown.isNull() and shown.deviceIndependentSize().toSize() == size:
            return
        scaled = self._source.scaled(
            size * ratio,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
        scaled.setDevicePixelRatio(ratio)
        self.setPixmap(scaled)

    def shown_size(self) -> QSize:
        """The size the picture is drawn at (empty when nothing is drawn)."""
        shown = self.pixmap()
        return QSize() if shown.isNull() else shown.deviceIndependentSize().toSize()


#: The widest a question panel gets: lines longer than this are hard to read.
PANEL_MAX_WIDTH = 1000


class ElidedLabel(QLabel):
    """A one-line label that shortens its text with "…" when there is no room (the top bar)."""

    def __init__(self, role: str | None = None) -> None:
        super().__init__()
        if role:
            self.setProperty("role", role)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_full_text(self, text: str) -> None:
        """Show ``text``, shortened to the width available; the accessible name stays whole."""
        self._full = text
        self.setAccessibleName(text)
        self.setToolTip(text)
        self._elide()

    def full_text(self) -> str:
        """The whole text."""
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-shorten for the new width."""
        super().resizeEvent(event)
        self._elide()

    def changeEvent(self, event: QEvent) -> None:
        """Re-shorten when the font changes (a new text size)."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._elide()

    def _elide(self) -> None:
        metrics = self.fontMetrics()
        shown = metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width()))
        if shown != self.text():
            self.setText(shown)


class ConfirmOverlay(QFrame):
    """A yes/no question drawn over the whole window, with the screen behind dimmed.

    Show it with :meth:`ask`; it emits :attr:`answered` with True (yes) or False (no, also on
    Esc) and hides itself.  While it is shown the widgets ``behind`` it are disabled, so neither
    the mouse nor Tab reaches them.
    """

    answered = Signal(bool)

    def __init__(self, parent: QWidget, behind: Sequence[QWidget]) -> None:
        super().__init__(parent)
        self.setProperty("role", "overlay")
        self.setObjectName("confirmOverlay")
        self._behind = tuple(behind)
        self._on_answer: Callable[[bool], None] | None = None
        self.panel = frame("dialog")
        self.title = label("title")
        self.message = label()
        self.details = label()
        self.yes = button("primary", name="confirmYes")
        self.no = button(name="confirmNo")
        for answer in (self.yes, self.no):
            answer.setProperty("bar", True)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.no)
        buttons.addStretch(1)
        buttons.addWidget(self.yes)
        inner = QVBoxLayout(self.panel)
        inner.setContentsMargins(40, 32, 40, 32)
        inner.setSpacing(20)
        inner.addWidget(self.title)
        inner.addWidget(self.message)
        inner.addWidget(self.details)
        inner.addSpacing(8)
        inner.addLayout(buttons)
        center_panel(self, self.panel, (40, 30))  # its width: see _fit
        self.yes.clicked.connect(lambda: self._finish(True))
        self.no.clicked.connect(lambda: self._finish(False))
        self.setTabOrder(self.no, self.yes)
        parent.installEventFilter(self)
        self.hide()

    def ask(
        self,
        title: str,
        message: str,
        details: str,
        yes_text: str,
        no_text: str,
        on_answer: Callable[[bool], None] | None = None,
    ) -> None:
        """Show the question; the answer goes to ``on_answer`` and :attr:`answered`."""
        self._on_answer = on_answer
        set_text(self.title, title)
        set_text(self.message, message)
        set_text(self.details, details)
        self.details.setVisible(bool(details))
        set_text(self.yes, yes_text)
        set_text(self.no, no_text)
        self._fit()
        for widget in self._behind:
            widget.setEnabled(False)
        self.show()
        self.raise_()
        # "No" first: a stray Enter must never end a test.
        self.no.setFocus(Qt.FocusReason.OtherFocusReason)

    def dismiss(self) -> None:
        """Hide without an answer (the screen behind changed by itself, e.g. the time is up)."""
        self._on_answer = None
        if self.isVisible():
            self.hide()
            for widget in self._behind:
                widget.setEnabled(True)

    def _finish(self, yes: bool) -> None:
        callback, self._on_answer = self._on_answer, None
        self.dismiss()
        if callback is not None:
            callback(yes)
        self.answered.emit(yes)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc answers no."""
        if event.key() == Qt.Key.Key_Escape:
            self._finish(False)
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the parent's size."""
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def _fit(self) -> None:
        """Cover the parent; the panel takes most of its width, up to a comfortable measure."""
        area = self.parentWidget().rect()
        self.setGeometry(area)
        self.panel.setFixedWidth(max(320, min(PANEL_MAX_WIDTH, area.width() - 120)))
