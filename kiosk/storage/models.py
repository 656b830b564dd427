"""Tables of the kiosk.

The schema is created and upgraded only by the Alembic migrations in ``migrations/``; these
classes describe it for queries.  Times are stored timezone-aware in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite forgets the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass a UTC-aware time")
        # SQLite keeps the wall time and drops the zone: convert, or a Bishkek time reads back
        # six hours off.
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    """Base of all kiosk tables."""

    type_annotation_map: ClassVar = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[Any]: JSON}


class Section(Base):
    """A content area of the bank and of blueprints."""

    __tablename__ = "sections"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[dict[str, Any]]
    #: Order in the bank browser and in new blueprints.
    position: Mapped[int] = mapped_column(Integer, default=0)


class Scenario(Base):
    """A situational text shared by several questions."""

    __tablename__ = "scenarios"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(60), unique=True)
    text: Mapped[dict[str, Any]]


class Question(Base):
    """A question across its versions; the versions hold the content."""

    __tablename__ = "questions"
    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(60), unique=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id"))
    versions: Mapped[list[QuestionVersion]] = relationship(back_populates="question")


class QuestionVersion(Base):
    """One version of a question, immutable once approved; attempts refer to versions.

    At most one version of a question is approved at a time (a partial unique index says so);
    approving a new one retires the old.
    """

    __tablename__ = "question_versions"
    __table_args__ = (
        UniqueConstraint("question_id", "version"),
        Index(
            "one_approved_version",
            "question_id",
            unique=True,
            sqlite_where=text("status = 'approved'"),
            postgresql_where=text("status = 'approved'"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), index=True)
    stem: Mapped[dict[str, Any]]
    #: [{"key": "a", "text": {"ky": …, "ru": …}}, …] in the authored order.
    options: Mapped[list[Any]]
    #: Keys of the correct options, in clear only in a database older than the installation
    #: key (sealed and emptied when the key is made); see ``key_sealed``.
    correct: Mapped[list[Any]]
    #: Keys of the correct options, sealed under the installation key (purpose "answer-key").
    key_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    scenario_id: Mapped[int | None] = mapped_column(ForeignKey("scenarios.id"))
    source: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[Any]]
    shuffle_options: Mapped[bool] = mapped_column(Boolean, default=True)
    multiple: Mapped[bool] = mapped_column(Boolean, default=False)
    #: [{"name": …, "media_type": …, "sha256": …}, …]; the bytes live in ``images``.
    images: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: Normalised content hash, to recognise the same question imported twice.
    fingerprint: Mapped[str] = mapped_column(String(64), index=True, default="")
    #: Languages the stem and every option are written in: the pool filter of a language policy.
    languages: Mapped[list[Any]] = mapped_column(JSON, default=list)
    author: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime | None]
    approved_at: Mapped[datetime | None]
    approved_by: Mapped[str | None] = mapped_column(String(120))
    question: Mapped[Question] = relationship(back_populates="versions")
    events: Mapped[list[QuestionEvent]] = relationship(order_by="QuestionEvent.id")


class QuestionEvent(Base):
    """One step of a version's life: created, edited, submitted, returned, approved, retired."""

    __tablename__ = "question_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"), index=True)
    action: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime]
    comment: Mapped[str] = mapped_column(Text, default="")


class StoredImage(Base):
    """A picture used by question versions, stored once by its content hash."""

    __tablename__ = "images"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    media_type: Mapped[str] = mapped_column(String(60))
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Account(Base):
    """A staff member who signs in to admin mode; candidates are not accounts."""

    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: The sign-in name, stored casefolded so that "Aida" and "aida" are one account.
    login: Mapped[str] = mapped_column(String(60), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    #: Role values of :class:`kiosk.domain.roles.Role`.
    roles: Mapped[list[Any]]
    #: An Argon2id hash in PHC string form (parameters and salt inside).
    password_hash: Mapped[str] = mapped_column(String(255))
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime]


class Competition(Base):
    """A vacancy's competition with its approved test form and rule numbers."""

    __tablename__ = "competitions"
    id: Mapped[int] = mapped_column(primary_key=True)
    institution: Mapped[dict[str, Any]]
    post: Mapped[dict[str, Any]]
    school: Mapped[dict[str, Any]]
    #: {"ky": …, "ru": …}: the district or city of the school.
    location: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: "republican" or "local": which budget pays the post.
    funding: Mapped[str] = mapped_column(String(20), default="republican")
    #: "draft" until the form and threshold are approved, then "approved", "closed" or "void".
    status: Mapped[str] = mapped_column(String(20), default="approved")
    #: [[section code, number of questions], …] in the order shown to the candidate.
    blueprint: Mapped[list[Any]]
    question_count: Mapped[int] = mapped_column(Integer)
    time_limit_s: Mapped[int] = mapped_column(Integer)
    threshold_points: Mapped[int] = mapped_column(Integer)
    appeal_window_min: Mapped[int] = mapped_column(Integer)
    scoring: Mapped[str] = mapped_column(String(30), default="all_or_nothing")
    #: The languages a candidate may take the test in (the blueprint's language policy).
    languages: Mapped[list[Any]] = mapped_column(JSON, default=lambda: ["ky", "ru"])
    #: The rule numbers of :class:`kiosk.domain.rules.CompetitionRules`, as stored (fractions as
    #: "n/d" strings).
    rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: cl. 22: who recorded the authorized body's approval of form and threshold, when, and on
    #: what basis (the ministry's order).
    terms_approved_by: Mapped[str | None] = mapped_column(String(120))
    terms_approved_at: Mapped[datetime | None]
    terms_basis: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]


class ExamSession(Base):
    """A sitting of a competition's test: a date, a shift, a place, and the window of its codes."""

    __tablename__ = "exam_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id"))
    session_date: Mapped[date] = mapped_column(Date)
    shift: Mapped[int] = mapped_column(Integer, default=1)
    place: Mapped[dict[str, Any]]
    #: "main", or "tie_break" for the additional test of candidates tied for first (cl. 29).
    kind: Mapped[str] = mapped_column(String(20), default="main")
    #: A tie-break session's own form: [[section code, count], …] and time; None = competition's.
    blueprint: Mapped[list[Any] | None] = mapped_column(JSON)
    time_limit_s: Mapped[int | None] = mapped_column(Integer)
    #: Codes open the test only between these times (None: no limit, as for the demo).
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    #: Names of the stations of the room, in their order on the console.
    stations: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: Names of the independent observers present, printed on the results protocol.
    observers: Mapped[list[Any]] = mapped_column(JSON, default=list)
    ended_at: Mapped[datetime | None]
    #: Well-formed but unknown codes typed at any station while the session took codes, and
    #: when the count reached the session's limit and code entry was suspended.
    failed_codes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    codes_suspended_at: Mapped[datetime | None]
    competition: Mapped[Competition] = relationship()


class Candidate(Base):
    """A person's application to a competition, as admitted (or not) at stage 1."""

    __tablename__ = "candidates"
    __table_args__ = (UniqueConstraint("competition_id", "pin", name="one_application_per_person"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    competition_id: Mapped[int | None] = mapped_column(ForeignKey("competitions.id"), index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    #: The 14-digit personal number; None only for the demo's candidates.
    pin: Mapped[str | None] = mapped_column(String(14), index=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    #: Annex 3: when the signed consent to processing personal data was received, and by whom.
    consent_at: Mapped[datetime | None]
    consent_by: Mapped[str | None] = mapped_column(String(120))
    #: Stage 1: "admitted" or "not_admitted" (with ``admission_reason``); then "withdrawn".
    status: Mapped[str] = mapped_column(String(20), default="admitted")
    admission_reason: Mapped[str] = mapped_column(Text, default="")
    #: cl. 29: the winner refused the contract; the runner-up takes the place.
    refused_at: Mapped[datetime | None]


class Registration(Base):
    """A candidate's place in a session, with the digest of the login code issued for it."""

    __tablename__ = "registrations"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_sessions.id"))
    candidate_id: Mapped[int] = mapped_column(ForeignKey("candidates.id"))
    code_digest: Mapped[str] = mapped_column(String(64), unique=True)
    code_issued_at: Mapped[datetime]
    #: "registered", or "absent" once the operator marked the candidate so.
    status: Mapped[str] = mapped_column(String(20), default="registered")
    session: Mapped[ExamSession] = relationship()
    candidate: Mapped[Candidate] = relationship()


class Attempt(Base):
    """A candidate's sitting of the test, with its frozen form in ``items``."""

    __tablename__ = "attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"), unique=True)
    station_id: Mapped[str] = mapped_column(String(60))
    language: Mapped[str] = mapped_column(String(5))
    seed: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20), index=True)
    time_limit_s: Mapped[int] = mapped_column(Integer)
    consumed_s: Mapped[float] = mapped_column(Float, default=0.0)
    current_position: Mapped[int] = mapped_column(Integer, default=0)
    threshold_points: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(String(20))
    score: Mapped[int | None] = mapped_column(Integer)
    #: The login code, written only at submission, when it can open nothing any more: the
    #: protocol prints it so that slip and protocol can be matched.
    spent_code: Mapped[str | None] = mapped_column(String(20))
    #: The spent code sealed under the installation key; ``spent_code`` stays empty since 0005.
    code_sealed: Mapped[bytes | None] = mapped_column(LargeBinary)
    #: Wall-clock time of the station's last sign of life, for the proctor's console only.
    last_seen_at: Mapped[datetime | None]
    max_score: Mapped[int | None] = mapped_column(Integer)
    registration: Mapped[Registration] = relationship()
    items: Mapped[list[AttemptItem]] = relationship(order_by="AttemptItem.position")


class AttemptItem(Base):
    """One question of a frozen form: the version, the option order shown, and the answer."""

    __tablename__ = "attempt_items"
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_version_id: Mapped[int] = mapped_column(ForeignKey("question_versions.id"))
    option_order: Mapped[list[Any]]
    selected: Mapped[list[Any]]
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    version: Mapped[QuestionVersion] = relationship()


class AnswerEvent(Base):
    """Every change a candidate made, in order: the answer timeline an appeal can examine."""

    __tablename__ = "answer_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    position: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[list[Any] | None] = mapped_column(JSON)
    consumed_s: Mapped[float] = mapped_column(Float)
    at: Mapped[datetime]


class StationLockout(Base):
    """Wrong codes in a row at a station, and the end of its lock."""

    __tablename__ = "station_lockouts"
    station_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]


class ProtocolRecord(Base):
    """A testing protocol issued for an attempt: its number, file and content hash."""

    __tablename__ = "protocols"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    file_name: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime]
    #: The number of the version this one replaces (an appeal changed the result); None for v1.
    supersedes: Mapped[str | None] = mapped_column(String(40))


class ResultVersion(Base):
    """One version of an attempt's result: as submitted (1), then after each satisfied appeal.

    Versions are never changed or removed; ``Attempt.score`` carries the newest one, so that the
    ranking and the documents read one column.
    """

    __tablename__ = "result_versions"
    __table_args__ = (UniqueConstraint("attempt_id", "version"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"))
    version: Mapped[int] = mapped_column(Integer)
    score: Mapped[int] = mapped_column(Integer)
    max_score: Mapped[int] = mapped_column(Integer)
    #: "submitted" or "appeal".
    basis: Mapped[str] = mapped_column(String(20))
    appeal_id: Mapped[int | None] = mapped_column(Integer)
    recorded_by: Mapped[str] = mapped_column(String(120))
    recorded_at: Mapped[datetime]


class ProblemReport(Base):
    """A technical problem the candidate reported from the test screen, with the question and time.

    The proctor acknowledges it on the console; the commission sees it on the answer timeline.
    """

    __tablename__ = "problem_reports"
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    #: 0-based position of the question on screen; None if the test screen had none.
    position: Mapped[int | None] = mapped_column(Integer)
    #: A :class:`kiosk.services.appeal_views.ProblemKind` value.
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    consumed_s: Mapped[float] = mapped_column(Float)
    at: Mapped[datetime]
    acknowledged_by: Mapped[str | None] = mapped_column(String(120))
    acknowledged_at: Mapped[datetime | None]


class Commission(Base):
    """A technical commission (cl. 34): composed for a session, or for a single appeal."""

    __tablename__ = "commissions"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: The session it serves; None for a commission composed for one appeal.
    session_id: Mapped[int | None] = mapped_column(ForeignKey("exam_sessions.id"))
    #: The institution's order approving the composition.
    basis: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime]
    members: Mapped[list[CommissionMember]] = relationship(
        order_by="CommissionMember.role", cascade="all, delete-orphan"
    )


class CommissionMember(Base):
    """An account on a commission, as its "chair" or a "member"."""

    __tablename__ = "commission_members"
    commission_id: Mapped[int] = mapped_column(ForeignKey("commissions.id"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(10))
    account: Mapped[Account] = relationship()


class Appeal(Base):
    """A technical appeal (cl. 33-35) against an attempt's result."""

    __tablename__ = "appeals"
    __table_args__ = (
        Index(
            "one_open_appeal",
            "attempt_id",
            unique=True,
            sqlite_where=text("status = 'filed'"),
            postgresql_where=text("status = 'filed'"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    commission_id: Mapped[int | None] = mapped_column(ForeignKey("commissions.id"))
    statement: Mapped[str] = mapped_column(Text)
    #: "filed", then "rejected" or "satisfied".
    status: Mapped[str] = mapped_column(String(20))
    filed_by: Mapped[str] = mapped_column(String(120))
    filed_at: Mapped[datetime]
    heard_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(120))
    decided_at: Mapped[datetime | None]
    #: The score of record when the appeal was filed, and the one the findings gave.
    old_score: Mapped[int] = mapped_column(Integer)
    new_score: Mapped[int | None] = mapped_column(Integer)
    #: The commission's overall conclusion, in its words.
    summary: Mapped[str] = mapped_column(Text, default="")
    #: The testing protocol issued after a satisfied appeal (it supersedes the earlier one).
    new_protocol: Mapped[str | None] = mapped_column(String(40))
    #: The appeal protocol, relative to the archive folder, once decided.
    protocol_file: Mapped[str | None] = mapped_column(String(300))
    attempt: Mapped[Attempt] = relationship()
    commission: Mapped[Commission | None] = relationship()
    hearing: Mapped[list[HearingMember]] = relationship(
        order_by="HearingMember.role", cascade="all, delete-orphan"
    )
    findings: Mapped[list[AppealFinding]] = relationship(
        order_by="AppealFinding.position", cascade="all, delete-orphan"
    )


class HearingMember(Base):
    """A commission member at a hearing: present or not, and any conflict of interest declared.

    A member who declared a conflict takes no part in the decision and does not sign.
    """

    __tablename__ = "hearing_members"
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(10))
    present: Mapped[bool] = mapped_column(Boolean)
    #: The declared conflict of interest, in the member's words; "" when none.
    conflict: Mapped[str] = mapped_column(Text, default="")
    account: Mapped[Account] = relationship()


class AppealFinding(Base):
    """The commission's finding on one question of the frozen form.

    ``fault`` False: no technical fault, the answer stands.  ``fault`` True with ``established``:
    the answer the candidate actually gave (the record was wrong), scored against the key.
    ``fault`` True without ``established``: the question could not be answered (text or picture
    missing), and its point is awarded.
    """

    __tablename__ = "appeal_findings"
    appeal_id: Mapped[int] = mapped_column(ForeignKey("appeals.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    fault: Mapped[bool] = mapped_column(Boolean)
    established: Mapped[list[Any] | None] = mapped_column(JSON)
    finding: Mapped[str] = mapped_column(Text)


class ArchivedDocument(Base):
    """A file in the archive folder: what it is, whose, its hash, and when retention removed it.

    ``retention`` is "documents" (cl. 39, 5 years) or "commission" (cl. 36, 1 year); the period
    counts from the session date (or, for a competition-wide document, its last session's date).
    """

    __tablename__ = "archived_documents"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: "testing_protocol", "session_results", "ranking", "ministry_package", "appeal_protocol"…
    kind: Mapped[str] = mapped_column(String(30))
    retention: Mapped[str] = mapped_column(String(20))
    competition_id: Mapped[int] = mapped_column(ForeignKey("competitions.id"), index=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("exam_sessions.id"))
    #: The protocol or appeal number, or another label a person recognises.
    reference: Mapped[str] = mapped_column(String(60))
    #: Relative to the archive folder.
    file_name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    removed_at: Mapped[datetime | None]
    #: What the document's QR code and verification code vouch for: the SHA-256 of its content,
    #: the installation's Ed25519 signature, and the short code printed for typing it in
    #: (None for documents issued before documents were signed).
    content_hash: Mapped[str | None] = mapped_column(String(64))
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    verification_code: Mapped[str | None] = mapped_column(String(40), unique=True)


class TimeDecision(Base):
    """Time the proctor gave an attempt, and why: extra time, or the decision on resuming a crash.

    ``seconds`` is added to the attempt's limit (0 when the decision was to add nothing);
    ``lost_s`` is the silence the station had before a resume, as the console measured it.
    """

    __tablename__ = "time_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    seconds: Mapped[int] = mapped_column(Integer)
    lost_s: Mapped[float | None] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime]


class Incident(Base):
    """Something that happened during a session: power, equipment, illness, misconduct, other."""

    __tablename__ = "incidents"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("exam_sessions.id"), index=True)
    registration_id: Mapped[int | None] = mapped_column(ForeignKey("registrations.id"))
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(120))
    at: Mapped[datetime]


class AuditRecord(Base):
    """Who did what and when; written in the same transaction as the change it records."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(60), index=True)
    subject: Mapped[str] = mapped_column(String(120), default="")
    details: Mapped[dict[str, Any]]
    #: The position in the chain (:mod:`kiosk.security.audit_chain`), the hash of the record
    #: before, this record's hash, and the HMAC of that hash under the installation key (None
    #: only for the few records a locked process writes, and records older than the chain).
    # Not unique: a tampered chain must show up in ``kiosk audit verify``, not stop a station
    # from committing an answer.
    seq: Mapped[int | None] = mapped_column(Integer, index=True)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))
    mac: Mapped[str | None] = mapped_column(String(64))


class AuditHead(Base):
    """The last link of the audit chain (one row), so that records cut from the end show."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str | None] = mapped_column(String(64))
    #: Records up to here were written before the chain had a key, and carry no MAC.
    legacy_seq: Mapped[int] = mapped_column(Integer)


class Installation(Base):
    """The installation's keys (one row): a check of the data key, and the signing key pair.

    The data key itself is stored only wrapped, in :class:`KeySlot`; the private signing key
    only sealed under the data key.
    """

    __tablename__ = "installation"
    id: Mapped[int] = mapped_column(primary_key=True)
    #: HMAC of a fixed text under the data key: a key from a planted slot does not match it.
    key_check: Mapped[str] = mapped_column(String(64))
    #: The Ed25519 public key (32 raw bytes) that verifies protocols.
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    #: The Ed25519 private key, sealed under the data key.
    signing_key: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime]


class KeySlot(Base):
    """The data key wrapped under one staff member's password (Argon2id + AES-GCM), or, with
    no account, under the installation's recovery passphrase kept in the safe."""

    __tablename__ = "key_slots"
    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), unique=True)
    wrapped: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


class DemoCode(Base):
    """Demo only: the demo candidates' codes in clear, so that ``kiosk demo`` shows them again.

    Real registrations never keep a code in clear; only the demo competition writes here.
    """

    __tablename__ = "demo_codes"
    registration_id: Mapped[int] = mapped_column(ForeignKey("registrations.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(20))
