"""The admin window's look: the candidate screens' colours at a desk-sized type.

Kept apart from the window so that dialogs shown before it (signing in) can use it too.
"""

from __future__ import annotations

from kiosk.ui.fonts import FAMILY
from kiosk.ui.theme import FOCUS_WIDTH_PX, NORMAL, Theme

#: The admin window's text size: desk work at arm's length, smaller than a candidate's 20 pt.
ADMIN_PT = 12.0


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
QTabBar::tab:disabled {{ color: {t.disabled_text}; border-color: {t.disabled_border}; }}

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
