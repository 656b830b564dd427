"""Nothing on a candidate's screens can open a file dialog, a browser, a menu or a program.

The candidate package and every ``kiosk.ui`` module it imports (directly or through another) are
read as syntax trees; any use of the names below fails the test with the file and the line.  The
scanner is tried on planted snippets first, so that a scanner that finds nothing cannot pass.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CANDIDATE = ROOT / "kiosk" / "ui" / "candidate"

#: Names whose mere mention in the candidate's code is refused: dialogs of the system, the
#: browser and the desktop's "open with", other programs, and menus.
FORBIDDEN = frozenset(
    {
        "QFileDialog",
        "QDesktopServices",
        "openUrl",
        "webbrowser",
        "subprocess",
        "QProcess",
        "startDetached",
        "system",
        "startfile",
        "popen",
        "execv",
        "QPrintDialog",
        "QPageSetupDialog",
        "QPrintPreviewDialog",
        "QColorDialog",
        "QFontDialog",
        "QInputDialog",
        "QMessageBox",
        "QErrorMessage",
        "QMenu",
        "QMenuBar",
        "QSystemTrayIcon",
        "createStandardContextMenu",
        "QWebEngineView",
        "QTextBrowser",
    }
)


def forbidden_uses(source: str, filename: str = "<snippet>") -> list[str]:
    """Every forbidden name the source imports, names, calls or reaches as an attribute, and
    every ``setOpenExternalLinks(True)``; as ``file:line name``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [part for alias in node.names for part in alias.name.split(".")]
        elif isinstance(node, ast.ImportFrom):
            names = [*(node.module or "").split("."), *(alias.name for alias in node.names)]
        elif isinstance(node, ast.Name):
            names = [node.id]
        elif isinstance(node, ast.Attribute):
            names = [node.attr]
        found += [f"{filename}:{node.lineno} {name}" for name in names if name in FORBIDDEN]
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "setOpenExternalLinks"
            and not (
                len(node.args) == 1
                and isinstance(node.args[0], ast.Constant)
                and node.args[0].value is False
            )
        ):
            found.append(f"{filename}:{node.lineno} setOpenExternalLinks")
    return found


def kiosk_ui_imports(path: Path) -> set[Path]:
    """The files of the ``kiosk.ui`` modules that ``path`` imports."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
    files: set[Path] = set()
    for module in modules:
        if not module.startswith("kiosk.ui"):
            continue
        base = ROOT.joinpath(*module.split("."))
        for candidate in (base.with_suffix(".py"), base / "__init__.py"):
            if candidate.is_file():
                files.add(candidate)
    return files


def candidate_code() -> list[Path]:
    """The candidate package and every ``kiosk.ui`` module reachable from it by imports."""
    seen: set[Path] = set()
    todo = sorted(CANDIDATE.glob("*.py"))
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo.extend(kiosk_ui_imports(path) - seen)
    return sorted(seen)


@pytest.mark.parametrize(
    "snippet",
    [
        "from PySide6.QtWidgets import QFileDialog",
        "from PySide6 import QtWidgets\nQtWidgets.QFileDialog.getOpenFileName()",
        "from PySide6.QtGui import QDesktopServices",
        "QDesktopServices.openUrl(url)",
        "import webbrowser",
        "import subprocess",
        "from subprocess import run",
        "os.system('explorer')",
        "os.startfile(path)",
        "QProcess.startDetached('cmd')",
        "label.setOpenExternalLinks(True)",
        "label.setOpenExternalLinks(on)",
        "menu = field.createStandardContextMenu()",
        "from PySide6.QtWidgets import QMenu",
        "QMessageBox.information(None, 'a', 'b')",
    ],
)
def test_the_scanner_finds_a_planted_use(snippet):
    assert forbidden_uses(snippet)


def test_the_scanner_lets_harmless_code_through():
    assert forbidden_uses("label.setOpenExternalLinks(False)\nfield.setText('system')") == []


def test_the_candidate_code_reaches_the_shared_widgets_and_nothing_of_admin_mode():
    files = candidate_code()
    names = {path.relative_to(ROOT).as_posix() for path in files}
    assert "kiosk/ui/candidate/window.py" in names
    assert "kiosk/ui/candidate/closed.py" in names and "kiosk/ui/candidate/staff.py" in names
    assert "kiosk/ui/widgets.py" in names and "kiosk/ui/printing.py" in names
    assert not any(name.startswith("kiosk/ui/admin/") for name in names), names


def test_nothing_on_the_candidates_screens_opens_a_dialog_a_browser_or_a_program():
    found: list[str] = []
    for path in candidate_code():
        found += forbidden_uses(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())
    assert found == []
