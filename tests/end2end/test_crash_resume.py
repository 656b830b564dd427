"""A real station process, killed with SIGKILL mid-test, resumes with its answers and its time."""

import pytest

from kiosk.clock import SystemClock
from tests.helpers.crash import run_kills
from tests.helpers.sittings import prepare_sitting


@pytest.mark.slow
def test_sigkill_mid_test_loses_no_acknowledged_answer_and_no_time(tmp_path):
    data = tmp_path / "data"
    sitting = prepare_sitting(f"sqlite:///{data / 'kiosk.db'}", data, SystemClock())
    sitting.kiosk.close()
    report = run_kills(data, sitting.code, kills=4, seed=11)
    assert report.kills == 4
    assert report.lost == 0, report.details
    assert report.max_time_error_s <= 2.0
