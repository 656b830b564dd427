from kiosk.domain.timing import Stopwatch, crossed_warning, split_duration


def test_remaining_time_counts_down_from_the_persisted_figure():
    watch = Stopwatch(limit_s=5400, consumed_at_mark=600.0, monotonic_mark=100.0)
    assert watch.remaining(100.0) == 4800.0
    assert watch.remaining(160.5) == 4739.5


def test_remaining_time_never_negative_and_expires_at_zero():
    watch = Stopwatch(limit_s=60, consumed_at_mark=0.0, monotonic_mark=0.0)
    assert not watch.expired(59.9)
    assert watch.expired(60.0)
    assert watch.remaining(500.0) == 0.0
    assert watch.consumed(500.0) == 60


def test_a_monotonic_clock_going_backwards_adds_no_time():
    watch = Stopwatch(limit_s=100, consumed_at_mark=10.0, monotonic_mark=50.0)
    assert watch.remaining(40.0) == 90.0


def test_warnings_at_ten_and_five_minutes_fire_once_each():
    assert crossed_warning(601, 600) == 600
    assert crossed_warning(600, 599) is None
    assert crossed_warning(305, 299.5) == 300
    assert crossed_warning(1000, 900) is None


def test_a_jump_over_both_marks_reports_the_later_one():
    assert crossed_warning(700, 200) == 300


def test_durations_round_up_so_zero_means_over():
    assert split_duration(5400) == (1, 30, 0)
    assert split_duration(0.2) == (0, 0, 1)
    assert split_duration(0) == (0, 0, 0)
    assert split_duration(-3) == (0, 0, 0)
