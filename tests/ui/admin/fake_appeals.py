"""An in-memory appeal service for the appeal pages' tests and screenshots.

It keeps the rules the pages rely on, so that a test sees the state really change and the
refusals really come: the hour of cl. 33 (with a clock the test moves), one open appeal per test,
a commission of a chair and 1 to 5 members from accounts with the commission role (cl. 34) —
for one appeal, or for a session, whose appeals name it once their hearing opens, as the service
does — a hearing that needs the chair and a member without a conflict of interest (recorded
again when someone comes late), a confirmed fault counted only with the commission's words, a
decision only by a member taking part, once.  Every call checks the actor's role and is recorded in
:attr:`FakeAppeals.calls`.

The reviews are realistic: 20 questions of a school director's test in Kyrgyz or in Russian,
options lettered А Б В Г in a shuffled order, with wrong, unanswered and marked questions.  The
"story" attempts also carry several changes of a selection, a problem reported at a question whose
picture did not load, a power cut with the station's resume and the proctor's time decision; the
"clean" attempts have every question answered and none marked.

The recomputed score is the points of the frozen form with the confirmed faults applied: an
established answer is scored against the key, and a question that could not be answered at all
(no established answer) gets its point.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from kiosk.domain.appeal import Remedy, points_after, recomputed_score
from kiosk.domain.candidates import kyrgyz_sort_key
from kiosk.domain.roles import Actor, Permission
from kiosk.services.appeal_views import (
    CHAIR,
    MAX_MEMBERS,
    MEMBER,
    MIN_MEMBERS,
    Appealable,
    AppealAlreadyOpen,
    AppealStatus,
    AppealView,
    AppealWindowClosed,
    Attendance,
    CommissionerView,
    CommissionRefused,
    CommissionView,
    Finding,
    FindingView,
    HearingRefused,
    MemberView,
    NotAppealable,
    ProblemKind,
    Review,
    ReviewItem,
    ReviewOption,
    TimelineEntry,
    TimelineKind,
)

BISHKEK = timezone(timedelta(hours=6))
DAY = date(2026, 8, 12)
#: The moment the fake starts at: the second shift's windows are open.
NOW = datetime(2026, 8, 12, 12, 20, tzinfo=BISHKEK)
WINDOW_MINUTES = 60
QUESTIONS = 20
THRESHOLD = 12
LETTERS = "АБВГ"
POST = {
    "ky": "Бишкек шаарындагы №61 орто мектептин директору",
    "ru": "Директор средней школы №61 г. Бишкек",
}
SCHOOL = {"ky": "№61 орто мектеп", "ru": "Средняя школа №61"}

# -- the test: 20 questions in Kyrgyz and Russian --------------------------------------------------

SECTIONS: dict[str, dict[str, str]] = {
    "law": {"ky": "Ченемдик укуктук актылар", "ru": "Нормативные правовые акты"},
    "management": {"ky": "Башкаруу жана каржылоо", "ru": "Управление и финансирование"},
    "pedagogy": {"ky": "Педагогика жана психология", "ru": "Педагогика и психология"},
    "it": {"ky": "IT компетенциялары", "ru": "ИТ-компетенции"},
}
SCENARIO = {
    "ky": (
        "Окуу жылынын ортосунда математика мугалими башка шаарга көчүп кеткенин айтып, "
        "жумуштан бошотуу жөнүндө арыз жазды. Анын 7-«А» жана 8-«Б» класстардагы сабактары "
        "мугалимсиз калды; жаңы мугалим азырынча табыла элек."
    ),
    "ru": (
        "В середине учебного года учитель математики подал заявление об увольнении в связи "
        "с переездом в другой город. Его уроки в 7 «А» и 8 «Б» классах остались без учителя; "
        "нового учителя пока не нашли."
    ),
}


@dataclass(frozen=True)
class Question:
    """A question in both languages; option "a" is the key unless ``correct`` says more."""

    uid: str
    section: str
    stem: dict[str, str]
    options: tuple[dict[str, str], ...]
    correct: frozenset[str] = frozenset({"a"})
    scenario: bool = False
    images: tuple[str, ...] = ()

    @property
    def multiple(self) -> bool:
        """Several options are keyed."""
        return len(self.correct) > 1


def _q(
    uid: str,
    section: str,
    ky: str,
    ru: str,
    options: list[tuple[str, str]],
    *,
    correct: frozenset[str] = frozenset({"a"}),
    scenario: bool = False,
    images: tuple[str, ...] = (),
) -> Question:
    return Question(
        uid,
        section,
        {"ky": ky, "ru": ru},
        tuple({"ky": k, "ru": r} for k, r in options),
        correct=correct,
        scenario=scenario,
        images=images,
    )


TEST: tuple[Question, ...] = (
    _q(
        "LAW-001",
        "law",
        "Кыргыз Республикасында билим берүү жаатындагы мамилелерди негизинен кайсы мыйзам "
        "жөнгө салат?",
        "Какой закон в основном регулирует отношения в сфере образования в Кыргызской Республике?",
        [
            ("«Билим берүү жөнүндө» Мыйзам", "Закон «Об образовании»"),
            (
                "«Мамлекеттик жарандык кызмат жөнүндө» Мыйзам",
                "Закон «О государственной гражданской службе»",
            ),
            ("Эмгек кодекси", "Трудовой кодекс"),
            (
                "«Жергиликтүү өз алдынча башкаруу жөнүндө» Мыйзам",
                "Закон «О местном самоуправлении»",
            ),
        ],
    ),
    _q(
        "LAW-002",
        "law",
        "Жалпы билим берүү уюмунун уставын ким бекитет?",
        "Кто утверждает устав общеобразовательной организации?",
        [
            ("Уюмдун түзүүчүсү", "Учредитель организации"),
            ("Мектептин педагогикалык кеңеши", "Педагогический совет школы"),
            ("Ата-энелер комитети", "Родительский комитет"),
            ("Мектептин директору өзү", "Сам директор школы"),
        ],
    ),
    _q(
        "LAW-003",
        "law",
        "Баланын укуктары жөнүндө Конвенцияны БУУнун Башкы Ассамблеясы кайсы жылы кабыл алган?",
        "В каком году Генеральная Ассамблея ООН приняла Конвенцию о правах ребёнка?",
        [
            ("1989-жылы", "В 1989 году"),
            ("1948-жылы", "В 1948 году"),
            ("1995-жылы", "В 1995 году"),
            ("2001-жылы", "В 2001 году"),
        ],
    ),
    _q(
        "LAW-004",
        "law",
        "Мугалимди жумушка кабыл алуу кандай документ менен таризделет?",
        "Каким документом оформляется приём учителя на работу?",
        [
            ("Эмгек келишими жана жумуш берүүчүнүн буйругу", "Трудовым договором и приказом"),
            ("Оозеки макулдашуу менен", "Устной договорённостью"),
            ("Ата-энелер комитетинин чечими менен", "Решением родительского комитета"),
            ("Окуучулар жыйынынын чечими менен", "Решением собрания учащихся"),
        ],
    ),
    _q(
        "LAW-005",
        "law",
        "Кыргыз Республикасынын Конституциясы боюнча мамлекеттик тил кайсы?",
        "Какой язык является государственным по Конституции Кыргызской Республики?",
        [
            ("Кыргыз тили", "Кыргызский язык"),
            ("Орус тили", "Русский язык"),
            ("Англис тили", "Английский язык"),
            ("Өзбек тили", "Узбекский язык"),
        ],
    ),
    _q(
        "MGT-001",
        "management",
        "Мектепте окуу планынын аткарылышын ким көзөмөлдөйт?",
        "Кто контролирует выполнение учебного плана в школе?",
        [
            (
                "Директордун окуу иштери боюнча орун басары",
                "Заместитель директора по учебной работе",
            ),
            ("Мектептин бухгалтери", "Бухгалтер школы"),
            ("Чарба башчысы", "Заведующий хозяйством"),
            ("Мектептин медайымы", "Школьная медсестра"),
        ],
    ),
    _q(
        "MGT-002",
        "management",
        "Сүрөттөгү мектепти башкаруу түзүмүндө педагогикалык кеңеш кайсы блокто көрсөтүлгөн?",
        "В каком блоке схемы управления школой на рисунке показан педагогический совет?",
        [
            ("2-блокто", "В блоке 2"),
            ("1-блокто", "В блоке 1"),
            ("3-блокто", "В блоке 3"),
            ("4-блокто", "В блоке 4"),
        ],
        images=("mgt-002-structure.png",),
    ),
    _q(
        "MGT-003",
        "management",
        "Мектептин каржылык отчету кимге тапшырылат?",
        "Кому представляется финансовый отчёт школы?",
        [
            ("Түзүүчүгө жана каржылоочу органга", "Учредителю и финансирующему органу"),
            ("Ата-энелерге гана", "Только родителям"),
            ("Мугалимдердин кесиптик бирлигине", "Профсоюзу учителей"),
            ("Окуучулар кеңешине", "Совету учащихся"),
        ],
    ),
    _q(
        "MGT-004",
        "management",
        "Директор биринчи кезекте эмне кылышы керек?",
        "Что директор должен сделать в первую очередь?",
        [
            (
                "Сабактарды убактылуу башка мугалимдерге бөлүштүрүү жөнүндө буйрук чыгаруу",
                "Издать приказ о временном распределении уроков между другими учителями",
            ),
            ("Жаңы мугалим келгенге чейин сабактарды токтотуу", "Отменить уроки до прихода нового"),
            ("Окуучуларды башка мектепке которуу", "Перевести учащихся в другую школу"),
            ("Арызды кабыл албоо", "Не принимать заявление"),
        ],
        scenario=True,
    ),
    _q(
        "MGT-005",
        "management",
        "Убактылуу алмаштыруу кайсы каражаттан төлөнөт?",
        "Из каких средств оплачивается временная замена уроков?",
        [
            ("Мектептин эмгек акы фондунан", "Из фонда оплаты труда школы"),
            ("Ата-энелердин каражатынан", "Из средств родителей"),
            ("Мугалимдин өзүнүн эсебинен", "За счёт самого учителя"),
            ("Алмаштыруу төлөнбөйт", "Замена не оплачивается"),
        ],
        scenario=True,
    ),
    _q(
        "MGT-006",
        "management",
        "Бош орунга жаңы мугалимди ким кабыл алат?",
        "Кто принимает нового учителя на вакантное место?",
        [
            ("Мектептин директору", "Директор школы"),
            ("Педагогикалык кеңеш", "Педагогический совет"),
            ("Райондук билим берүү бөлүмүнүн бухгалтери", "Бухгалтер районного отдела образования"),
            ("Ата-энелер комитети", "Родительский комитет"),
        ],
        scenario=True,
    ),
    _q(
        "PED-001",
        "pedagogy",
        "Окуучунун өз алдынча ой жүгүртүүсүн өнүктүрүүгө кайсы ыкма көбүрөөк жардам берет?",
        "Какой метод больше всего способствует развитию самостоятельного мышления ученика?",
        [
            ("Көйгөйлүү окутуу", "Проблемное обучение"),
            ("Текстти жаттоо", "Заучивание текста"),
            ("Мугалимдин түшүндүрмөсүн гана угуу", "Только слушание объяснения учителя"),
            ("Доскадан көчүрүп жазуу", "Списывание с доски"),
        ],
    ),
    _q(
        "PED-002",
        "pedagogy",
        "Кичи мектеп курагындагы балдардын негизги ишмердүүлүгү кайсы?",
        "Какова ведущая деятельность детей младшего школьного возраста?",
        [
            ("Окуу ишмердүүлүгү", "Учебная деятельность"),
            ("Оюн", "Игра"),
            ("Эмгек", "Труд"),
            ("Кесип тандоо", "Профессиональное самоопределение"),
        ],
    ),
    _q(
        "PED-003",
        "pedagogy",
        "Өспүрүм курактагы окуучулар үчүн эмне өзгөчө мааниге ээ?",
        "Что особенно значимо для учащихся подросткового возраста?",
        [
            ("Курбу-курдаштары менен мамиле", "Общение со сверстниками"),
            ("Оюнчуктар", "Игрушки"),
            ("Катуу күн тартиби", "Строгий режим дня"),
            ("Бааларды ата-энеге көрсөтүү", "Показ оценок родителям"),
        ],
    ),
    _q(
        "PED-004",
        "pedagogy",
        "Төмөнкүлөрдүн кайсылары калыптандыруучу баалоого кирет? Бардык туура жоопторду тандаңыз.",
        "Что из перечисленного относится к формативному оцениванию? Выберите все верные ответы.",
        [
            ("Сабак учурундагы кайтарым байланыш", "Обратная связь в ходе урока"),
            ("Окуучулардын өз ара баалоосу", "Взаимооценивание учащихся"),
            ("Жылдык жыйынтыктоочу экзамен", "Годовой итоговый экзамен"),
            ("Мамлекеттик жыйынтыктоочу аттестация", "Государственная итоговая аттестация"),
        ],
        correct=frozenset({"a", "b"}),
    ),
    _q(
        "PED-005",
        "pedagogy",
        "Инклюзивдик билим берүүнүн негизги принциби кайсы?",
        "Каков основной принцип инклюзивного образования?",
        [
            ("Ар бир баланын муктаждыктарын эске алуу", "Учёт потребностей каждого ребёнка"),
            ("Балдарды жөндөмүнө жараша бөлүү", "Разделение детей по способностям"),
            ("Атайын мектептерде гана окутуу", "Обучение только в специальных школах"),
            ("Баалоодон баш тартуу", "Отказ от оценивания"),
        ],
    ),
    _q(
        "IT-001",
        "it",
        "Электрондук журналдын сырсөзүн ким менен бөлүшүүгө болот?",
        "С кем можно поделиться паролем от электронного журнала?",
        [
            ("Эч ким менен", "Ни с кем"),
            ("Класс жетекчиси менен", "С классным руководителем"),
            ("Окуучулар менен", "С учениками"),
            ("Ата-энелер менен", "С родителями"),
        ],
    ),
    _q(
        "IT-002",
        "it",
        "Таблицадагы маалыматтарды иреттөө үчүн кайсы программа ылайыктуу?",
        "Какая программа подходит для сортировки данных в таблице?",
        [
            ("Электрондук таблица", "Электронная таблица"),
            ("Графикалык редактор", "Графический редактор"),
            ("Аудиоплеер", "Аудиоплеер"),
            ("Сүрөттөрдү көрүүчү программа", "Программа просмотра изображений"),
        ],
    ),
    _q(
        "IT-003",
        "it",
        "Фишинг деген эмне?",
        "Что такое фишинг?",
        [
            ("Жалган каттар аркылуу сырсөздөрдү уурдоо", "Кража паролей через поддельные письма"),
            ("Файлдарды архивдөө", "Архивирование файлов"),
            ("Принтерди орнотуу", "Настройка принтера"),
            ("Вирустан коргоочу программа", "Антивирусная программа"),
        ],
    ),
    _q(
        "IT-004",
        "it",
        "Мектептин маалыматтарынын камдык көчүрмөсү эмне үчүн жасалат?",
        "Зачем делают резервную копию данных школы?",
        [
            ("Маалыматтар жоголуп кетпеши үчүн", "Чтобы не потерять данные"),
            ("Компьютерди тездетүү үчүн", "Чтобы ускорить компьютер"),
            ("Интернетти үнөмдөө үчүн", "Чтобы экономить интернет"),
            ("Вирустарды жок кылуу үчүн", "Чтобы удалить вирусы"),
        ],
    ),
)
assert len(TEST) == QUESTIONS

# -- how a candidate went through the test --------------------------------------------------------

#: One step of a candidate at a question: test time used (s), what, and the option keys chosen.
Step = tuple[int, TimelineKind, frozenset[str]]


def _select(at: int, *keys: str) -> Step:
    return (at, TimelineKind.SELECT, frozenset(keys))


def _mark(at: int, flag: bool = True) -> Step:
    return (at, TimelineKind.FLAG if flag else TimelineKind.UNFLAG, frozenset())


#: Test time when question ``i`` was reached.
def _reached(i: int) -> int:
    return 90 + i * 110


#: The question shown when the power went: its options stayed in their written order, so that
#: the statements' letters ("I chose А but it shows Г") are the same in every attempt.
STAYED_IN_ORDER = 11
#: The power cut: test time at which the station fell silent, the silence in seconds.
CRASH_AT = 1360
SILENCE_S = 200
SUBMIT_AT = 2400
PROBLEM_AT = 720

#: The "story": 11 of 20 right, 7 wrong, 2 unanswered, questions 6, 13 and 19 marked; a picture
#: that did not load at question 7 (reported), a power cut while at question 12, whose answer
#: the candidate changed after the resume.
STORY: dict[int, list[Step]] = {
    0: [_select(_reached(0), "a")],
    1: [_select(_reached(1), "c"), _select(_reached(1) + 25, "b")],
    2: [_select(_reached(2), "a")],
    3: [_select(_reached(3), "b")],
    4: [_select(_reached(4), "a")],
    5: [_select(_reached(5), "c"), _mark(_reached(5) + 6)],
    6: [],
    7: [_select(_reached(7), "a")],
    8: [_select(_reached(8), "a")],
    9: [
        _select(_reached(9), "a"),
        _mark(_reached(9) + 4),
        _select(_reached(9) + 41, "b"),
        _mark(_reached(9) + 60, flag=False),
    ],
    10: [_select(_reached(10), "a")],
    11: [_select(_reached(11), "a"), _select(CRASH_AT + 25, "d")],
    12: [_select(_reached(12), "b"), _mark(_reached(12) + 8)],
    13: [_select(_reached(13), "a")],
    14: [_select(_reached(14), "a", "b"), _select(_reached(14) + 33, "a")],
    15: [_select(_reached(15), "a")],
    16: [_select(_reached(16), "a")],
    17: [_select(_reached(17), "a")],
    18: [_select(_reached(18), "c"), _mark(_reached(18) + 5), _select(_reached(18) + 70)],
    19: [_select(_reached(19), "a")],
}
#: The "clean" attempt: every question answered once, none marked; 14 of 20.
CLEAN_WRONG = {2: "b", 5: "c", 9: "d", 13: "c", 16: "b", 18: "d"}
CLEAN: dict[int, list[Step]] = {
    i: [_select(_reached(i), *("ab" if i == 14 else CLEAN_WRONG.get(i, "a")))]
    for i in range(QUESTIONS)
}

#: Words recorded by the stations and the proctor, in the attempt's language.
RECORDED: dict[str, dict[str, str]] = {
    "ky": {
        "problem": "сүрөт ачылбай, бош төрт бурчтук көрүндү",
        "incident": "Залдын 2-катарында электр жарыгы өчүп калды",
        "resume": "жоголгон убакыт толугу менен кайтарылды",
    },
    "ru": {
        "problem": "рисунок не открылся, пустой квадрат",
        "incident": "Во втором ряду зала отключилось электричество",
        "resume": "потерянное время возвращено полностью",
    },
}


@dataclass
class Attempt:
    """A submitted test as the fake keeps it."""

    attempt_id: int
    candidate_name: str
    code: str
    session_id: int
    language: str
    started_at: datetime
    story: bool = True

    @property
    def ended_at(self) -> datetime:
        """When the candidate submitted (the power cut's silence is not test time)."""
        return self.wall(SUBMIT_AT)

    @property
    def deadline(self) -> datetime:
        """The end of the hour of cl. 33."""
        return self.ended_at + timedelta(minutes=WINDOW_MINUTES)

    def wall(self, consumed: int) -> datetime:
        """The time of day at which ``consumed`` seconds of test time had been used."""
        lost = SILENCE_S if self.story and consumed >= CRASH_AT else 0
        return self.started_at + timedelta(seconds=consumed + lost)

    def steps(self) -> dict[int, list[Step]]:
        """What the candidate did at each question."""
        return STORY if self.story else CLEAN

    def order(self, position: int) -> list[str]:
        """The option keys in the order this candidate saw them."""
        keys = ["a", "b", "c", "d"]
        if position == STAYED_IN_ORDER:
            return keys
        random.Random(self.attempt_id * 1000 + position).shuffle(keys)
        return keys

    def final_choice(self, position: int) -> frozenset[str]:
        """The selection at submit."""
        selections = [
            keys for _at, kind, keys in self.steps()[position] if kind is TimelineKind.SELECT
        ]
        return selections[-1] if selections else frozenset()

    def flagged(self, position: int) -> bool:
        """Marked at submit."""
        marks = [
            kind for _at, kind, _keys in self.steps()[position] if kind is not TimelineKind.SELECT
        ]
        return bool(marks) and marks[-1] is TimelineKind.FLAG

    def points(self, position: int) -> int:
        """1 when the final choice is the key."""
        return int(self.final_choice(position) == TEST[position].correct)

    @property
    def score(self) -> int:
        """The result as scored at submit."""
        return sum(self.points(i) for i in range(QUESTIONS))

    def letters(self, position: int, keys: frozenset[str]) -> str:
        """The letters of ``keys`` as the candidate saw them."""
        order = self.order(position)
        return "".join(LETTERS[order.index(key)] for key in sorted(keys, key=order.index))

    def entry(
        self,
        consumed: int,
        kind: TimelineKind,
        position: int | None,
        letters: str = "",
        detail: str = "",
        seconds: float | None = None,
    ) -> TimelineEntry:
        """A timeline line at test time ``consumed``."""
        return TimelineEntry(
            at=self.wall(consumed),
            consumed_s=float(consumed),
            kind=kind,
            position=position,
            letters=letters,
            detail=detail,
            seconds=seconds,
        )

    def attempt_events(self) -> tuple[TimelineEntry, ...]:
        """Start, the reported problem, the power cut and its resume, submit."""
        words = RECORDED[self.language]
        events = [self.entry(0, TimelineKind.START, None)]
        if self.story:
            events += [
                replace(
                    self.entry(PROBLEM_AT, TimelineKind.PROBLEM, 6, detail=words["problem"]),
                    problem=ProblemKind.PICTURE_MISSING.value,
                ),
                TimelineEntry(
                    at=self.started_at + timedelta(seconds=CRASH_AT + 70),
                    consumed_s=float(CRASH_AT),
                    kind=TimelineKind.INCIDENT,
                    position=None,
                    detail=words["incident"],
                    incident="power",
                ),
                self.entry(CRASH_AT, TimelineKind.RESUME, 11),
                replace(
                    self.entry(
                        CRASH_AT,
                        TimelineKind.TIME_RESUME,
                        None,
                        detail=words["resume"],
                        seconds=float(SILENCE_S),
                    ),
                    lost_s=float(SILENCE_S),
                ),
            ]
        events.append(self.entry(SUBMIT_AT, TimelineKind.SUBMIT, None))
        return tuple(events)

    def item(self, position: int) -> ReviewItem:
        """Question ``position`` exactly as the candidate saw it, with the key and the points."""
        question = TEST[position]
        language = self.language
        order = self.order(position)
        chosen = self.final_choice(position)
        options = tuple(
            ReviewOption(
                key=key,
                letter=LETTERS[index],
                text=question.options["abcd".index(key)][language],
                chosen=key in chosen,
                correct=key in question.correct,
            )
            for index, key in enumerate(order)
        )
        timeline = [
            self.entry(
                at,
                kind,
                position,
                letters=self.letters(position, keys) if kind is TimelineKind.SELECT else "",
            )
            for at, kind, keys in self.steps()[position]
        ]
        timeline += [
            event
            for event in self.attempt_events()
            if event.position == position and event.kind is not TimelineKind.SELECT
        ]
        timeline.sort(key=lambda entry: (entry.consumed_s, entry.at))
        return ReviewItem(
            position=position,
            question_uid=question.uid,
            version=2 if position == 6 else 1,
            section_title=SECTIONS[question.section][language],
            scenario=SCENARIO[language] if question.scenario else None,
            stem=question.stem[language],
            options=options,
            multiple=question.multiple,
            images=tuple((name, True) for name in question.images),
            flagged=self.flagged(position),
            points=self.points(position),
            timeline=tuple(timeline),
        )


# -- the people ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    """A staff account: login (the actor's name), full name, roles."""

    account_id: int
    login: str
    full_name: str
    commission: bool = True
    active: bool = True


ACCOUNTS: tuple[Account, ...] = (
    Account(11, "gulmira", "Абдыраева Гүлмира Токтосуновна"),
    Account(12, "bakyt", "Мамытов Бакыт Эсенович"),
    Account(13, "ainura", "Сыдыкова Айнура Кубанычбековна"),
    Account(14, "ermek", "Токтогулов Эрмек Жумабекович"),
    Account(15, "nurgul", "Жээнбекова Нургүл Садыровна"),
    Account(16, "talant", "Осмонов Талант Асанович"),
    Account(17, "chynara", "Керимбаева Чынара Бекболотовна"),
    Account(21, "operator", "Алиева Айгерим Муратовна", commission=False),
)
CHAIR_ID, FIRST_MEMBER, CONFLICTED, ABSENT, OUTSIDER = 11, 12, 13, 14, 17
OPERATOR_NAME = "Алиева Айгерим Муратовна"


def attempts() -> list[Attempt]:
    """The two shifts of 12 August: the first tested 09:30-10:10, the second 10:40-11:50."""

    def at(hour: int, minute: int) -> datetime:
        return datetime(2026, 8, 12, hour, minute, tzinfo=BISHKEK)

    return [
        Attempt(1, "Асанов Нурлан Бакытович", "K7PM-42QX", 1, "ky", at(9, 30)),
        Attempt(2, "Петрова Ольга Николаевна", "R3TD-8VNA", 1, "ru", at(9, 31)),
        Attempt(3, "Бекмуратова Айпери Маратовна", "B9WE-6KFJ", 1, "ky", at(9, 29), story=False),
        Attempt(4, "Иванов Сергей Петрович", "M2XH-5CZL", 1, "ru", at(9, 32), story=False),
        Attempt(5, "Жолдошев Эрлан Калысбекович", "J4NS-7RQD", 2, "ky", at(10, 59)),
        Attempt(6, "Осмонова Гүлнара Асановна", "G8LC-3MTW", 2, "ky", at(11, 4), story=False),
        Attempt(7, "Төлөгөнов Азамат Жыргалбекович", "T6QF-9HBE", 2, "ky", at(10, 41)),
        Attempt(8, "Сидоренко Анна Викторовна", "S5VK-2DPY", 2, "ru", at(11, 9), story=False),
    ]


# -- appeals -------------------------------------------------------------------------------------


@dataclass
class Commission:
    """A composed commission (the fake's own, mutable record)."""

    commission_id: int
    session_id: int | None
    chair: int
    members: tuple[int, ...]
    basis: str


@dataclass
class Appeal:
    """An appeal as the fake keeps it."""

    appeal_id: int
    number: str
    attempt_id: int
    statement: str
    filed_at: datetime
    filed_by: str = OPERATOR_NAME
    status: AppealStatus = AppealStatus.FILED
    commission_id: int | None = None
    heard_at: datetime | None = None
    hearing: tuple[Attendance, ...] = ()
    decided_at: datetime | None = None
    findings: tuple[Finding, ...] = ()
    summary: str = ""
    new_score: int | None = None


STATEMENTS = {
    1: (
        "12-суроодо мен А жообун тандагам, бирок жарык өчүп, компьютер кайра күйгөндөн кийин "
        "экранда Г жообу турду. 7-суроонун сүрөтү такыр ачылган жок, ошондуктан жооп бере "
        "алган жокмун."
    ),
    2: (
        "В вопросе 12 я выбрала ответ А, но после отключения света и перезапуска компьютера "
        "на экране был ответ Г. Рисунок к вопросу 7 так и не открылся."
    ),
    3: "3-суроонун жообу туура эмес эсептелди деп ойлойм.",
    4: "Считаю, что в вопросе 6 мой ответ засчитан неверно: я выбирал заместителя директора.",
    5: "Тест учурунда клавиатура иштебей калды, 2-суроодо жооп өзгөрүп кетти.",
}


class FakeAppeals:
    """The ``Appeals`` port, in memory.  ``now`` is the fake clock (tests move it)."""

    def __init__(self, archive: Path | None = None, now: datetime = NOW) -> None:
        self.now = now
        self.archive = archive
        self.window_minutes = WINDOW_MINUTES
        self.attempts = {attempt.attempt_id: attempt for attempt in attempts()}
        self.accounts = {account.account_id: account for account in ACCOUNTS}
        #: (method name, the values it was called with, the actor's name), in call order.
        self.calls: list[tuple[str, tuple[object, ...], str]] = []
        self.commissions: dict[int, Commission] = {
            1: Commission(
                1,
                1,
                CHAIR_ID,
                (FIRST_MEMBER, CONFLICTED, ABSENT),
                "Борбордун директорунун 2026-жылдын 10-августундагы №47 буйругу",
            )
        }
        self.records: dict[int, Appeal] = {}
        self._seed()

    def _seed(self) -> None:
        def at(hour: int, minute: int) -> datetime:
            return datetime(2026, 8, 12, hour, minute, tzinfo=BISHKEK)

        present = (
            Attendance(CHAIR_ID, True),
            Attendance(FIRST_MEMBER, True),
            Attendance(CONFLICTED, True, "Талапкердин жакын тууганы"),
            Attendance(ABSENT, False),
        )
        everyone = tuple(Attendance(i, True) for i in (CHAIR_ID, FIRST_MEMBER, CONFLICTED, ABSENT))
        self.records = {
            1: Appeal(1, "2026-001", 3, STATEMENTS[3], at(10, 35), commission_id=1),
            2: Appeal(2, "2026-002", 4, STATEMENTS[4], at(10, 41), commission_id=1),
            3: Appeal(3, "2026-003", 1, STATEMENTS[1], at(10, 44), commission_id=1),
            4: Appeal(4, "2026-004", 2, STATEMENTS[2], at(10, 52), commission_id=1),
            5: Appeal(5, "2026-005", 5, STATEMENTS[5], at(12, 2)),
        }
        first, second = self.records[1], self.records[2]
        first.heard_at, first.hearing = at(11, 15), everyone
        first.status, first.decided_at = AppealStatus.REJECTED, at(11, 32)
        first.findings = (Finding(2, False, "Жооп ачкыч боюнча туура эсептелген."),)
        first.summary = "Техникалык ката табылган жок; апелляция четке кагылды."
        second.heard_at, second.hearing = at(11, 35), everyone
        second.status, second.decided_at = AppealStatus.SATISFIED, at(11, 58)
        second.findings = (
            Finding(
                5,
                True,
                "Протокол станции: выбор «Заместитель директора» записан, но не учтён "
                "при подсчёте из-за сбоя сохранения.",
                frozenset({"a"}),
            ),
        )
        second.summary = "Подтверждена техническая ошибка в вопросе 6; балл пересчитан."
        second.new_score = self._recompute(self.attempts[4], second.findings)
        for appeal in (self.records[3], self.records[4]):
            appeal.heard_at, appeal.hearing = at(12, 5), present

    # -- helpers -----------------------------------------------------------------------------

    def _record(self, method: str, actor: Actor, *values: object) -> None:
        self.calls.append((method, values, actor.name))

    def calls_of(self, method: str) -> list[tuple[object, ...]]:
        """The values of every call of ``method``, in call order."""
        return [values for name, values, _actor in self.calls if name == method]

    def _get(self, appeal_id: int) -> Appeal:
        if appeal_id not in self.records:
            raise LookupError(f"no appeal {appeal_id}")
        return self.records[appeal_id]

    def _commission_of(self, appeal: Appeal) -> Commission | None:
        if appeal.commission_id is not None:
            return self.commissions[appeal.commission_id]
        session = self.attempts[appeal.attempt_id].session_id
        return next((c for c in self.commissions.values() if c.session_id == session), None)

    def _member_view(self, account_id: int, role: str, hearing: Sequence[Attendance]) -> MemberView:
        attendance = next((a for a in hearing if a.account_id == account_id), None)
        return MemberView(
            account_id=account_id,
            full_name=self.accounts[account_id].full_name,
            role=role,
            present=attendance.present if attendance else None,
            conflict=attendance.conflict if attendance else "",
        )

    def _commission_view(
        self, commission: Commission, hearing: Sequence[Attendance] = ()
    ) -> CommissionView:
        members = [self._member_view(commission.chair, CHAIR, hearing)]
        members += [self._member_view(i, MEMBER, hearing) for i in commission.members]
        return CommissionView(
            commission_id=commission.commission_id,
            session_id=commission.session_id,
            basis=commission.basis,
            members=tuple(members),
        )

    def _view(self, appeal: Appeal) -> AppealView:
        attempt = self.attempts[appeal.attempt_id]
        # As the service: an appeal names its commission once composed for it or heard by its
        # session's commission (until then the session's is asked for separately).
        commission = (
            self.commissions.get(appeal.commission_id) if appeal.commission_id is not None else None
        )
        commission_view = self._commission_view(commission, appeal.hearing) if commission else None
        hearing = commission_view.members if commission_view and appeal.hearing else ()
        findings = tuple(
            FindingView(
                position=finding.position,
                fault=finding.fault,
                text=finding.text,
                established=finding.established,
                points_before=attempt.points(finding.position),
                points_after=self._points_after(attempt, finding),
            )
            for finding in appeal.findings
        )
        decided = appeal.status is not AppealStatus.FILED
        return AppealView(
            appeal_id=appeal.appeal_id,
            number=appeal.number,
            attempt_id=attempt.attempt_id,
            candidate_name=attempt.candidate_name,
            code=attempt.code,
            competition_id=1,
            post=POST,
            school=SCHOOL,
            session_id=attempt.session_id,
            session_date=DAY,
            ended_at=attempt.ended_at,
            deadline=attempt.deadline,
            statement=appeal.statement,
            filed_at=appeal.filed_at,
            filed_by=appeal.filed_by,
            status=appeal.status,
            heard_at=appeal.heard_at,
            decided_at=appeal.decided_at,
            old_score=attempt.score,
            new_score=appeal.new_score,
            max_score=QUESTIONS,
            threshold=THRESHOLD,
            commission=commission_view,
            hearing=hearing,
            findings=findings,
            summary=appeal.summary,
            protocol_file=f"appeals/{appeal.number}.pdf" if decided else None,
            new_protocol=(
                f"TP-2026-{attempt.attempt_id:04d}-2"
                if appeal.status is AppealStatus.SATISFIED
                else None
            ),
        )

    @staticmethod
    def _points_after(attempt: Attempt, finding: Finding) -> int:
        # The rule itself, not a copy: the fake differs from the service only in its storage.
        remedy = Remedy(finding.established) if finding.fault else None
        return points_after(
            attempt.final_choice(finding.position), TEST[finding.position].correct, remedy
        )

    def _check_findings(self, attempt: Attempt, findings: Sequence[Finding]) -> None:
        for finding in findings:
            if not 0 <= finding.position < QUESTIONS:
                raise HearingRefused("unknown_question", str(finding.position + 1))
            if finding.fault and not finding.text.strip():
                raise HearingRefused("finding_missing", str(finding.position + 1))
            if finding.established is not None and not finding.established <= set("abcd"):
                raise HearingRefused("bad_answer", str(finding.position + 1))

    def _recompute(self, attempt: Attempt, findings: Sequence[Finding]) -> int:
        answers = [(attempt.final_choice(i), TEST[i].correct) for i in range(QUESTIONS)]
        remedies = {f.position: Remedy(f.established) for f in findings if f.fault}
        return recomputed_score(answers, remedies)

    def _open_appeal(self, attempt_id: int) -> Appeal | None:
        return next(
            (
                appeal
                for appeal in self.records.values()
                if appeal.attempt_id == attempt_id and appeal.status is AppealStatus.FILED
            ),
            None,
        )

    def _account_of(self, actor: Actor) -> Account | None:
        return next((a for a in self.accounts.values() if a.login == actor.name), None)

    # -- the port ------------------------------------------------------------------------------

    def appealable(self, actor: Actor, query: str = "") -> list[Appealable]:
        """Submitted attempts whose window is open, newest first; ``query`` matches name or code."""
        actor.require(Permission.FILE_APPEALS)
        self._record("appealable", actor, query)
        wanted = query.strip().casefold()
        wanted_code = "".join(ch for ch in wanted if ch.isalnum())
        found = []
        for attempt in self.attempts.values():
            if self.now > attempt.deadline:
                continue
            code = "".join(ch for ch in attempt.code.casefold() if ch.isalnum())
            by_name = wanted in attempt.candidate_name.casefold()
            by_code = bool(wanted_code) and wanted_code in code
            if wanted and not (by_name or by_code):
                continue
            open_appeal = self._open_appeal(attempt.attempt_id)
            found.append(
                Appealable(
                    attempt_id=attempt.attempt_id,
                    candidate_name=attempt.candidate_name,
                    code=attempt.code,
                    session_id=attempt.session_id,
                    competition_id=1,
                    post=POST,
                    ended_at=attempt.ended_at,
                    deadline=attempt.deadline,
                    score=attempt.score,
                    max_score=QUESTIONS,
                    open_appeal=open_appeal.number if open_appeal else None,
                )
            )
        return sorted(found, key=lambda row: row.ended_at, reverse=True)

    def file_appeal(self, actor: Actor, attempt_id: int, statement: str) -> AppealView:
        """File the candidate's appeal now; refused after the window or while one is open."""
        actor.require(Permission.FILE_APPEALS)
        self._record("file_appeal", actor, attempt_id, statement)
        attempt = self.attempts.get(attempt_id)
        if attempt is None:
            raise NotAppealable(f"no submitted attempt {attempt_id}")
        if self.now > attempt.deadline:
            raise AppealWindowClosed(attempt.deadline)
        open_appeal = self._open_appeal(attempt_id)
        if open_appeal is not None:
            raise AppealAlreadyOpen(open_appeal.number)
        if not statement.strip():
            raise NotAppealable("the statement is empty")
        appeal_id = max(self.records, default=0) + 1
        account = self._account_of(actor)
        appeal = Appeal(
            appeal_id,
            f"2026-{appeal_id:03d}",
            attempt_id,
            statement.strip(),
            self.now,
            filed_by=account.full_name if account else actor.name,
        )
        self.records[appeal_id] = appeal
        return self._view(appeal)

    def appeals(self, actor: Actor, competition_id: int | None = None) -> list[AppealView]:
        """Appeals, newest first, of one competition or of all."""
        actor.require(Permission.VIEW_APPEALS)
        views = [self._view(appeal) for appeal in self.records.values()]
        if competition_id is not None:
            views = [view for view in views if view.competition_id == competition_id]
        return sorted(views, key=lambda view: view.filed_at, reverse=True)

    def appeal(self, actor: Actor, appeal_id: int) -> AppealView:
        """One appeal as it stands."""
        actor.require(Permission.VIEW_APPEALS)
        return self._view(self._get(appeal_id))

    def commissioners(self, actor: Actor) -> list[CommissionerView]:
        """Active accounts with the commission role, in Kyrgyz name order."""
        actor.require(Permission.COMPOSE_COMMISSION)
        found = [
            CommissionerView(account.account_id, account.full_name)
            for account in self.accounts.values()
            if account.commission and account.active
        ]
        return sorted(found, key=lambda view: kyrgyz_sort_key(view.full_name))

    def compose_commission(
        self,
        actor: Actor,
        *,
        chair: int,
        members: Sequence[int],
        basis: str,
        session_id: int | None = None,
        appeal_id: int | None = None,
    ) -> CommissionView:
        """Compose the commission of a session, or of one appeal (cl. 34: chair + 1-5)."""
        actor.require(Permission.COMPOSE_COMMISSION)
        self._record(
            "compose_commission", actor, chair, tuple(members), basis, session_id, appeal_id
        )
        if (session_id is None) == (appeal_id is None):
            raise ValueError("a commission is of a session or of one appeal")
        if not chair:
            raise CommissionRefused("no_chair")
        if chair in members:
            raise CommissionRefused("chair_is_member", self.accounts[chair].full_name)
        if len(set(members)) < MIN_MEMBERS:
            raise CommissionRefused("too_few", str(len(members)))
        if len(set(members)) > MAX_MEMBERS:
            raise CommissionRefused("too_many", str(len(members)))
        for account_id in (chair, *members):
            account = self.accounts.get(account_id)
            if account is None:
                raise CommissionRefused("unknown_account", str(account_id))
            if not (account.commission and account.active):
                raise CommissionRefused("not_commission", account.full_name)
        commission = Commission(
            max(self.commissions, default=0) + 1,
            session_id,
            chair,
            tuple(dict.fromkeys(members)),
            basis.strip(),
        )
        if session_id is not None:
            for old_id in [k for k, c in self.commissions.items() if c.session_id == session_id]:
                del self.commissions[old_id]
            self.commissions[commission.commission_id] = commission
        else:
            appeal = self._get(appeal_id or 0)
            if appeal.heard_at is not None:
                decided = appeal.status is not AppealStatus.FILED
                raise HearingRefused("decided" if decided else "heard")
            self.commissions[commission.commission_id] = commission
            appeal.commission_id = commission.commission_id
        return self._commission_view(commission)

    def session_commission(self, actor: Actor, session_id: int) -> CommissionView | None:
        """The commission composed for a session, if any."""
        actor.require(Permission.VIEW_APPEALS)
        found = next((c for c in self.commissions.values() if c.session_id == session_id), None)
        return self._commission_view(found) if found else None

    def open_hearing(
        self, actor: Actor, appeal_id: int, attendance: Sequence[Attendance]
    ) -> AppealView:
        """Record who is present and any conflicts; the hearing begins now."""
        actor.require(Permission.HEAR_APPEALS)
        self._record("open_hearing", actor, appeal_id, tuple(attendance))
        appeal = self._get(appeal_id)
        if appeal.status is not AppealStatus.FILED:
            raise HearingRefused("decided")
        commission = self._commission_of(appeal)
        if commission is None:
            raise HearingRefused("no_commission")
        seats = {commission.chair, *commission.members}
        account = self._account_of(actor)
        if account is None or account.account_id not in seats:
            raise HearingRefused("not_on_commission", actor.name)
        by_id = {entry.account_id: entry for entry in attendance}
        if set(by_id) - seats:
            raise HearingRefused("not_on_commission", str(sorted(set(by_id) - seats)))
        chair = by_id.get(commission.chair)
        if chair is None or not chair.present or chair.conflict.strip():
            raise HearingRefused("chair_absent")
        if not any(
            by_id.get(i) and by_id[i].present and not by_id[i].conflict.strip()
            for i in commission.members
        ):
            raise HearingRefused("no_member")
        appeal.commission_id = commission.commission_id
        appeal.heard_at = appeal.heard_at or self.now  # recorded again: a member came late
        appeal.hearing = tuple(
            replace(by_id.get(i, Attendance(i, False)), conflict=by_id[i].conflict.strip())
            if i in by_id
            else Attendance(i, False)
            for i in (commission.chair, *commission.members)
        )
        return self._view(appeal)

    def review(self, actor: Actor, appeal_id: int) -> Review:
        """The candidate's frozen form, answers, keys, points and timeline (commission only)."""
        actor.require(Permission.HEAR_APPEALS)
        self._record("review", actor, appeal_id)
        appeal = self._get(appeal_id)
        attempt = self.attempts[appeal.attempt_id]
        return Review(
            appeal=self._view(appeal),
            language=attempt.language,
            items=tuple(attempt.item(i) for i in range(QUESTIONS)),
            attempt_events=attempt.attempt_events(),
            score=attempt.score,
            max_score=QUESTIONS,
            threshold=THRESHOLD,
        )

    def recomputed_score(self, actor: Actor, appeal_id: int, findings: Sequence[Finding]) -> int:
        """The score the findings would give, before they are recorded."""
        actor.require(Permission.HEAR_APPEALS)
        self._record("recomputed_score", actor, appeal_id, tuple(findings))
        attempt = self.attempts[self._get(appeal_id).attempt_id]
        self._check_findings(attempt, findings)
        return self._recompute(attempt, findings)

    def decide(
        self, actor: Actor, appeal_id: int, findings: Sequence[Finding], summary: str
    ) -> AppealView:
        """Record the findings and the decision; a new result version if any fault is confirmed."""
        actor.require(Permission.HEAR_APPEALS)
        self._record("decide", actor, appeal_id, tuple(findings), summary)
        appeal = self._get(appeal_id)
        if appeal.status is not AppealStatus.FILED:
            raise HearingRefused("decided")
        if appeal.heard_at is None:
            raise HearingRefused("not_heard")
        account = self._account_of(actor)
        taking_part = {a.account_id for a in appeal.hearing if a.present and not a.conflict}
        if account is None or account.account_id not in taking_part:
            raise HearingRefused("not_on_commission", actor.name)
        attempt = self.attempts[appeal.attempt_id]
        self._check_findings(attempt, findings)
        appeal.findings = tuple(sorted(findings, key=lambda finding: finding.position))
        appeal.summary = summary.strip()
        appeal.decided_at = self.now
        if any(finding.fault for finding in findings):
            appeal.status = AppealStatus.SATISFIED
            appeal.new_score = self._recompute(attempt, findings)
        else:
            appeal.status = AppealStatus.REJECTED
        return self._view(appeal)

    def appeal_protocol(self, actor: Actor, appeal_id: int) -> Path:
        """The archived appeal protocol PDF of a decided appeal."""
        actor.require(Permission.VIEW_APPEALS)
        self._record("appeal_protocol", actor, appeal_id)
        view = self._view(self._get(appeal_id))
        if view.protocol_file is None:
            raise LookupError(f"appeal {view.number} is not decided")
        if self.archive is None:
            raise LookupError("the fake has no archive folder")
        path = self.archive / view.protocol_file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.7\n% appeal protocol " + view.number.encode() + b"\n%%EOF\n")
        return path
