"""How the candidate screens look: text size steps and two colour themes.

Everything visual comes from one generated style sheet, so that switching the text size or the
high-contrast theme during the test only replaces the style sheet: no widget is rebuilt, nothing
the candidate did changes.  Widgets carry a ``role`` property (``title``, ``primary``, ``option``
…) that the sheet styles; state that changes (a chosen option, a warning) is another property.

Every focusable control has a thick focus frame in both themes, in a colour used for nothing else,
so a keyboard user always sees where they are.  Controls keep a border of the same width when not
focused, so the focus frame never moves anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from weakref import WeakKeyDictionary

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from kiosk.ui.fonts import FAMILY, MONO_FAMILY

#: The text sizes a candidate can step through with A− / A+, in percent of :data:`BASE_PT`.
SCALE_STEPS: tuple[int, ...] = (100, 125, 150, 175)
#: Base text size at 100 %.
BASE_PT = 16.0
#: Candidates start at 125 % (20 pt): large type by default, smaller and larger on request.
DEFAULT_SCALE = 125
#: The largest size of the screen's frame (header, navigator, bottom buttons), in percent.
CHROME_MAX_SCALE = 125
#: Width of every focus frame, in pixels.
FOCUS_WIDTH_PX = 4
#: The top bar (language, text size, contrast) keeps one size, so it always fits on one line.
TOOL_PT = 13.5


@dataclass(frozen=True)
class Theme:
    """A colour scheme of the candidate screens."""

    name: str
    background: str  # the page
    surface: str  # cards, options, the question
    text: str
    muted: str  # secondary text, still at least 7:1 on the surface
    border: str  # borders of options and buttons
    accent: str  # primary buttons, the chosen option's frame
    accent_text: str  # text on the accent colour
    chosen_bg: str  # the chosen option's background
    chosen_text: str
    focus: str  # the focus frame, used for nothing else
    scenario_bg: str
    warning_bg: str
    warning_text: str
    warning_border: str
    good_bg: str
    good_text: str
    bad_bg: str
    bad_text: str
    error_text: str
    nav_answered_bg: str  # a navigator button of an answered question
    nav_answered_text: str
    nav_answered_border: str
    hover: str  # under the mouse
    disabled_text: str
    disabled_border: str


NORMAL = Theme(
    name="normal",
    background="#eef1f5",
    surface="#ffffff",
    text="#111827",
    muted="#374151",
    border="#6b7280",
    accent="#1e4e8c",
    accent_text="#ffffff",
    chosen_bg="#dbe8fa",
    chosen_text="#0b2a55",
    focus="#d4470b",
    scenario_bg="#f4f0e6",
    warning_bg="#fff1c2",
    warning_text="#4a3300",
    warning_border="#8a5a00",
    good_bg="#e3f4e8",
    good_text="#0f4d24",
    bad_bg="#fbe6e4",
    bad_text="#7a1a12",
    error_text="#9b1c12",
    nav_answered_bg="#dbe8fa",
    nav_answered_text="#0b2a55",
    nav_answered_border="#6b7280",
    hover="#e8effa",
    disabled_text="#7b818c",
    disabled_border="#c3c8d0",
)

HIGH_CONTRAST = Theme(
    name="high-contrast",
    background="#000000",
    surface="#000000",
    text="#ffffff",
    muted="#ffffff",
    border="#ffffff",
    accent="#ffff00",
    accent_text="#000000",
    chosen_bg="#ffff00",
    chosen_text="#000000",
    focus="#00ffff",
    scenario_bg="#000000",
    warning_bg="#ffff00",
    warning_text="#000000",
    warning_border="#ffff00",
    good_bg="#000000",
    good_text="#ffff00",
    bad_bg="#000000",
    bad_text="#ffff00",
    error_text="#ffff00",
    nav_answered_bg="#000000",
    nav_answered_text="#ffff00",
    nav_answered_border="#ffff00",
    hover="#333333",
    disabled_text="#b0b0b0",
    disabled_border="#808080",
)

THEMES: dict[str, Theme] = {NORMAL.name: NORMAL, HIGH_CONTRAST.name: HIGH_CONTRAST}


def point_size(scale: int, factor: float = 1.0) -> float:
    """The point size of text ``factor`` times the base, at ``scale`` percent."""
    return round(BASE_PT * scale / 100 * factor, 1)


def palette(theme: Theme) -> QPalette:
    """A palette matching the theme, for what style sheets do not reach (window background)."""
    pal = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, theme.background),
        (QPalette.ColorRole.WindowText, theme.text),
        (QPalette.ColorRole.Base, theme.surface),
        (QPalette.ColorRole.Text, theme.text),
        (QPalette.ColorRole.Button, theme.surface),
        (QPalette.ColorRole.ButtonText, theme.text),
        (QPalette.ColorRole.Highlight, theme.accent),
        (QPalette.ColorRole.HighlightedText, theme.accent_text),
        (QPalette.ColorRole.ToolTipBase, theme.surface),
        (QPalette.ColorRole.ToolTipText, theme.text),
        (QPalette.ColorRole.PlaceholderText, theme.muted),
    ):
        pal.setColor(role, QColor(colour))
    return pal


def style_sheet(theme: Theme, scale: int) -> str:
    """The style sheet of the candidate window for a theme and a text size."""
    t = theme
    base = point_size(scale)
    # The frame of the screen (header, navigator, bottom buttons) grows only up to 125 % (20 pt,
    # already large), so that at the largest sizes the room goes to the question itself and
    # every control still fits a 1366 px wide screen; the top bar keeps one small size.
    chrome = min(scale, CHROME_MAX_SCALE)
    f = FOCUS_WIDTH_PX
    hc = theme is HIGH_CONTRAST
    # In high contrast every frame is thicker.
    line = 3 if hc else 2
    return f"""
* {{
    font-family: "{FAMILY}";
    font-size: {base}pt;
    color: {t.text};
}}
QWidget#candidateWindow, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget {{
    background: {t.background};
}}
QScrollArea {{ border: none; }}
QScrollArea#navigatorScroll, QScrollArea#navigatorScroll > QWidget > QWidget {{
    background: {t.surface};
}}
QLabel {{ background: transparent; }}
QLabel[role="title"] {{ font-size: {point_size(scale, 1.5)}pt; font-weight: bold; }}
QLabel[role="prompt"] {{ font-size: {point_size(scale, 1.3)}pt; font-weight: bold; }}
QLabel[role="position"] {{ font-size: {point_size(chrome, 1.2)}pt; font-weight: bold; }}
QLabel[role="name"] {{ font-size: {point_size(scale, 1.5)}pt; font-weight: bold; }}
QLabel[role="heading"] {{ font-size: {point_size(scale, 1.15)}pt; font-weight: bold; }}
QLabel[role="value"] {{ font-size: {point_size(scale, 1.15)}pt; font-weight: bold; }}
QLabel[role="muted"] {{ color: {t.muted}; }}
QLabel[role="caption"] {{ color: {t.muted}; font-size: {point_size(scale, 0.85)}pt; }}
QLabel[role="small"] {{ font-size: {point_size(chrome, 0.8)}pt; color: {t.muted}; }}
QLabel[role="appTitle"] {{ font-size: {TOOL_PT}pt; font-weight: bold; }}
QLabel[role="toolCaption"] {{ font-size: {TOOL_PT}pt; color: {t.muted}; }}
QFrame[role="error"] {{
    background: {t.bad_bg}; border: {line}px solid {t.error_text}; border-radius: 8px;
}}
QFrame[role="error"] QLabel {{ color: {t.error_text}; }}
QFrame[role="warning"] {{
    background: {t.warning_bg}; border: {line}px solid {t.warning_border}; border-radius: 8px;
}}
QFrame[role="warning"] QLabel {{
    color: {t.warning_text}; font-weight: bold; font-size: {point_size(chrome)}pt;
}}
QLabel[role="clock"] {{
    font-size: {point_size(chrome, 1.15)}pt; font-weight: bold;
    background: {t.surface}; border: {line}px solid {t.border}; border-radius: 8px;
    padding: 6px 14px;
}}
QLabel[role="clock"][urgent="true"] {{
    background: {t.warning_bg}; color: {t.warning_text}; border-color: {t.warning_border};
}}
QLabel[role="score"] {{ font-size: {point_size(scale, 1.6)}pt; font-weight: bold; }}
QFrame[role="card"] {{
    background: {t.surface}; border: {line}px solid {t.border}; border-radius: 10px;
}}
QFrame[role="scenario"] {{
    background: {t.scenario_bg}; border: {line}px solid {t.border};
    border-left: {line + 6}px solid {t.border};
    border-top-right-radius: 6px; border-bottom-right-radius: 6px;
}}
QFrame[role="topBar"] {{
    background: {t.surface}; border: none; border-bottom: {line}px solid {t.border};
}}
QFrame[role="statement"][meets="true"] {{
    background: {t.good_bg}; border: {line + 1}px solid {t.good_text}; border-radius: 10px;
}}
QFrame[role="statement"][meets="false"] {{
    background: {t.bad_bg}; border: {line + 1}px solid {t.bad_text}; border-radius: 10px;
}}
QFrame[role="statement"][meets="true"] QLabel {{ color: {t.good_text}; }}
QFrame[role="statement"][meets="false"] QLabel {{ color: {t.bad_text}; }}
QLabel[role="statement"] {{ font-size: {point_size(scale, 1.15)}pt; font-weight: bold; }}
QLabel[role="official"] {{ font-size: {point_size(scale, 1.0)}pt; font-weight: bold; }}
QLabel[role="statementMark"] {{ font-size: {point_size(scale, 1.9)}pt; font-weight: bold; }}
QFrame[role="overlay"] {{ background: rgba(0, 0, 0, 160); }}
QFrame[role="dialog"] {{
    background: {t.surface}; border: {line + 1}px solid {t.text}; border-radius: 12px;
}}

QPushButton {{
    background: {t.surface}; color: {t.text};
    border: {f}px solid {t.border};
    border-radius: 10px; padding: 6px 22px; min-height: 1.4em;
}}
QPushButton:hover {{ background: {t.hover}; }}
QPushButton:pressed {{ background: {t.chosen_bg}; color: {t.chosen_text}; }}
QPushButton:disabled {{ color: {t.disabled_text}; border-color: {t.disabled_border}; }}
QPushButton[bar="true"] {{ font-size: {point_size(chrome)}pt; }}
QPushButton[role="primary"] {{
    background: {t.accent}; color: {t.accent_text}; font-weight: bold;
    border-color: {t.accent};
}}
QPushButton[role="primary"]:hover {{ background: {t.chosen_text if not hc else t.accent}; }}
QPushButton[role="primary"]:disabled {{
    background: {t.background}; color: {t.disabled_text}; border-color: {t.disabled_border};
}}
QPushButton[role="tool"] {{
    font-size: {TOOL_PT}pt; padding: 3px 12px; min-height: 1.3em; border-radius: 8px;
    border-width: 3px;
}}
QPushButton[role="tool"][current="true"] {{
    background: {t.accent}; color: {t.accent_text}; font-weight: bold; border-color: {t.accent};
}}
QPushButton[role="hint"] {{
    font-size: {point_size(chrome, 0.85)}pt; padding: 4px 14px; min-height: 1.2em;
    border-width: 3px; border-radius: 8px;
}}
QPushButton[role="choice"][current="true"] {{
    background: {t.accent}; color: {t.accent_text}; font-weight: bold; border-color: {t.accent};
}}
QPushButton[role="nav"] {{
    font-size: {point_size(chrome, 0.8)}pt; padding: 2px 2px; min-height: 1.8em;
    min-width: 3.2em; border-radius: 6px; border-width: 2px;
}}
QPushButton[role="nav"][answered="true"] {{
    background: {t.nav_answered_bg}; color: {t.nav_answered_text}; font-weight: bold;
    border-color: {t.nav_answered_border};
}}
QPushButton[role="nav"][flagged="true"] {{ border: 3px solid {t.warning_border}; }}
QPushButton[role="nav"][current="true"] {{
    background: {t.accent}; color: {t.accent_text}; font-weight: bold; border-color: {t.accent};
}}
QPushButton[role="option"] {{
    background: {t.surface}; border: {line}px solid {t.border}; border-radius: 10px;
    padding: 0px; text-align: left;
}}
QPushButton[role="option"]:hover {{ border-color: {t.accent}; }}
QPushButton[role="option"][chosen="true"] {{
    background: {t.chosen_bg}; border: {line + 1}px solid {t.accent};
}}
QPushButton[role="option"][chosen="true"] QLabel {{ color: {t.chosen_text}; }}
QLabel[role="letter"] {{
    font-weight: bold; border: {line}px solid {t.border}; border-radius: 8px;
    background: {t.surface}; color: {t.text};
    min-width: 1.5em; max-width: 1.5em; min-height: 1.5em; max-height: 1.5em; padding: 0px;
}}
QPushButton[role="option"][chosen="true"] QLabel[role="letter"] {{
    background: {t.accent}; color: {t.accent_text}; border-color: {t.accent};
}}
QLabel[role="chosenMark"] {{ font-weight: bold; font-size: {point_size(scale, 0.85)}pt; }}
QLabel[role="tick"] {{ font-size: {point_size(scale, 1.4)}pt; min-width: 1em; padding: 0px; }}
QLabel[role="instruction"] {{ font-weight: bold; color: {t.accent if hc else t.chosen_text}; }}
QLabel[role="picture"] {{
    background: {t.surface}; border: {line}px solid {t.border}; border-radius: 8px;
    padding: 8px;
}}
QLabel[role="picture"][broken="true"] {{
    color: {t.muted}; font-size: {point_size(scale, 0.85)}pt; padding: 14px;
    border-style: dashed;
}}
QPushButton[role="flag"][flagged="true"] {{
    background: {t.warning_bg}; color: {t.warning_text}; font-weight: bold;
}}

QLineEdit {{
    background: {t.surface}; color: {t.text};
    border: {f}px solid {t.border}; border-radius: 10px; padding: 8px 16px;
    selection-background-color: {t.accent}; selection-color: {t.accent_text};
}}
QLineEdit[role="code"] {{
    font-family: "{MONO_FAMILY}"; font-size: {max(32.0, point_size(scale, 1.6))}pt;
    font-weight: bold; letter-spacing: 2px;
}}
QLineEdit:disabled {{ color: {t.muted}; background: {t.background}; }}

QPushButton:focus, QPushButton[role="primary"]:focus, QPushButton[role="tool"]:focus,
QPushButton[role="nav"]:focus, QPushButton[role="option"]:focus, QPushButton[role="hint"]:focus,
QLineEdit:focus {{
    border: {f}px solid {t.focus};
}}
QPushButton[role="option"][chosen="true"]:focus {{ border: {f + 1}px solid {t.focus}; }}
QScrollBar:vertical {{
    background: {t.background}; width: 18px; margin: 0px; border: none;
}}
QScrollBar::handle:vertical {{
    background: {t.border}; min-height: 48px; border-radius: 7px; margin: 2px 3px;
}}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0px; border: none; }}
QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical {{ background: {t.background}; }}
QToolTip {{
    background: {t.surface}; color: {t.text}; border: 2px solid {t.border}; padding: 6px;
    font-size: {TOOL_PT}pt;
}}
"""


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet to a widget and its children after a property changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    for child in widget.findChildren(QWidget):
        style.unpolish(child)
        style.polish(child)
    widget.update()


#: What :func:`set_state` last set on each widget.  Kept on the Python side: reading back a
#: property that was never set makes PySide6 6.12 return ``None`` without a reference, and on
#: Python 3.11 enough of those calls crash the interpreter ("deallocating None").
_STATES: WeakKeyDictionary[QWidget, dict[str, object]] = WeakKeyDictionary()


def set_state(widget: QWidget, **properties: object) -> None:
    """Set dynamic properties that the style sheet reads, and restyle if one changed."""
    known = _STATES.setdefault(widget, {})
    changed = False
    for name, value in properties.items():
        if name not in known or known[name] != value:
            widget.setProperty(name, value)
            known[name] = value
            changed = True
    if changed:
        repolish(widget)
