"""Small banks for tests, with Kyrgyz and Russian texts and one shared scenario."""

from __future__ import annotations

from question_bank.model import Bank, Image, Option, Question, Scenario, Section

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


def tiny_png(shade: int = 0) -> bytes:
    """A valid 1×1 greyscale PNG; ``shade`` makes different pictures differ."""
    import struct
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(bytes([0, shade % 256]))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def rich_bank() -> Bank:
    """A bank that uses every feature an import format may have to carry.

    Kyrgyz and Russian texts with Ң Ө Ү, a shared scenario, a multiple-response question, a
    question with a picture, a fixed-order question, tags and a source reference.
    """
    law = Section("law", {"ky": "Нормативдик укуктук актылар", "ru": "Нормативные правовые акты"})
    it = Section("it", {"ky": "IT компетенциялары", "ru": "IT-компетенции"})
    scenario = Scenario(
        "SC-ӨНҮГҮҮ",
        {
            "ky": "Мектептин өнүгүү планы бир жылдан бери бекитилген эмес. Үй-бүлөлөр нааразы.",
            "ru": "План развития школы не утверждён уже год. Семьи недовольны.",
        },
    )

    def options(*pairs: tuple[str, str]) -> tuple[Option, ...]:
        return tuple(
            Option(key, {"ky": ky, "ru": ru})
            for key, (ky, ru) in zip("abcdef", pairs, strict=False)
        )

    questions = (
        Question(
            uid="LAW-001",
            section="law",
            stem={
                "ky": "«Билим берүү жөнүндө» Мыйзамга ылайык мектептин уставын ким бекитет?",
                "ru": "Кто утверждает устав школы согласно Закону «Об образовании»?",
            },
            options=options(
                ("Мектептин директору", "Директор школы"),
                ("Түзүүчү", "Учредитель"),
                ("Ата-энелер комитети", "Родительский комитет"),
                ("Өңүттүк башкармалык", "Районное управление"),
            ),
            correct=frozenset({"b"}),
            source="Закон КР «Об образовании», ст. 24",
            tags=("устав", "мыйзам"),
        ),
        Question(
            uid="LAW-002",
            section="law",
            stem={
                "ky": "Кырдаалга ылайык директор биринчи эмне кылышы керек?",
                "ru": "Что по ситуации директор должен сделать в первую очередь?",
            },
            options=options(
                ("Педагогикалык кеңешти чакыруу", "Созвать педагогический совет"),
                ("Эч нерсе кылбоо", "Ничего не делать"),
                ("Мугалимдерди жазалоо", "Наказать учителей"),
            ),
            correct=frozenset({"a"}),
            scenario="SC-ӨНҮГҮҮ",
        ),
        Question(
            uid="LAW-003",
            section="law",
            stem={
                "ky": "Өнүгүү планын талкуулоого кимдер катышат? (бир нечесин тандаңыз)",
                "ru": "Кто участвует в обсуждении плана развития? (выберите несколько)",
            },
            options=options(
                ("Мугалимдер", "Учителя"),
                ("Ата-энелер", "Родители"),
                ("Жергиликтүү өз алдынча башкаруу", "Органы местного самоуправления"),
                ("Башка мектептин окуучулары", "Ученики другой школы"),
            ),
            correct=frozenset({"a", "b", "c"}),
            scenario="SC-ӨНҮГҮҮ",
            multiple=True,
            tags=("план",),
        ),
        Question(
            uid="IT-001",
            section="it",
            stem={
                "ky": "Сүрөттө кайсы программанын терезеси көрсөтүлгөн?",
                "ru": "Окно какой программы показано на рисунке?",
            },
            options=options(
                ("Текст редактору", "Текстовый редактор"),
                ("Электрондук таблица", "Электронная таблица"),
            ),
            correct=frozenset({"b"}),
            images=(Image("window.png", "image/png", tiny_png(200)),),
        ),
        Question(
            uid="IT-002",
            section="it",
            stem={
                "ky": "Файлды сактоо үчүн кайсы баскычтар колдонулат?",
                "ru": "Какое сочетание клавиш сохраняет файл?",
            },
            options=options(
                ("Ctrl+S", "Ctrl+S"),
                ("Ctrl+P", "Ctrl+P"),
                ("Жогорудагылардын баары", "Все вышеперечисленные"),
            ),
            correct=frozenset({"a"}),
            shuffle_options=False,
        ),
    )
    return Bank(sections=(law, it), scenarios=(scenario,), questions=questions)


def in_one_language(bank: Bank, language: str) -> Bank:
    """The bank as a one-language format carries it: every text in ``language`` only."""
    from dataclasses import replace

    def only(texts: dict[str, str] | object) -> dict[str, str]:
        return {language: texts[language]}  # type: ignore[index]

    return Bank(
        sections=tuple(replace(s, title=only(s.title)) for s in bank.sections),
        scenarios=tuple(replace(s, text=only(s.text)) for s in bank.scenarios),
        questions=tuple(
            replace(
                q,
                stem=only(q.stem),
                options=tuple(replace(o, text=only(o.text)) for o in q.options),
            )
            for q in bank.questions
        ),
    )
