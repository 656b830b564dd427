"""What makes a document verifiable: its content hash, the signed messages, the verification code
and the payload carried by its QR code, its metadata and a text line.

Nothing here holds a key: the program signs with the installation's Ed25519 key and checks with
its public key (``kiosk.services.keys``); this module only says *what* is signed and how the
result is written down, so that the document library, the issuing services and the verifier agree
on every byte.

* The **content hash** is the SHA-256 of a canonical JSON form of the document's data (the
  dataclass the renderer prints), leaving out the verification fields themselves.
* The **document signature** signs ``kiosk-document|NUMBER|CONTENT_HASH``; it travels inside the
  document (QR code, metadata, text line) as the **payload**
  ``KQ1:NUMBER:CONTENT_HASH:SIGNATURE`` (hash in upper-case hex, signature in base32 without
  padding: upper-case letters and digits, which a QR code stores in its dense alphanumeric mode).
* The **verification code**, printed for typing in, is 16 Crockford base-32 symbols (80 bits)
  of a hash of the document signature: ``7K3M-9QXT-2RHA-M4PZ``.  Typing it with spaces, without
  dashes, in lower case, or with O for 0 and I or L for 1 still finds it.
* The **record signature** signs ``kiosk-record|NUMBER|CONTENT_HASH|FILE_SHA256|CODE`` once the
  file exists; the archive register keeps it, so that the register's file hash and code cannot
  be changed to vouch for another file without the installation's key.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum

#: The version tag that starts every payload.
PAYLOAD_TAG = "KQ1"
#: Fields of a document that carry its verification and so are not part of its content.
VERIFICATION_FIELDS = frozenset({"verification_code", "verification_payload"})
#: Crockford's base-32 alphabet: no I, L, O or U, which are misread or mistyped.
CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16
CODE_GROUP = 4
#: How a person may mistype a symbol of the code; each is read as the symbol it looks like.
_LOOK_ALIKES = {"O": "0", "I": "1", "L": "1"}
#: A document number as it may appear in a payload (no colon, no white space).
_NUMBER = r"[^:\s]{1,60}"
#: The payload anywhere in a text, once white space has been removed from it.
PAYLOAD_PATTERN = re.compile(
    rf"{PAYLOAD_TAG}:(?P<number>{_NUMBER}):(?P<hash>[0-9A-Fa-f]{{64}}):(?P<signature>[A-Z2-7]{{103}})"
)
#: A printed verification code in a text (four groups of four).
CODE_PATTERN = re.compile(
    r"(?<![0-9A-Z])([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4})(?![0-9A-Z])"
)
#: An Ed25519 signature's length in bytes.
SIGNATURE_BYTES = 64


def canonical_content(document: object) -> bytes:
    """The document's data as canonical JSON: sorted keys, no white space, UTF-8, the class name
    recorded (a testing protocol and an appeal protocol with alike fields never hash the same),
    the verification fields left out."""
    return json.dumps(
        _canonical(document), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")


def content_hash(document: object) -> str:
    """The SHA-256 (lower-case hex) of :func:`canonical_content`."""
    return hashlib.sha256(canonical_content(document)).hexdigest()


def _canonical(value: object) -> object:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {
            field.name: _canonical(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.name not in VERIFICATION_FIELDS
        }
        return {"__type__": type(value).__name__, **fields}
    if isinstance(value, Enum):
        return _canonical(value.value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, datetime | date | time):
        # An aware time keeps its offset; the protocols print local times of the testing place.
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, Sequence | frozenset | set) and not isinstance(value, bytes):
        items = [_canonical(item) for item in value]
        if isinstance(value, frozenset | set):
            items.sort(key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False))
        return items
    # A float would hash differently on a rounding; the documents hold none, so refuse it.
    raise TypeError(f"cannot hash a {type(value).__name__} in a document's content")


def document_message(number: str, content: str) -> bytes:
    """What the document signature signs: the number and the content hash."""
    return f"kiosk-document|{number}|{content.lower()}".encode()


def record_message(number: str, content: str, file_sha256: str, code: str) -> bytes:
    """What the record signature signs: the document signature's message, the issued file's
    SHA-256 and the verification code printed on it."""
    return f"kiosk-record|{number}|{content.lower()}|{file_sha256.lower()}|{code}".encode()


def verification_code(signature: bytes) -> str:
    """The printed code of a document signature: 16 Crockford symbols in groups of four."""
    digest = hashlib.sha256(b"kiosk-verification-code|" + signature).digest()
    bits = int.from_bytes(digest[:10], "big")  # 80 bits: 16 symbols of 5 bits
    symbols = "".join(
        CROCKFORD[(bits >> (5 * (CODE_LENGTH - 1 - i))) & 31] for i in range(CODE_LENGTH)
    )
    return format_code(symbols)


def format_code(symbols: str) -> str:
    """``7K3M9QXT2RHAM4PZ`` → ``7K3M-9QXT-2RHA-M4PZ``."""
    return "-".join(symbols[i : i + CODE_GROUP] for i in range(0, len(symbols), CODE_GROUP))


def normalise_code(typed: str) -> str | None:
    """A typed code in its printed form, or None when it cannot be one.

    Spaces, dashes and dots are ignored, lower case is read as upper case, and O, I and L are
    read as the 0 and 1 they are mistaken for.
    """
    if len(typed) > 200:  # a pasted page, not a code
        return None
    symbols = "".join(
        _LOOK_ALIKES.get(char, char) for char in re.sub(r"[\s\-_.]+", "", typed).upper()
    )
    if len(symbols) != CODE_LENGTH or any(char not in CROCKFORD for char in symbols):
        return None
    return format_code(symbols)


@dataclass(frozen=True)
class Payload:
    """What a document's QR code says: its number, content hash and document signature."""

    number: str
    content_hash: str
    signature: bytes

    @property
    def text(self) -> str:
        """``KQ1:NUMBER:HASH:SIGNATURE``: the QR code's text, the metadata and the text line."""
        encoded = base64.b32encode(self.signature).decode("ascii").rstrip("=")
        return f"{PAYLOAD_TAG}:{self.number}:{self.content_hash.upper()}:{encoded}"

    @property
    def code(self) -> str:
        """The verification code printed beside the QR code."""
        return verification_code(self.signature)

    @property
    def message(self) -> bytes:
        """What :attr:`signature` signs."""
        return document_message(self.number, self.content_hash)


def parse_payload(text: str) -> Payload | None:
    """The payload in ``text`` (a QR code's text, the metadata or a page's text), white space
    ignored; None when there is none."""
    found = find_payloads(text)
    return found[0] if found else None


def find_payloads(text: str) -> list[Payload]:
    """Every distinct payload in ``text``, in order, white space ignored."""
    squeezed = re.sub(r"\s+", "", text)
    found: list[Payload] = []
    for match in PAYLOAD_PATTERN.finditer(squeezed):
        encoded = match["signature"]
        try:
            signature = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
        except (binascii.Error, ValueError):
            continue
        if len(signature) != SIGNATURE_BYTES:
            continue
        payload = Payload(match["number"], match["hash"].lower(), signature)
        if payload not in found:
            found.append(payload)
    return found


def find_codes(text: str) -> list[str]:
    """Every distinct printed verification code in ``text``, in order."""
    return list(dict.fromkeys(CODE_PATTERN.findall(text)))
