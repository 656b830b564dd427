from collections import Counter

import pytest

from question_bank.assembly import PoolItem, PoolTooSmall, assemble_form, check_pool
from question_bank.model import Blueprint


def make_pool(per_section: dict[str, int], scenario_sizes: dict[str, int] | None = None):
    pool = []
    version = 1
    for section, count in per_section.items():
        scenario_size = (scenario_sizes or {}).get(section, 0)
        for index in range(count):
            scenario = f"SC-{section}" if index < scenario_size else None
            pool.append(PoolItem(version, section, ("a", "b", "c", "d"), scenario))
            version += 1
    return pool


BLUEPRINT = Blueprint(
    (("law", 20), ("management", 16), ("pedagogy", 20), ("governance", 12), ("it", 12))
)
POOL = make_pool(
    {"law": 40, "management": 30, "pedagogy": 35, "governance": 20, "it": 25}, {"management": 3}
)


def test_the_form_follows_the_blueprint_section_by_section():
    form = assemble_form(POOL, BLUEPRINT, seed=7)
    assert len(form) == 80
    assert Counter(item.section for item in form) == BLUEPRINT.as_dict()
    assert [item.section for item in form] == sorted(
        (item.section for item in form), key=[s for s, _ in BLUEPRINT.sections].index
    )
    assert len({item.version_id for item in form}) == 80


def test_the_same_seed_draws_the_same_form_and_another_seed_another():
    assert assemble_form(POOL, BLUEPRINT, seed=42) == assemble_form(
        list(reversed(POOL)), BLUEPRINT, seed=42
    )
    assert assemble_form(POOL, BLUEPRINT, seed=42) != assemble_form(POOL, BLUEPRINT, seed=43)


def test_options_are_shuffled_per_attempt_unless_the_question_forbids_it():
    orders = {assemble_form(POOL, BLUEPRINT, seed=s)[0].option_order for s in range(20)}
    assert len(orders) > 1
    fixed = [PoolItem(1, "it", ("a", "b", "c", "d"), shuffle_options=False)]
    for seed in range(10):
        assert assemble_form(fixed, Blueprint((("it", 1),)), seed)[0].option_order == (
            "a",
            "b",
            "c",
            "d",
        )


def test_scenario_questions_stay_together_when_drawn():
    for seed in range(50):
        form = assemble_form(POOL, BLUEPRINT, seed)
        positions = [i for i, item in enumerate(form) if item.version_id in {41, 42, 43}]
        if positions:
            assert positions == list(range(positions[0], positions[0] + len(positions)))


def test_a_pool_too_small_names_each_short_section():
    small = make_pool({"law": 40, "management": 10, "pedagogy": 35, "governance": 20, "it": 5})
    assert check_pool(small, BLUEPRINT) == {"management": (16, 10), "it": (12, 5)}
    with pytest.raises(PoolTooSmall, match="management: 10 approved of 16 needed"):
        assemble_form(small, BLUEPRINT, seed=1)
