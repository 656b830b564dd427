"""The Qt binding in use keeps Python's reference to None intact.

PySide6 6.12.0 drops a reference to None on every call that returns None, and Python 3.11 aborts
the whole program after a few thousand such calls ("none_dealloc"): a station would die in the
middle of a test.  pyproject.toml excludes that release; this test catches a binding that brings
the fault back.
"""

import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
widget = QWidget()
before = sys.getrefcount(None)
for _ in range(20000):
    widget.property("unset")
    widget.parentWidget()
print(sys.getrefcount(None) - before)
"""


def test_calls_returning_none_do_not_leak_references_to_none():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert abs(int(result.stdout.strip().splitlines()[-1])) < 100
