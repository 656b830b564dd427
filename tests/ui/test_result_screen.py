"""The result screen: score, threshold, the cl. 26 statement, the appeal deadline, printing."""

from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt

from kiosk.domain.scoring import STATEMENT_DOES_NOT_MEET, STATEMENT_MEETS
from kiosk.services.views import END_BY_CANDIDATE
from tests.ui.conftest import start_test
from translations import Translator

KY = Translator("ky", strict=True)
RU = Translator("ru", strict=True)
BISHKEK = ZoneInfo("Asia/Bishkek")


def finish(window):
    window.exam.ask_finish()
    window.confirm.yes.click()


def test_a_result_that_does_not_meet_the_threshold(qtbot, window, station, clock, timers):
    attempt = start_test(qtbot, window, station.code)
    clock.advance(20 * 60)
    finish(window)
    assert window.current_screen is window.result
    result = station.kiosk.attempts.result(attempt)
    screen = window.result
    assert screen.name.text() == "Үсөнбаева Гүлнара Өмүрбековна"
    assert screen.score.text() == KY("{score} out of {max_score}").format(score=0, max_score=10)
    assert screen.threshold.text() == "6"
    assert screen.statement.text() == KY(STATEMENT_DOES_NOT_MEET)
    assert screen.statement.text() == "Топтолгон балл квалификациялык талаптарга жооп бербейт"
    assert screen.statement_box.property("meets") == "false"
    assert screen.mark.text() == "✗"
    # Kyrgyz is the official wording: in Kyrgyz it is not repeated.
    assert not screen.official_statement.isVisible()
    # 04:20 UTC is 10:20 in Bishkek; an appeal may be filed for an hour after that.
    deadline = result.appeal_deadline.astimezone(BISHKEK).strftime("%H:%M")
    assert deadline == "11:20"
    assert screen.deadline.text() == KY("Appeals are accepted until {time}.").format(time="11:20")
    assert result.protocol_number in screen.protocol.text()
    assert not window.exam.in_progress


def test_a_result_that_meets_it_in_russian_also_shows_the_kyrgyz_wording(
    qtbot, make_window, station
):
    window = make_window("ru")
    attempt = start_test(qtbot, window, station.code)
    # The screen never sees the keys; the test asks the bank's rule (b for even, c for odd).
    from tests.helpers.banks import make_bank

    bank = make_bank()
    keys = {q.stem["ru"]: q.correct for q in bank.questions}
    view = station.kiosk.attempts.view(attempt)
    for item in view.items:
        window.exam.go_to(item.position)
        right = next(i for i, o in enumerate(item.options) if o.key in keys[item.stem])
        window.exam.choose(right)
    finish(window)
    screen = window.result
    assert screen.score.text() == RU("{score} out of {max_score}").format(score=10, max_score=10)
    assert screen.statement.text() == RU(STATEMENT_MEETS)
    assert screen.official_statement.isVisible()
    assert screen.official_statement.text() == (
        "Топтолгон балл квалификациялык талаптарга жооп берет"
    )
    assert screen.statement_box.property("meets") == "true"
    assert screen.mark.text() == "✓"
    qtbot.mouseClick(window.language_buttons["ky"], Qt.MouseButton.LeftButton)
    assert screen.statement.text() == KY(STATEMENT_MEETS)
    assert not screen.official_statement.isVisible()


def test_the_protocol_is_printed_after_the_result_is_on_screen(
    qtbot, window, station, timers, printer
):
    printer.outcome = True
    attempt = start_test(qtbot, window, station.code)
    finish(window)
    screen = window.result
    assert printer.printed == []
    assert screen.printing.text() == KY("The protocol is being printed…")
    assert timers.fire("print-protocol")
    assert printer.screens_at_print == ["resultScreen"]
    assert printer.printed == [station.kiosk.attempts.result(attempt).protocol_path]
    assert screen.print_state == "printed"
    assert screen.printing.text() == KY(
        "The protocol has been printed. Please take it from the printer."
    )


def test_without_a_printer_the_protocol_is_saved(qtbot, window, station, timers, printer):
    start_test(qtbot, window, station.code)
    finish(window)
    timers.fire("print-protocol")
    assert window.result.print_state == "saved"
    assert window.result.printing.text() == KY(
        "The protocol has been saved. The testing staff will print it for you."
    )


def test_a_printer_failure_never_hides_the_result(qtbot, window, station, timers, printer, caplog):
    printer.outcome = RuntimeError("paper jam")
    start_test(qtbot, window, station.code)
    finish(window)
    timers.fire("print-protocol")
    assert window.current_screen is window.result
    assert window.result.print_state == "failed"
    assert window.result.score.text()
    assert "paper jam" in caplog.text


def test_done_clears_the_station_for_the_next_candidate(qtbot, window, station, timers):
    start_test(qtbot, window, station.code)
    finish(window)
    qtbot.mouseClick(window.result.done_button, Qt.MouseButton.LeftButton)
    assert window.current_screen is window.login
    assert not timers["result-hold"].is_active()


def test_the_result_clears_itself_after_a_while(qtbot, window, station, timers):
    start_test(qtbot, window, station.code)
    finish(window)
    assert timers.fire("result-hold")
    assert window.current_screen is window.login


def test_an_attempt_submitted_elsewhere_shows_its_result(qtbot, window, station):
    attempt = start_test(qtbot, window, station.code)
    station.kiosk.attempts.submit(attempt, END_BY_CANDIDATE)
    window.exam.choose(0)
    assert window.current_screen is window.result
    assert window.result.name.text() == "Үсөнбаева Гүлнара Өмүрбековна"
