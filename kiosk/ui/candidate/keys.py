"""Which option a key chooses, and how options are lettered.

Candidates answer with the digits 1-6 or with the option letters, and the letters work in both
alphabets whatever the interface language: the physical keyboard may be switched to Latin or to
Cyrillic, and a candidate types the letter they see.  Latin and Cyrillic look-alikes are different
keys: Latin ``B`` is the second option, Cyrillic ``В`` the third, as on screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from kiosk.domain.lettering import CYRILLIC_LETTERS, LATIN_LETTERS, option_letters

__all__ = ["MAX_OPTIONS", "option_index", "option_letters"]

#: The most options a question can have on screen.
MAX_OPTIONS = 6


def option_index(key: int, text: str) -> int | None:
    """The option (0-based) that a key press chooses, or None."""
    symbol = text.strip().upper()[:1] if text else ""
    if not symbol and 0 < key < 0x110000:
        # Some platforms (and QTest) send a key code without text.
        symbol = chr(key).upper()
    for alphabet in ("123456", LATIN_LETTERS, CYRILLIC_LETTERS):
        index = alphabet.find(symbol) if symbol else -1
        if index >= 0:
            return index
    if Qt.Key.Key_1.value <= key <= Qt.Key.Key_6.value:
        return key - Qt.Key.Key_1.value
    return None
