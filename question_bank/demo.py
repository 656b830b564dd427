"""The demo bank shipped with the program: questions written from the regulation and the school
job descriptions, in Kyrgyz with Russian versions, for trying the kiosk out."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from question_bank.model import Bank, Blueprint, Option, Question, Scenario, Section

#: The demo's 80-question blueprint (see shared facts: a plausible split of the 2022 test).
DEMO_BLUEPRINT = Blueprint(
    (("law", 20), ("management", 16), ("pedagogy", 20), ("governance", 12), ("it", 12))
)


def bank_from_dict(data: dict[str, Any]) -> Bank:
    """A bank from the demo file's JSON structure."""
    return Bank(
        sections=tuple(Section(s["code"], s["title"]) for s in data["sections"]),
        scenarios=tuple(Scenario(s["uid"], s["text"]) for s in data.get("scenarios", ())),
        questions=tuple(
            Question(
                uid=q["uid"],
                section=q["section"],
                stem=q["stem"],
                options=tuple(Option(o["key"], o["text"]) for o in q["options"]),
                correct=frozenset(q["correct"]),
                scenario=q.get("scenario"),
                source=q.get("source", ""),
                tags=tuple(q.get("tags", ())),
                shuffle_options=q.get("shuffle_options", True),
            )
            for q in data["questions"]
        ),
    )


def load_demo_bank() -> Bank:
    """The demo bank bundled with the package."""
    text = resources.files(__package__).joinpath("demo_bank.json").read_text(encoding="utf-8")
    return bank_from_dict(json.loads(text))
