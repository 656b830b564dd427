from datetime import UTC, datetime, timedelta

from kiosk.domain.lockout import LockoutState

NOW = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)


def test_fifth_wrong_code_locks_the_station_for_a_minute():
    state = LockoutState()
    for _ in range(4):
        state = state.after_failure(NOW)
        assert not state.is_locked(NOW)
    state = state.after_failure(NOW)
    assert state.is_locked(NOW)
    assert state.seconds_left(NOW) == 60
    assert state.seconds_left(NOW + timedelta(seconds=59.5)) == 1
    assert not state.is_locked(NOW + timedelta(seconds=60))


def test_a_right_code_clears_the_count():
    state = LockoutState().after_failure(NOW).after_failure(NOW)
    assert state.after_success() == LockoutState()
