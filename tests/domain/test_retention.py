"""The date rules of retention (cl. 36: 1 year; cl. 39: 5 years), from the session date."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.domain.retention import (
    competition_wide_start,
    expiry_date,
    has_expired,
    local_date,
)

BISHKEK = ZoneInfo("Asia/Bishkek")
SESSION = date(2026, 11, 23)


def test_a_record_is_kept_until_the_same_day_years_later():
    assert expiry_date(SESSION, 1) == date(2027, 11, 23)
    assert expiry_date(SESSION, 5) == date(2031, 11, 23)


def test_the_day_before_expiry_keeps_and_the_expiry_day_removes():
    expires = expiry_date(SESSION, 1)
    assert not has_expired(expires, date(2027, 11, 22))
    assert has_expired(expires, date(2027, 11, 23))
    assert has_expired(expires, date(2027, 11, 24))
    assert not has_expired(expires, SESSION)


def test_a_leap_day_expires_on_28_february_of_a_common_year():
    leap = date(2024, 2, 29)
    assert expiry_date(leap, 1) == date(2025, 2, 28)
    assert expiry_date(leap, 5) == date(2029, 2, 28)
    assert not has_expired(expiry_date(leap, 1), date(2025, 2, 27))
    assert has_expired(expiry_date(leap, 1), date(2025, 2, 28))


def test_a_leap_day_keeps_its_day_in_a_leap_year():
    assert expiry_date(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_zero_years_expire_on_the_session_date_and_negative_years_are_refused():
    assert expiry_date(SESSION, 0) == SESSION
    with pytest.raises(ValueError):
        expiry_date(SESSION, -1)


def test_today_is_the_date_in_the_installations_time_zone():
    # 19:00 UTC on the 22nd is 01:00 on the 23rd in Bishkek (UTC+6).
    evening = datetime(2027, 11, 22, 19, 0, tzinfo=UTC)
    assert local_date(evening, BISHKEK) == date(2027, 11, 23)
    assert local_date(evening, ZoneInfo("UTC")) == date(2027, 11, 22)
    assert has_expired(expiry_date(SESSION, 1), local_date(evening, BISHKEK))
    assert not has_expired(expiry_date(SESSION, 1), local_date(evening, ZoneInfo("UTC")))


def test_a_naive_time_has_no_local_date():
    with pytest.raises(ValueError):
        local_date(datetime(2027, 11, 22, 19, 0), BISHKEK)


def test_a_competition_wide_document_counts_from_the_last_session_else_its_own_date():
    assert competition_wide_start(date(2026, 11, 25), date(2026, 12, 1)) == date(2026, 11, 25)
    assert competition_wide_start(None, date(2026, 12, 1)) == date(2026, 12, 1)
