"""How long records are kept, as plain date arithmetic (cl. 36 and cl. 39).

* cl. 36: the technical commission's materials are kept 1 year;
* cl. 39: testing protocols and competition documents are kept 5 years.

Both numbers are settings of the competition (:class:`kiosk.domain.rules.CompetitionRules`).
A period counts from the date of the session the record belongs to; a competition-wide document
(the ranking, the ministry's package) counts from the competition's last session, so that it is
never removed before the sessions it sums up.  Dates are those of the installation's time zone:
at 01:00 in Bishkek it is already the next day, although UTC still says the day before.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo


def expiry_date(counted_from: date, years: int) -> date:
    """The first day on which a record kept ``years`` from ``counted_from`` may be removed.

    A period from 29 February ends on 28 February of a year without one: the period is never
    lengthened into March, and it is the same day the calendar counts as "one year later".
    """
    if years < 0:
        raise ValueError(f"a retention period cannot be negative: {years}")
    year = counted_from.year + years
    try:
        return counted_from.replace(year=year)
    except ValueError:  # 29 February in a year without one
        return counted_from.replace(year=year, day=28)


def has_expired(expires_on: date, today: date) -> bool:
    """True from the expiry day on: the day before, the record must still be kept."""
    return today >= expires_on


def local_date(moment: datetime, zone: tzinfo) -> date:
    """The calendar date of ``moment`` in the installation's time zone."""
    if moment.tzinfo is None:
        raise ValueError("a naive time has no date in a time zone; pass an aware one")
    return moment.astimezone(zone).date()


def competition_wide_start(last_session: date | None, created_on: date) -> date:
    """When a competition-wide document's period starts: the competition's last session, or,
    when it has none (yet), the day the document was made."""
    return last_session if last_session is not None else created_on
