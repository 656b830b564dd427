"""Small banks for tests, with Kyrgyz and Russian texts and one shared scenario."""

from __future__ import annotations

from question_bank.model import Bank, Option, Question, Scenario, Section

SECTION_TITLES = {
    "law": {"ky": "Нормативдик укуктук актылар", "ru": "Нормативные правовые акты"},
    "pedagogy": {"ky": "Педагогика жана курак психологиясы", "ru": "Педагогика и психология"},
    "it": {"ky": "IT компетенциялары", "ru": "IT-компетенции"},
}


def make_question(uid: str, section: str, number: int, scenario: str | None = None) -> Question:
    """A four-option question whose key is option ``b`` for even numbers, ``c`` for odd ones."""
    options = tuple(
        Option(
            key, {"ky": f"Жооп {key.upper()} ({uid}) — үлгү", "ru": f"Ответ {key.upper()} ({uid})"}
        )
        for key in "abcd"
    )
    return Question(
        uid=uid,
        section=section,
        stem={
            "ky": f"{number}-суроо: мектептин өнүгүү планы ким тарабынан бекитилет?",
            "ru": f"Вопрос {number}: кем утверждается план развития школы?",
        },
        options=options,
        correct=frozenset({"b" if number % 2 == 0 else "c"}),
        scenario=scenario,
        source="test bank",
    )


def make_bank(per_section: dict[str, int] | None = None) -> Bank:
    """A bank with ``per_section`` questions per section; three law questions share a scenario."""
    counts = per_section or {"law": 8, "pedagogy": 6, "it": 6}
    questions = []
    for section, count in counts.items():
        for number in range(1, count + 1):
            scenario = "SC-LAW" if section == "law" and number <= 3 else None
            questions.append(
                make_question(f"{section.upper()}-{number:03d}", section, number, scenario)
            )
    return Bank(
        sections=tuple(Section(code, SECTION_TITLES[code]) for code in counts),
        scenarios=(
            Scenario(
                "SC-LAW",
                {
                    "ky": "Мектепте жаңы окуу жылы башталды. Директор өзгөрдү.",
                    "ru": "В школе начался новый учебный год. Сменился директор.",
                },
            ),
        ),
        questions=tuple(questions),
    )
