"""The review queue: what waits, the chosen version as the candidate sees it, the decisions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kiosk.clock import FakeClock
from kiosk.domain.roles import Permission, Role
from kiosk.ui.admin.browser import NOT_PERMITTED
from kiosk.ui.admin.history import format_time
from kiosk.ui.admin.review import ReviewPage
from question_bank.lifecycle import Action, Status
from tests.helpers.actors import staff
from tests.ui.admin import READER
from tests.ui.admin.test_editor import APPROVER, AUTHOR, editor_kiosk
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def kiosk(qapp, tmp_path, clock):
    kiosk = editor_kiosk(tmp_path / "data", clock)
    yield kiosk
    kiosk.close()


def send_for_review(kiosk, uid: str, actor: str = AUTHOR, **changes) -> int:
    """A new version of ``uid`` with ``changes``, written by ``actor`` and submitted."""
    question = replace(kiosk.bank.latest(READER, uid).question, **changes)
    draft = kiosk.bank.save(staff(actor), question)
    kiosk.bank.submit(staff(actor), draft.version_id)
    return draft.version_id


@pytest.fixture
def waiting(kiosk, clock):
    """Two versions waiting: LAW-001 v2 by aida, then IT-002 v2 by bolot."""
    first = send_for_review(kiosk, "LAW-001", source="Закон КР «Об образовании», ст. 25")
    clock.advance(3600)
    second = send_for_review(kiosk, "IT-002", actor=APPROVER, tags=("клавиатура",))
    return first, second


def make_page(qtbot, kiosk, user: str, translator: Translator = KY) -> ReviewPage:
    page = ReviewPage(kiosk.bank, staff(user), translator)
    qtbot.addWidget(page)
    page.resize(1166, 700)
    page.show()
    return page


@pytest.fixture
def page(qtbot, kiosk, waiting):
    """The queue as "cholpon" sees it (she wrote neither version)."""
    return make_page(qtbot, kiosk, "cholpon")


def cells(page: ReviewPage, row: int) -> list[str]:
    model = page.queue_model
    return [model.index(row, column).data() for column in range(model.columnCount())]


def test_the_queue_lists_what_waits_oldest_first(page, kiosk, qtmodeltester):
    assert [row.uid for row in page.rows] == ["LAW-001", "IT-002"]
    first = kiosk.bank.review_queue(READER)[0]
    assert cells(page, 0) == [
        "LAW-001",
        "Нормативдик укуктук актылар",
        AUTHOR,
        format_time(first.updated_at),
    ]
    assert cells(page, 1)[1:3] == ["IT компетенциялары", APPROVER]
    assert page.queue_model.headerData(0, page.queue.horizontalHeader().orientation()) == KY(
        "Question"
    )
    assert page.count.text() == KY("Waiting for review: {count}").format(count=2)
    qtmodeltester.check(page.queue_model)


def test_the_chosen_version_is_shown_as_the_candidate_sees_it_with_its_key(page):
    version = page.version
    assert version is not None and (version.uid, version.number) == ("LAW-001", 2)
    assert page.heading.text() == KY("{uid}, version {number}: {section}").format(
        uid="LAW-001", number=2, section="Нормативдик укуктук актылар"
    )
    exam = page.preview.exam
    assert exam.stem.text() == version.question.stem["ky"]
    assert page.preview.key_lines() == ["Б) Түзүүчү"]
    assert not page.preview.key_box.isHidden()
    assert page.details.text().splitlines()[:2] == [
        KY("Source: {source}").format(source="Закон КР «Об образовании», ст. 25"),
        KY("Tags: {tags}").format(tags="устав, мыйзам"),
    ]
    # Its history: version 1 written and approved, version 2 edited and sent.
    lines = page.history_lines()
    assert page.history.text() == "\n".join(lines)
    assert [line.split(" — ")[0] for line in lines] == [
        KY("Version {number}: {action} — {actor}, {time}")
        .split(" — ")[0]
        .format(number=number, action=KY(action))
        for number, action in (
            (1, "Written"),
            (1, "Sent for review"),
            (1, "Approved"),
            (2, "Edited"),
            (2, "Sent for review"),
        )
    ]
    assert lines[2].endswith(APPROVER + ", " + format_time(version.events[0].at))
    # The other one, in Russian.
    page.preview.set_language("ru")
    page.select_row(1)
    assert page.version.uid == "IT-002"
    assert exam.stem.text() == page.version.question.stem["ru"]
    assert page.preview.key_lines() == ["А) Ctrl+S"]
    assert KY("The options keep their order") in page.details.text()


def test_approving_refreshes_the_queue_and_says_so(qtbot, page, kiosk, waiting):
    page.comment.setPlainText("Туура")
    with qtbot.waitSignal(page.decided) as decided:
        page.approve_button.click()
    assert decided.args == [waiting[0]]
    approved = kiosk.bank.version(READER, waiting[0])
    assert approved.status is Status.APPROVED
    assert approved.events[-1].actor == "cholpon" and approved.events[-1].comment == "Туура"
    assert [row.uid for row in page.rows] == ["IT-002"]
    assert page.version.uid == "IT-002"
    assert page.comment.toPlainText() == ""
    assert page.notice_text == KY("Approved: {uid}, version {number}.").format(
        uid="LAW-001", number=2
    )


def test_nobody_approves_their_own_version_and_is_told_why(qtbot, kiosk, waiting):
    page = make_page(qtbot, kiosk, AUTHOR)
    with qtbot.assertNotEmitted(page.decided):
        page.approve()
    assert page.error_text == KY(
        "You wrote or edited this question; another person must approve it"
    )
    assert kiosk.bank.version(READER, waiting[0]).status is Status.SUBMITTED
    assert [row.uid for row in page.rows] == ["LAW-001", "IT-002"]
    assert page.notice_text == ""
    page.set_translator(RU)
    assert page.error_text == RU(
        "You wrote or edited this question; another person must approve it"
    )


def test_returning_needs_a_comment_in_the_page_and_in_the_service(qtbot, page, kiosk, waiting):
    assert not page.return_button.isEnabled()
    calls = []
    bank_return = kiosk.bank.return_for_rework
    with qtbot.assertNotEmitted(page.decided):
        page.comment.setPlainText("   ")
        assert not page.return_button.isEnabled()
        page.return_for_rework()
    assert page.error_text == KY("Say what must change: returning a question needs a comment.")
    assert kiosk.bank.version(READER, waiting[0]).status is Status.SUBMITTED

    page.comment.setPlainText("Булагын тактаңыз")
    assert page.return_button.isEnabled()
    kiosk.bank.return_for_rework = lambda *args: calls.append(args) or bank_return(*args)
    with qtbot.waitSignal(page.decided):
        page.return_button.click()
    assert calls == [(staff("cholpon"), waiting[0], "Булагын тактаңыз")]
    returned = kiosk.bank.version(READER, waiting[0])
    assert returned.status is Status.DRAFT
    assert (returned.events[-1].action, returned.events[-1].comment) == (
        Action.RETURNED,
        "Булагын тактаңыз",
    )
    assert page.error_text == ""
    assert page.notice_text == KY("Returned for rework: {uid}, version {number}.").format(
        uid="LAW-001", number=2
    )


def test_a_blank_comment_is_refused_by_the_service_too(page, kiosk, waiting):
    from question_bank.lifecycle import LifecycleRefused

    with pytest.raises(LifecycleRefused, match="comment"):
        kiosk.bank.return_for_rework(staff("cholpon"), waiting[0], " ")


def test_an_empty_queue_says_so(qtbot, kiosk):
    page = make_page(qtbot, kiosk, "cholpon")
    assert page.rows == [] and page.version is None
    assert not page.empty.isHidden()
    assert page.empty.text() == KY("Nothing waits for review.")
    assert not page.approve_button.isEnabled() and not page.return_button.isEnabled()
    assert page.preview.isHidden()


def test_the_queue_follows_the_interface_language(page):
    page.set_translator(RU)
    assert page.title.text() == RU("Review queue")
    assert cells(page, 0)[1] == "Нормативные правовые акты"
    assert page.approve_button.text() == RU("Approve")
    assert page.preview.key_caption.text() == RU(
        "Correct answer (the candidate does not see this):"
    )
    page.retranslate(KY)
    assert page.return_button.text() == KY("Return for rework")


def test_a_version_decided_elsewhere_leaves_the_queue_on_refresh(page, kiosk, waiting):
    kiosk.bank.approve(staff("cholpon"), waiting[1])
    page.refresh()
    assert [row.uid for row in page.rows] == ["LAW-001"]
    assert page.version.version_id == waiting[0]


def test_a_question_writer_sees_the_queue_but_is_offered_no_decision(qtbot, kiosk, waiting):
    page = ReviewPage(kiosk.bank, staff("cholpon", Role.BANK_EDITOR), KY)
    qtbot.addWidget(page)
    page.resize(1166, 700)
    page.show()
    assert [row.uid for row in page.rows] == ["LAW-001", "IT-002"]
    assert page.version is not None and page.preview.isVisible()
    for widget in (page.approve_button, page.return_button, page.comment):
        assert not widget.isVisible()
    assert page.decide_note.isVisible()
    assert page.decide_note.text() == KY(
        "A question approver approves or returns these questions: your account's roles "
        "do not allow it."
    )
    # Asked anyway, the service refuses and the page says why in words.
    with qtbot.assertNotEmitted(page.decided):
        assert page.approve() is None
    assert page.error_text == KY(NOT_PERMITTED[Permission.APPROVE_BANK])
    assert kiosk.bank.version(READER, waiting[0]).status is Status.SUBMITTED
    page.retranslate(RU)
    assert page.error_text == RU(NOT_PERMITTED[Permission.APPROVE_BANK])


def test_an_approver_without_the_writers_role_is_offered_the_decision(qtbot, kiosk, waiting):
    page = ReviewPage(kiosk.bank, staff("cholpon", Role.BANK_APPROVER), KY)
    qtbot.addWidget(page)
    page.show()
    assert page.approve_button.isVisible() and not page.decide_note.isVisible()
    with qtbot.waitSignal(page.decided):
        page.approve_button.click()
    assert kiosk.bank.version(READER, waiting[0]).status is Status.APPROVED
