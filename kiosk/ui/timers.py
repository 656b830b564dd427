"""Named timers, and fakes that tests fire by hand.

Screens never create a ``QTimer`` themselves: they ask a *timer factory* for one, by name.  The
station passes :func:`make_timer` (real Qt timers); tests pass a :class:`FakeTimers`, whose timers
fire only when the test calls :meth:`FakeTimer.fire`, so a countdown is driven by a fake clock and
a hand-fired tick instead of real seconds passing.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QTimer, Signal


class TimerLike(Protocol):
    """What a screen needs from a timer."""

    @property
    def timeout(self) -> Signal:
        """Emitted each time the interval has passed (once, for a single-shot timer)."""
        ...

    def start(self) -> None:
        """Start (or restart) the timer."""
        ...

    def stop(self) -> None:
        """Stop the timer; it does not fire until started again."""
        ...

    def is_active(self) -> bool:
        """True while the timer is running."""
        ...


class TimerFactory(Protocol):
    """Makes a named timer with an interval in milliseconds."""

    def __call__(self, name: str, interval_ms: int, *, single_shot: bool = False) -> TimerLike: ...


class Timer(QObject):
    """A ``QTimer`` with a name, so that a log or a test can tell timers apart."""

    timeout = Signal()

    def __init__(
        self,
        name: str,
        interval_ms: int,
        *,
        single_shot: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.name = name
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.setSingleShot(single_shot)
        self._timer.timeout.connect(self.timeout)

    @property
    def interval_ms(self) -> int:
        """The interval in milliseconds."""
        return self._timer.interval()

    def start(self) -> None:
        """Start (or restart) the timer."""
        self._timer.start()

    def stop(self) -> None:
        """Stop the timer."""
        self._timer.stop()

    def is_active(self) -> bool:
        """True while the timer is running."""
        return self._timer.isActive()

    def __repr__(self) -> str:
        return f"<Timer {self.name} {self.interval_ms} ms>"


def make_timer(name: str, interval_ms: int, *, single_shot: bool = False) -> Timer:
    """The station's timer factory: real Qt timers."""
    return Timer(name, interval_ms, single_shot=single_shot)


class FakeTimer(QObject):
    """A timer for tests: it never fires by itself, only when a test calls :meth:`fire`."""

    timeout = Signal()

    def __init__(self, name: str, interval_ms: int, *, single_shot: bool = False) -> None:
        super().__init__()
        self.setObjectName(name)
        self.name = name
        self.interval_ms = interval_ms
        self.single_shot = single_shot
        self._active = False

    def start(self) -> None:
        """Mark the timer running."""
        self._active = True

    def stop(self) -> None:
        """Mark the timer stopped."""
        self._active = False

    def is_active(self) -> bool:
        """True while the timer is marked running."""
        return self._active

    def fire(self) -> bool:
        """Emit ``timeout`` as a running timer would; False (and nothing) if it is stopped."""
        if not self._active:
            return False
        if self.single_shot:
            self._active = False
        self.timeout.emit()
        return True

    def __repr__(self) -> str:
        state = "running" if self._active else "stopped"
        return f"<FakeTimer {self.name} {self.interval_ms} ms {state}>"


class FakeTimers:
    """A timer factory for tests that remembers the timers it made, by name."""

    def __init__(self) -> None:
        self.made: dict[str, FakeTimer] = {}

    def __call__(self, name: str, interval_ms: int, *, single_shot: bool = False) -> FakeTimer:
        timer = FakeTimer(name, interval_ms, single_shot=single_shot)
        self.made[name] = timer
        return timer

    def __getitem__(self, name: str) -> FakeTimer:
        return self.made[name]

    def fire(self, name: str) -> bool:
        """Fire the timer called ``name``; False if it is stopped."""
        return self.made[name].fire()
