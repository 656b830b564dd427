"""Drawing one test form from the approved pool by a blueprint.

The draw is deterministic for a seed, so a form can be explained and reproduced; the seed itself
comes from a cryptographic source for each attempt.  Questions that share a scenario are drawn and
shown together, so the candidate reads the scenario once.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from question_bank.model import Blueprint


@dataclass(frozen=True)
class PoolItem:
    """An approved question version that a form may include."""

    version_id: int
    section: str
    option_keys: tuple[str, ...]
    scenario: str | None = None
    shuffle_options: bool = True


@dataclass(frozen=True)
class FormItem:
    """A question in a form: which version, and in which order its options are shown."""

    version_id: int
    section: str
    option_order: tuple[str, ...]


class PoolTooSmall(ValueError):
    """The approved pool cannot fill the blueprint; ``shortages`` says where and by how much."""

    def __init__(self, shortages: dict[str, tuple[int, int]]) -> None:
        self.shortages = shortages
        detail = ", ".join(
            f"{section}: {available} approved of {needed} needed"
            for section, (needed, available) in shortages.items()
        )
        super().__init__(f"the approved pool is too small ({detail})")


def check_pool(pool: Sequence[PoolItem], blueprint: Blueprint) -> dict[str, tuple[int, int]]:
    """Sections whose pool is smaller than the blueprint asks: section → (needed, available)."""
    available: dict[str, int] = defaultdict(int)
    for item in pool:
        available[item.section] += 1
    return {
        section: (needed, available[section])
        for section, needed in blueprint.sections
        if available[section] < needed
    }


def assemble_form(
    pool: Sequence[PoolItem], blueprint: Blueprint, seed: int
) -> tuple[FormItem, ...]:
    """Draw a form: sections in blueprint order, questions and options shuffled by ``seed``."""
    shortages = check_pool(pool, blueprint)
    if shortages:
        raise PoolTooSmall(shortages)
    rng = random.Random(seed)
    by_section: dict[str, list[PoolItem]] = defaultdict(list)
    for item in pool:
        by_section[item.section].append(item)

    form: list[FormItem] = []
    for section, needed in blueprint.sections:
        # Sorted, so that the same pool in another order gives the same form for a seed.
        ordered = sorted(by_section[section], key=lambda i: i.version_id)
        for item in _draw_section(ordered, needed, rng):
            order = list(item.option_keys)
            if item.shuffle_options:
                rng.shuffle(order)
            form.append(FormItem(item.version_id, section, tuple(order)))
    return tuple(form)


def _draw_section(items: list[PoolItem], needed: int, rng: random.Random) -> list[PoolItem]:
    """``needed`` items of one section, a scenario's questions kept together and in order."""
    units: dict[object, list[PoolItem]] = {}
    for item in items:
        units.setdefault(item.scenario or ("single", item.version_id), []).append(item)

    chosen: list[list[PoolItem]] = []
    remaining = needed
    leftovers: list[PoolItem] = []
    for unit in _random_order(list(units.values()), rng):
        if len(unit) <= remaining:
            chosen.append(unit)
            remaining -= len(unit)
        else:
            leftovers.extend(unit)
        if remaining == 0:
            break
    if remaining:
        # Only whole scenarios were too big to fit: fill up with part of one, in its order.
        chosen.append(leftovers[:remaining])
    flat = [item for unit in chosen for item in unit]
    assert len(flat) == needed
    return flat


def _random_order(units: list[list[PoolItem]], rng: random.Random) -> Iterator[list[PoolItem]]:
    """The units in a uniformly random order, drawn lazily (Fisher–Yates from the end).

    A section of a large bank holds thousands of units of which a form needs a few dozen;
    shuffling only as far as the draw goes keeps assembly fast on a 10,000-question pool.
    """
    for last in range(len(units) - 1, -1, -1):
        pick = rng.randrange(last + 1)
        units[last], units[pick] = units[pick], units[last]
        yield units[last]
