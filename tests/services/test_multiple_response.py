"""Multiple-response questions and pictures on the candidate's path, on every database backend."""

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from kiosk.app import build
from kiosk.clock import FakeClock
from kiosk.services.views import AttemptClosed, TimeIsUp
from kiosk.storage.models import AnswerEvent, AttemptItem
from tests.helpers.banks import tiny_png
from tests.helpers.keys import open_keys
from tests.helpers.sittings import RICH_BLUEPRINT, Sitting, prepare_rich_sitting

#: LAW-003 of ``rich_bank()``: "who takes part in discussing the plan", keys a, b, c.
KEYED = frozenset("abc")
WRONG = "d"


@pytest.fixture
def rich(database_url: str, tmp_path, clock: FakeClock) -> Iterator[Sitting]:
    """A sitting on ``rich_bank()`` on each database backend."""
    prepared = prepare_rich_sitting(database_url, tmp_path / "data", clock)
    yield prepared
    prepared.kiosk.close()


def start(sitting: Sitting, language: str = "ky"):
    attempts = sitting.kiosk.attempts
    briefing = attempts.login(sitting.code).briefing
    return attempts.start(briefing.registration_id, language)


def position_of(view, stem_start: str) -> int:
    return next(item.position for item in view.items if item.stem.startswith(stem_start))


def multiple_position(view) -> int:
    (position,) = [item.position for item in view.items if item.multiple]
    return position


def test_the_view_marks_the_multiple_item_and_carries_the_picture(rich):
    view = start(rich, "ru")
    assert len(view.items) == RICH_BLUEPRINT.total
    multiple = view.items[multiple_position(view)]
    assert multiple.stem.startswith("Кто участвует")
    assert not multiple.images
    pictured = view.items[position_of(view, "Окно какой программы")]
    assert not pictured.multiple
    (image,) = pictured.images
    assert (image.name, image.media_type, image.data) == ("window.png", "image/png", tiny_png(200))
    assert sum(len(item.images) for item in view.items) == 1
    # The pictures come with every view of the attempt, a resumed one too.
    again = rich.kiosk.attempts.view(view.attempt_id)
    assert again.items[pictured.position].images == pictured.images


def test_ticks_are_toggled_one_by_one_and_committed_with_their_time(rich):
    attempts = rich.kiosk.attempts
    view = start(rich)
    position = multiple_position(view)
    rich.clock.advance(10)
    assert attempts.toggle_option(view.attempt_id, position, "a").selected == {"a"}
    rich.clock.advance(5)
    ack = attempts.toggle_option(view.attempt_id, position, "c")
    assert ack.selected == {"a", "c"} and not ack.flagged
    assert ack.remaining_s == pytest.approx(1800 - 15)
    # Read back through a separate engine, as another process would.
    reader = build(rich.kiosk.settings, rich.clock, upgrade=False)
    try:
        with reader.sessions() as session:
            assert session.get(AttemptItem, (view.attempt_id, position)).selected == ["a", "c"]
            events = session.scalars(
                select(AnswerEvent)
                .where(AnswerEvent.attempt_id == view.attempt_id)
                .order_by(AnswerEvent.id)
            ).all()
    finally:
        reader.close()
    assert [(e.kind, e.position, e.value) for e in events[1:]] == [
        ("select", position, ["a"]),
        ("select", position, ["a", "c"]),
    ]
    assert [e.consumed_s for e in events[1:]] == [pytest.approx(10), pytest.approx(15)]
    # Unticking removes that option only; a flag keeps the ticks.
    assert attempts.set_flag(view.attempt_id, position, True).selected == {"a", "c"}
    ack = attempts.toggle_option(view.attempt_id, position, "a")
    assert ack.selected == {"c"} and ack.flagged
    assert attempts.toggle_option(view.attempt_id, position, "c").selected == frozenset()
    item = attempts.view(view.attempt_id).items[position]
    assert not item.answered and item.flagged


def test_one_way_to_answer_each_kind_of_question(rich):
    attempts = rich.kiosk.attempts
    view = start(rich)
    multiple = multiple_position(view)
    single = next(item for item in view.items if not item.multiple)
    with pytest.raises(ValueError, match="several"):
        attempts.select_option(view.attempt_id, multiple, "a")
    with pytest.raises(ValueError, match="several"):
        attempts.select_option(view.attempt_id, multiple, None)
    with pytest.raises(ValueError, match="one answer"):
        attempts.toggle_option(view.attempt_id, single.position, single.options[0].key)
    with pytest.raises(ValueError):
        attempts.toggle_option(view.attempt_id, multiple, "z")
    with pytest.raises(ValueError):
        attempts.toggle_option(view.attempt_id, 99, "a")
    assert not any(item.selected for item in attempts.view(view.attempt_id).items)
    with rich.kiosk.sessions() as session:
        kinds = session.scalars(
            select(AnswerEvent.kind).where(AnswerEvent.attempt_id == view.attempt_id)
        ).all()
    assert kinds == ["start"]


@pytest.mark.parametrize(
    ("ticked", "points"),
    [("abc", 1), ("ab", 0), ("abcd", 0), ("d", 0), ("", 0)],
    ids=["all-keyed", "a-subset", "keyed-and-a-wrong-one", "only-wrong", "none"],
)
def test_a_multiple_response_question_scores_all_or_nothing(rich, ticked, points):
    attempts = rich.kiosk.attempts
    view = start(rich)
    position = multiple_position(view)
    for key in ticked:
        attempts.toggle_option(view.attempt_id, position, key)
    # Ticked in another order and a tick taken back: only the final set counts.
    if ticked:
        attempts.toggle_option(view.attempt_id, position, WRONG)
        attempts.toggle_option(view.attempt_id, position, WRONG)
    result = attempts.submit(view.attempt_id)
    assert (result.score, result.max_score) == (points, RICH_BLUEPRINT.total)


def test_a_restarted_station_keeps_the_ticks_and_toggles_on_from_them(rich):
    attempts = rich.kiosk.attempts
    view = start(rich)
    position = multiple_position(view)
    attempts.toggle_option(view.attempt_id, position, "b")
    attempts.toggle_option(view.attempt_id, position, "a")
    rich.clock.advance(60)
    restarted = open_keys(build(rich.kiosk.settings, rich.clock))
    try:
        resumed = restarted.attempts.start(
            restarted.attempts.login(rich.code).briefing.registration_id, "ky"
        )
        assert resumed.items[position].selected == {"a", "b"}
        assert resumed.items[position].multiple
        ack = restarted.attempts.toggle_option(view.attempt_id, position, "c")
        assert ack.selected == KEYED
        with pytest.raises(ValueError):
            restarted.attempts.select_option(view.attempt_id, position, "a")
        assert restarted.attempts.submit(view.attempt_id).score == 1
    finally:
        restarted.close()


def test_no_tick_is_taken_after_the_time_or_the_submission(rich):
    attempts = rich.kiosk.attempts
    view = start(rich)
    position = multiple_position(view)
    rich.clock.advance(1799)
    attempts.toggle_option(view.attempt_id, position, "a")
    rich.clock.advance(1)
    with pytest.raises(TimeIsUp):
        attempts.toggle_option(view.attempt_id, position, "b")
    attempts.submit(view.attempt_id)
    with pytest.raises(AttemptClosed):
        attempts.toggle_option(view.attempt_id, position, "b")
    with rich.kiosk.sessions() as session:
        assert session.get(AttemptItem, (view.attempt_id, position)).selected == ["a"]
