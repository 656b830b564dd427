"""Verifiable documents: sealing a protocol when it is issued, and checking a file or a code later.

**Sealing** (:func:`seal_and_render`): before a protocol is rendered, the SHA-256 of its data
(the renderer's dataclass, :func:`protocols.verification.content_hash`) is signed with the
installation's Ed25519 key; the signature, the number and the hash go into the protocol's QR
code, its metadata and a machine line (the *payload*), and the verification code derived from
the signature is printed beside the QR code.  Once the file exists, a second signature covers
its SHA-256 and code too (the *record signature*); the archive register
(``archived_documents``) keeps the content hash, the record signature and the code
(:func:`kiosk.services.archive.file_document`).

**Checking** (:class:`VerificationService`) needs no secret, only the installation's public
key, and answers one of :class:`~kiosk.services.verification_views.Verdict`:

* GENUINE: the file is byte for byte a registered document (or the code is a registered
  document's) whose record signature verifies, and no later version replaces it;
* SUPERSEDED: the same, but a later version replaces it (a testing protocol reissued after an
  appeal: the ``protocols.supersedes`` chain), which is named;
* ALTERED: the file carries the payload or the printed code of a registered document, or a
  payload this installation signed, but other bytes; or the register's record does not carry a
  valid record signature (changed or planted in the database);
* UNKNOWN: nothing recognisable: not a PDF, a PDF from elsewhere, a code never issued, or a
  registered file that was never signed (the session documents).

Any bytes give one of these; nothing a file contains can make the check raise.

**Who may check.** The answer names the candidate and the score from the database, which is
personal data; so a check needs a signed-in account allowed to read results
(``Permission.VIEW_RESULTS``: administrators, operators, the commission and observers), and a
refusal is audited like any other.  The check itself uses only the public key, which
``kiosk protocol public-key`` exports for the ministry; ``kiosk protocol verify --public-key``
checks against such a pinned copy instead of the key in the database, so that a database whose
key was replaced cannot vouch for its own forgeries.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import re
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.domain.roles import Actor, Permission
from kiosk.domain.scoring import Outcome
from kiosk.security.vault import VaultLocked
from kiosk.services.guard import guarded
from kiosk.services.keys import KeyService, sign, verify_signature
from kiosk.services.verification_views import DocumentFacts, Reason, Verdict, Verification
from kiosk.storage.models import Appeal, ArchivedDocument, Attempt, ProtocolRecord, ResultVersion
from protocols.verification import (
    Payload,
    content_hash,
    document_message,
    find_codes,
    find_payloads,
    normalise_code,
    record_message,
)

#: A verifier reads at most this much of a file's pages and text: protocols are a few pages; a
#: hostile file with thousands of pages must not keep the check busy.
MAX_PAGES = 50
MAX_TEXT = 2_000_000
MAX_STREAMS = 200
_STREAM = re.compile(rb"stream\r?\n")


class Sealable(Protocol):
    """A document dataclass the renderer prints with a verification block."""

    @property
    def number(self) -> str:
        """The document's number, as printed."""
        ...


D = TypeVar("D", bound=Sealable)


@dataclass(frozen=True)
class SealedDocument:
    """A rendered document with what the archive register keeps of its seal."""

    pdf: bytes
    payload: Payload
    #: The record signature: the number, content hash, file SHA-256 and code.
    record_signature: bytes

    @property
    def content_hash(self) -> str:
        """The SHA-256 of the document's data."""
        return self.payload.content_hash

    @property
    def code(self) -> str:
        """The verification code printed on the document."""
        return self.payload.code


def seal_and_render(session: Session, document: D, render: Callable[[D], bytes]) -> SealedDocument:
    """Sign ``document``'s content, render it with its QR code and code, and sign the file.

    ``session`` is the issuing transaction: its process's vault must hold the installation key
    (:class:`kiosk.security.vault.VaultLocked` otherwise, and nothing is issued unsigned).
    """
    content = content_hash(document)
    payload = Payload(
        document.number, content, sign(session, document_message(document.number, content))
    )
    stamped = dataclasses.replace(  # type: ignore[type-var]
        document, verification_code=payload.code, verification_payload=payload.text
    )
    pdf = render(stamped)
    digest = hashlib.sha256(pdf).hexdigest()
    record = sign(session, record_message(payload.number, content, digest, payload.code))
    return SealedDocument(pdf, payload, record)


@dataclass(frozen=True)
class Marks:
    """What a file says about itself: the payloads and printed codes found in it."""

    payloads: tuple[Payload, ...] = ()
    codes: tuple[str, ...] = ()


def read_marks(data: bytes) -> Marks:
    """The payloads (metadata, page text, raw bytes) and printed codes of a PDF.

    Never raises: a file that is no PDF, or a broken one, yields what could be read of it.
    """
    texts: list[str] = []
    if b"%PDF" in data[:1024]:
        texts += _pdf_texts(data)
        if not any(find_payloads(text) for text in texts):
            # A truncated or damaged file pypdf cannot read: its streams one by one, for the
            # machine line written at the head of the file (protocols.verification_block).
            texts += _raw_stream_texts(data)
    # The metadata is uncompressed in the file: the raw bytes are searched as well.
    texts.append(data[:MAX_TEXT].decode("latin-1"))
    payloads: list[Payload] = []
    codes: list[str] = []
    for text in texts:
        payloads += [payload for payload in find_payloads(text) if payload not in payloads]
        codes += [code for code in find_codes(text) if code not in codes]
    return Marks(tuple(payloads), tuple(codes))


def _pdf_texts(data: bytes) -> list[str]:
    """The keywords, subject and page texts pypdf can read, each part on its own."""
    from pypdf import PdfReader

    texts: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
        # A hostile file may break the parser anywhere (recursion, bad numbers, bad streams…);
        # pypdf has no single error class for that, and the verifier must answer regardless.
        except Exception:
            return texts
        try:
            metadata = reader.metadata or {}
            for key in ("/Keywords", "/Subject"):
                value = metadata.get(key)
                if isinstance(value, str):
                    texts.append(value)
        except Exception:  # as above
            pass
        try:
            pages = list(reader.pages[:MAX_PAGES])
        except Exception:  # as above
            return texts
        size = 0
        for page in pages:
            try:
                text = page.extract_text()
            except Exception:  # as above
                continue
            texts.append(text[: MAX_TEXT - size])
            size += len(text)
            if size >= MAX_TEXT:
                break
    return texts


def _raw_stream_texts(data: bytes) -> list[str]:
    """The decoded streams of a PDF whose structure cannot be read, as far as they go: ASCII85
    and Flate are undone (a cut-off stream yields its beginning), within :data:`MAX_TEXT`."""
    texts: list[str] = []
    budget = MAX_TEXT
    for count, match in enumerate(_STREAM.finditer(data)):
        if count >= MAX_STREAMS or budget <= 0:
            break
        end = data.find(b"endstream", match.end())
        chunk = data[match.end() : end if end >= 0 else len(data)]
        head = data[max(0, match.start() - 300) : match.start()]
        if b"ASCII85Decode" in head:
            chunk = _ascii85_prefix(chunk)
        if b"FlateDecode" in head:
            try:
                # max_length bounds what a compression bomb can make of a few bytes.
                chunk = zlib.decompressobj().decompress(chunk, budget)
            except zlib.error:
                continue
        budget -= len(chunk)
        texts.append(chunk.decode("latin-1"))
    return texts


def _ascii85_prefix(chunk: bytes) -> bytes:
    """What can be decoded of an ASCII85 stream, up to its end marker or where it was cut."""
    body, marker, _ = chunk.partition(b"~>")
    body = re.sub(rb"\s+", b"", body)
    decoded: list[bytes] = []
    # "z" stands for four zero bytes between whole groups of five; a group cut short at the end
    # of a truncated file is left out.
    segments = body.split(b"z")
    for index, segment in enumerate(segments):
        if index:
            decoded.append(b"\0" * 4)
        last = index == len(segments) - 1
        # Only the very last group of a stream that reached its end marker may be short.
        whole = len(segment) if last and marker else len(segment) // 5 * 5
        try:
            decoded.append(base64.a85decode(segment[:whole]))
        except ValueError:
            break
        if whole != len(segment):
            break
    return b"".join(decoded)


class VerificationService:
    """Checks a document file or a verification code against the archive register.

    ``public_key`` pins the key to check with (a copy the ministry keeps); by default the
    installation's key in the database.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        keys: KeyService,
        *,
        public_key: bytes | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._keys = keys
        self._public_key = public_key

    def pinned(self, public_key: bytes) -> VerificationService:
        """The same checks against ``public_key`` (32 raw bytes) instead of the database's."""
        return VerificationService(self._sessions, self._clock, self._keys, public_key=public_key)

    def public_key(self) -> bytes:
        """The key checks are made with (32 raw bytes); public, so no role is needed.

        Raises :class:`kiosk.security.vault.VaultLocked` on a database without keys.
        """
        return self._public_key if self._public_key is not None else self._keys.public_key()

    def _signed(self, message: bytes, signature: bytes) -> bool:
        """True when the installation signed ``message``; on a database that has no keys
        nothing is signed (a record claiming otherwise was planted)."""
        try:
            key = self.public_key()
        except VaultLocked:
            return False
        return verify_signature(key, message, signature)

    def public_key_pem(self) -> bytes:
        """The installation's public key as PEM, for the ministry to keep."""
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        key = Ed25519PublicKey.from_public_bytes(self.public_key())
        return key.public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)

    @guarded(Permission.VIEW_RESULTS)
    def verify_file(self, actor: Actor, data: bytes) -> Verification:
        """What ``data`` (a PDF, or anything else) is: genuine, superseded, altered or unknown."""
        digest = hashlib.sha256(data).hexdigest()
        with self._sessions() as session:
            row = session.scalars(
                select(ArchivedDocument)
                .where(ArchivedDocument.sha256 == digest)
                # A signed record first: an unsigned one must not hide a signed twin.
                .order_by(ArchivedDocument.signature.is_(None), ArchivedDocument.id.desc())
            ).first()
            if row is not None:
                return self._judge(session, row, Reason.FILE_MATCHES)
            return self._judge_marks(session, read_marks(data))

    @guarded(Permission.VIEW_RESULTS)
    def verify_code(self, actor: Actor, code: str) -> Verification:
        """What the document with this printed verification code is (typed in any case, with
        or without dashes and spaces)."""
        printed = normalise_code(code)
        if printed is None:
            return Verification(Verdict.UNKNOWN, Reason.CODE_MALFORMED)
        with self._sessions() as session:
            row = _by_code(session, printed)
            if row is None:
                return Verification(Verdict.UNKNOWN, Reason.CODE_NOT_FOUND)
            return self._judge(session, row, Reason.CODE_MATCHES)

    # -- the rules ---------------------------------------------------------------------------

    def _judge(self, session: Session, row: ArchivedDocument, reason: Reason) -> Verification:
        """A registered document found by its file or code: is its record signed, and is it
        the newest version?"""
        facts = _facts(session, row)
        if row.signature is None or row.content_hash is None or row.verification_code is None:
            return Verification(Verdict.UNKNOWN, Reason.UNSIGNED, facts)
        if not self._record_signed(row):
            return Verification(Verdict.ALTERED, Reason.RECORD_FORGED, facts)
        newer = _newest_successor(session, row)
        if newer is not None:
            return Verification(Verdict.SUPERSEDED, reason, facts, superseded_by=newer)
        return Verification(Verdict.GENUINE, reason, facts)

    def _judge_marks(self, session: Session, marks: Marks) -> Verification:
        """A file that is no registered document, by what it says of itself."""
        for payload in marks.payloads:
            row = _by_code(session, payload.code) or _by_content(session, payload)
            if row is not None:
                return self._altered(session, row)
        for payload in marks.payloads:
            if self._signed(payload.message, payload.signature):
                # Signed here, yet not in the register: its record was removed from the database.
                return Verification(
                    Verdict.ALTERED, Reason.SIGNED_UNREGISTERED, claimed_number=payload.number
                )
        for code in marks.codes:
            row = _by_code(session, code)
            if row is not None:
                return self._altered(session, row)
        if marks.payloads:
            return Verification(
                Verdict.UNKNOWN, Reason.FOREIGN_PAYLOAD, claimed_number=marks.payloads[0].number
            )
        return Verification(Verdict.UNKNOWN, Reason.NOT_RECOGNISED)

    def _altered(self, session: Session, row: ArchivedDocument) -> Verification:
        return Verification(
            Verdict.ALTERED,
            Reason.FILE_DIFFERS,
            _facts(session, row),
            superseded_by=_newest_successor(session, row),
        )

    def _record_signed(self, row: ArchivedDocument) -> bool:
        assert row.content_hash is not None and row.verification_code is not None
        assert row.signature is not None
        message = record_message(row.reference, row.content_hash, row.sha256, row.verification_code)
        return self._signed(message, row.signature)


def _by_code(session: Session, code: str) -> ArchivedDocument | None:
    return session.scalars(
        select(ArchivedDocument).where(ArchivedDocument.verification_code == code)
    ).first()


def _by_content(session: Session, payload: Payload) -> ArchivedDocument | None:
    return session.scalars(
        select(ArchivedDocument).where(
            ArchivedDocument.reference == payload.number,
            func.lower(ArchivedDocument.content_hash) == payload.content_hash,
        )
    ).first()


def _newest_successor(session: Session, row: ArchivedDocument) -> str | None:
    """The newest version replacing a testing protocol, or None when it is the newest."""
    if row.kind != "testing_protocol":
        return None
    number, newest = row.reference, None
    seen = {number}
    while True:
        successor = session.scalar(
            select(ProtocolRecord.number)
            .where(ProtocolRecord.supersedes == number)
            .order_by(ProtocolRecord.version.desc())
        )
        if successor is None or successor in seen:  # a loop would be a broken database
            return newest
        seen.add(successor)
        number = newest = successor


def _facts(session: Session, row: ArchivedDocument) -> DocumentFacts:
    """What the database says of a registered document, to compare with the paper."""
    facts = DocumentFacts(
        number=row.reference, kind=row.kind, issued_at=row.created_at, code=row.verification_code
    )
    if row.kind == "testing_protocol":
        record = session.scalar(
            select(ProtocolRecord).where(ProtocolRecord.number == row.reference)
        )
        attempt = session.get(Attempt, record.attempt_id) if record is not None else None
        if record is None or attempt is None:
            return facts
        score = _protocol_score(session, record, attempt)
        return dataclasses.replace(
            facts,
            candidate_name=attempt.registration.candidate.full_name,
            version=record.version,
            **_outcome(score, attempt.max_score, attempt.threshold_points),
        )
    if row.kind == "appeal_protocol":
        appeal = session.scalar(select(Appeal).where(Appeal.number == row.reference))
        if appeal is None:
            return facts
        attempt = appeal.attempt
        score = appeal.new_score if appeal.new_score is not None else appeal.old_score
        return dataclasses.replace(
            facts,
            candidate_name=attempt.registration.candidate.full_name,
            previous_score=appeal.old_score,
            decision=appeal.status,
            **_outcome(score, attempt.max_score, attempt.threshold_points),
        )
    return facts


def _protocol_score(session: Session, record: ProtocolRecord, attempt: Attempt) -> int | None:
    """The score a protocol version states: the result version its appeal made, or the first
    result for the first protocol (``attempts.score`` follows the newest version only)."""
    appeal_id = session.scalar(select(Appeal.id).where(Appeal.new_protocol == record.number))
    query = select(ResultVersion.score).where(ResultVersion.attempt_id == attempt.id)
    if appeal_id is not None:
        query = query.where(ResultVersion.appeal_id == appeal_id)
    elif record.supersedes is None:
        query = query.where(ResultVersion.version == 1)
    else:  # a reissue without an appeal states the result as it stood
        return attempt.score
    score = session.scalar(query)
    return score if score is not None else attempt.score


def _outcome(score: int | None, max_score: int | None, threshold: int) -> dict[str, object]:
    if score is None:
        return {}
    meets = Outcome(score, max_score or 0, threshold).meets
    return {"score": score, "max_score": max_score, "threshold": threshold, "meets": meets}
