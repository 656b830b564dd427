"""How the options of a question are lettered on screen, in the review and on the protocols."""

from __future__ import annotations

LATIN_LETTERS = "ABCDEF"
CYRILLIC_LETTERS = "АБВГДЕ"


def option_letters(language: str) -> str:
    """The option letters for an interface language (Cyrillic for Kyrgyz and Russian)."""
    return LATIN_LETTERS if language == "en" else CYRILLIC_LETTERS
