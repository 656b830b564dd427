"""One message catalogue for the whole program: widgets and printed documents alike.

Messages are written in English in the source (``_("Next")``) and translated in gettext ``.po``
files under ``locale/<language>/``.  Every ``.po`` file in a language's folder belongs to that
language, so each part of the program keeps its messages in a file of its own (``ui.po``,
``protocols.po``) without one huge file that everyone edits.

Kyrgyz is the default language; Russian and English follow.  A Translator in *strict* mode raises
on a message that has no translation, which the test-suite uses so that an untranslated string on
any screen fails a test instead of reaching a candidate in English.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources

from babel.messages.pofile import read_po

LANGUAGES: tuple[str, ...] = ("ky", "ru", "en")
DEFAULT_LANGUAGE = "ky"
#: The name of each language in that language, for the language switch.
LANGUAGE_NAMES: Mapping[str, str] = {"ky": "Кыргызча", "ru": "Русский", "en": "English"}
#: The languages in which question texts and printed documents exist.
CONTENT_LANGUAGES: tuple[str, ...] = ("ky", "ru")

#: The functions whose string arguments are messages; the extraction test looks for these.
KEYWORDS = ("_", "N_")


class MissingTranslation(LookupError):
    """A message has no translation in a language that must have one."""


def N_(message: str) -> str:
    """Mark a message for the catalogue without translating it now."""
    return message


@cache
def catalogue(language: str) -> Mapping[str, str]:
    """All translations of one language, read from its ``.po`` files (cached)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; expected one of {LANGUAGES}")
    messages: dict[str, str] = {}
    folder = resources.files(__package__).joinpath("locale", language)
    if not folder.is_dir():
        return messages
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".po"):
            continue
        with entry.open("rb") as po_file:
            for message in read_po(po_file, locale=None):
                if message.id and isinstance(message.id, str) and message.string:
                    messages[message.id] = str(message.string)
    return messages


class Translator:
    """Translates messages into one language.

    English is the source language, so an English translator returns the message itself unless
    the English catalogue rewords it.
    """

    def __init__(self, language: str = DEFAULT_LANGUAGE, *, strict: bool = False) -> None:
        self.language = language
        self.strict = strict
        self._messages = catalogue(language)

    def gettext(self, message: str) -> str:
        """The translation of ``message``; the message itself if there is none (strict: raise)."""
        translated = self._messages.get(message)
        if translated is not None:
            return translated
        if self.strict and self.language != "en":
            raise MissingTranslation(f"no {self.language} translation for {message!r}")
        return message

    __call__ = gettext

    def format(self, message: str, **values: object) -> str:
        """Translate, then fill the ``{placeholders}``."""
        return self.gettext(message).format(**values)


def translators(strict: bool = False) -> dict[str, Translator]:
    """A translator for every language, keyed by language code."""
    return {language: Translator(language, strict=strict) for language in LANGUAGES}


Gettext = Callable[[str], str]
