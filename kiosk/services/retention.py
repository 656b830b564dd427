"""Retention (cl. 36, cl. 39): what has outlived its period, an archive of it, then its removal.

Two classes of records, each kept the number of years its competition's rules say, counted from
the session date (:mod:`kiosk.domain.retention`):

* **commission** (cl. 36, 1 year): the appeal protocols (files registered with retention
  "commission"), and the hearings' records of the session: the appeals with their hearing
  members and findings, the commissions composed for the session or for those appeals with their
  members, and the problems candidates reported.  The result versions an appeal made stay: they
  are the result, not the commission's material.
* **documents** (cl. 39, 5 years): the files registered with retention "documents" (testing
  protocols, results protocols, rankings, packages), and the session's records of each answer
  (answer events, the frozen forms with the answers, time decisions, incidents, remaining problem
  reports), and the candidates' personal data: the personal number, phone and e-mail are cleared
  and the name replaced by :data:`PLACEHOLDER_NAME` once every session the candidate sat has
  expired.  Registrations (their code digests keep codes unique), attempts with their scores,
  result versions, protocol numbers and the audit log stay, so that statistics stay possible.

Nothing is removed before an archive of it was written and read back, in a new folder
``retention-YYYYMMDD-HHMMSS/``: ``files/`` (copies of the expiring files, under their archive
names), ``results.json`` and ``results.csv`` (the results of the sessions concerned: name, score,
maximum, threshold, whether it meets it, every result version), ``records.json`` (the rows to be
deleted; of the candidates cleared only id and name, because personal numbers and contacts are
to be destroyed, not copied), ``manifest.json`` (every file with its SHA-256, and what is
removed) and ``SHA256SUMS`` (for ``sha256sum -c``).  Then the records go in one transaction with
its audit record, and the files are deleted from the archive folder only after that commit, so
that a failed transaction leaves every file in place.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import logging
import shutil
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, inspect, select, update
from sqlalchemy.orm import Session, sessionmaker

from kiosk.clock import Clock
from kiosk.domain.retention import competition_wide_start, expiry_date, has_expired, local_date
from kiosk.domain.roles import Actor, Permission
from kiosk.domain.rules import CompetitionRules
from kiosk.services import audit
from kiosk.services.archive import COMMISSION, DOCUMENTS, write_durably
from kiosk.services.competitions import rules_from_json
from kiosk.services.guard import guarded
from kiosk.storage import models

log = logging.getLogger(__name__)

#: What a cleared candidate is called from then on: nothing that identifies anyone.
PLACEHOLDER_NAME = "—"
#: The format of ``manifest.json``, for whoever reads an archive years later.
MANIFEST_FORMAT = "kiosk-retention/1"

# Kinds of the database records in a plan (files carry the kind they were registered with).
APPEAL = "appeal"
COMMISSION_RECORD = "commission"
PROBLEM_REPORTS = "problem_reports"
ANSWER_EVENTS = "answer_events"
ATTEMPT_ITEMS = "attempt_items"
TIME_DECISIONS = "time_decisions"
INCIDENTS = "incidents"
PERSONAL_DATA = "personal_data"
#: Kinds that stand for many rows of a session, counted, rather than for one named record.
COUNTED_KINDS = frozenset(
    {PROBLEM_REPORTS, ANSWER_EVENTS, ATTEMPT_ITEMS, TIME_DECISIONS, INCIDENTS, PERSONAL_DATA}
)

#: Deleted in this order, children before parents (foreign keys are enforced on both backends).
REMOVAL_ORDER = (
    "hearing_members",
    "appeal_findings",
    "appeals",
    "commission_members",
    "commissions",
    "problem_reports",
    "answer_events",
    "attempt_items",
    "time_decisions",
    "incidents",
)
#: Chunk size of ``IN (…)`` lists: SQLite limits the parameters of one statement.
_CHUNK = 500


@dataclass(frozen=True)
class RetentionItem:
    """One thing whose period has ended: a file, an appeal, a commission, or a session's rows.

    ``session_date`` is the date the period counts from: the session's date, or for a
    competition-wide item the competition's last session's date.
    """

    retention: str
    kind: str
    reference: str
    competition_id: int
    session_id: int | None
    session_date: date
    expires_on: date
    #: Rows (or candidates) the item stands for; 1 for a file, an appeal or a commission.
    count: int = 1
    #: For a file: its name relative to the archive folder.
    file_name: str | None = None


@dataclass(frozen=True)
class RetentionPlan:
    """Everything that has expired on ``today`` (in the installation's time zone), and nothing
    else."""

    today: date
    items: tuple[RetentionItem, ...]

    @property
    def empty(self) -> bool:
        """True when nothing has expired."""
        return not self.items

    def of(self, retention: str) -> tuple[RetentionItem, ...]:
        """The items of one retention class."""
        return tuple(item for item in self.items if item.retention == retention)


@dataclass(frozen=True)
class RetentionReport:
    """What an ``apply`` did: where the archive is and what was removed."""

    plan: RetentionPlan
    #: The archive folder written; None when nothing had expired (nothing was written).
    archive: Path | None
    manifest_sha256: str | None
    files_removed: int
    #: Table name → rows deleted.
    rows_removed: Mapping[str, int]
    candidates_cleared: int
    #: Files the register now marks removed but that could not be deleted from the disk.
    files_left: tuple[str, ...] = ()


class RetentionFailed(RuntimeError):
    """The archive could not be written, or did not read back as written: nothing was removed."""


@dataclass
class _File:
    id: int
    retention: str
    kind: str
    reference: str
    competition_id: int
    session_id: int | None
    file_name: str
    sha256: str


@dataclass
class _Selection:
    """What has expired, by the ids that will be archived and removed."""

    today: date
    items: list[RetentionItem] = field(default_factory=list)
    files: list[_File] = field(default_factory=list)
    appeal_ids: set[int] = field(default_factory=set)
    commission_ids: set[int] = field(default_factory=set)
    problem_report_ids: set[int] = field(default_factory=set)
    answer_event_ids: set[int] = field(default_factory=set)
    #: Attempts whose frozen forms (attempt_items) go.
    attempt_ids: set[int] = field(default_factory=set)
    time_decision_ids: set[int] = field(default_factory=set)
    incident_ids: set[int] = field(default_factory=set)
    candidate_ids: set[int] = field(default_factory=set)
    #: Sessions whose results go into the archive.
    session_ids: set[int] = field(default_factory=set)

    def plan(self) -> RetentionPlan:
        ordered = sorted(
            self.items,
            key=lambda item: (
                item.expires_on,
                item.retention,
                item.competition_id,
                item.session_id or 0,
                item.kind,
                item.reference,
            ),
        )
        return RetentionPlan(self.today, tuple(ordered))


class RetentionService:
    """Lists what has expired, archives it and removes it (administrators only)."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        timezone: ZoneInfo,
        archive_dir: Path,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._timezone = timezone
        self._archive_dir = archive_dir

    @guarded(Permission.APPLY_RETENTION)
    def plan(self, actor: Actor) -> RetentionPlan:
        """What has expired today; changes nothing."""
        today = local_date(self._clock.now(), self._timezone)
        with self._sessions() as session:
            return _select(session, today, self._timezone).plan()

    @guarded(Permission.APPLY_RETENTION)
    def apply(self, actor: Actor, out_dir: Path) -> RetentionReport:
        """Archive what has expired into a new folder under ``out_dir``, check the archive, then
        remove it.

        Raises :class:`RetentionFailed`, having removed nothing (the failure is audited), when the
        archive cannot be written or read back, or when an expiring file is missing from the
        archive folder or differs from its registered SHA-256: such a file is a question for a
        person, not something to destroy.  With nothing expired, writes and changes nothing.
        """
        out_dir = out_dir.absolute()
        now = self._clock.now()
        today = local_date(now, self._timezone)
        with self._sessions() as session:
            selection = _select(session, today, self._timezone)
            plan = selection.plan()
            if plan.empty:
                return RetentionReport(plan, None, None, 0, {}, 0)
            results = _results(session, selection.session_ids)
            records = _records(session, selection)
        try:
            folder, manifest_sha256 = self._write_archive(
                out_dir, now, actor, selection, plan, results, records
            )
        except (OSError, RetentionFailed) as error:
            self._record_failure(actor, now, out_dir, error)
            if isinstance(error, RetentionFailed):
                raise
            raise RetentionFailed(f"the archive could not be written: {error}") from error
        with self._sessions.begin() as session:
            rows, cleared = _remove(session, selection, now)
            audit.record(
                session,
                now,
                actor.name,
                "retention.applied",
                subject=folder.name,
                out_dir=str(folder),
                manifest_sha256=manifest_sha256,
                today=today.isoformat(),
                items=len(plan.items),
                files={
                    retention: sum(1 for f in selection.files if f.retention == retention)
                    for retention in (COMMISSION, DOCUMENTS)
                },
                rows=rows,
                candidates_cleared=cleared,
            )
        left = self._delete_files(selection.files)
        log.info("retention applied: archive %s, %d files", folder, len(selection.files))
        return RetentionReport(
            plan=plan,
            archive=folder,
            manifest_sha256=manifest_sha256,
            files_removed=len(selection.files) - len(left),
            rows_removed=rows,
            candidates_cleared=cleared,
            files_left=left,
        )

    # -- the archive ------------------------------------------------------------------------------

    def _write_archive(
        self,
        out_dir: Path,
        now: datetime,
        actor: Actor,
        selection: _Selection,
        plan: RetentionPlan,
        results: list[dict[str, Any]],
        records: dict[str, Any],
    ) -> tuple[Path, str]:
        """Write the archive folder and read it back; the folder and the manifest's SHA-256."""
        local = now.astimezone(self._timezone)
        out_dir.mkdir(parents=True, exist_ok=True)
        folder = _new_folder(out_dir, f"retention-{local:%Y%m%d-%H%M%S}")
        try:
            written: dict[str, str] = {}
            copies: list[dict[str, Any]] = []
            for entry in selection.files:
                data = self._source(entry).read_bytes()
                digest = hashlib.sha256(data).hexdigest()
                if digest != entry.sha256:
                    raise RetentionFailed(
                        f"{entry.file_name} is not the file registered (SHA-256 {digest}, "
                        f"registered {entry.sha256}); nothing was removed"
                    )
                name = f"files/{entry.file_name}"
                written[name] = _write(folder, name, data)
                copies.append(
                    {
                        "path": name,
                        "sha256": digest,
                        "register_id": entry.id,
                        "retention": entry.retention,
                        "kind": entry.kind,
                        "reference": entry.reference,
                        "competition_id": entry.competition_id,
                        "session_id": entry.session_id,
                        "file_name": entry.file_name,
                    }
                )
            written["results.json"] = _write(folder, "results.json", _json(results))
            written["results.csv"] = _write(folder, "results.csv", _results_csv(results))
            written["records.json"] = _write(folder, "records.json", _json(records))
            manifest = {
                "format": MANIFEST_FORMAT,
                "created_at": local.isoformat(),
                "today": plan.today.isoformat(),
                "actor": actor.name,
                "files": [
                    {"path": name, "sha256": digest, "bytes": (folder / name).stat().st_size}
                    for name, digest in written.items()
                ],
                "removed": {
                    "files": copies,
                    "items": [_item_json(item) for item in plan.items],
                    "records": {table: len(records[table]) for table in REMOVAL_ORDER},
                    "candidates_cleared": len(records["candidates_cleared"]),
                    "candidate_fields_cleared": ["full_name", "pin", "phone", "email"],
                },
            }
            manifest_sha256 = _write(folder, "manifest.json", _json(manifest))
            written["manifest.json"] = manifest_sha256
            sums = "".join(f"{digest}  {name}\n" for name, digest in sorted(written.items()))
            written["SHA256SUMS"] = _write(folder, "SHA256SUMS", sums.encode("utf-8"))
            _check(folder, written)
        except BaseException:
            # A half-written archive must not pass for one; the source files are untouched.
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return folder, manifest_sha256

    def _source(self, entry: _File) -> Path:
        """The archived file of ``entry``, refused if its name leads out of the archive folder."""
        root = self._archive_dir.resolve()
        path = (root / entry.file_name).resolve()
        if not path.is_relative_to(root):
            raise RetentionFailed(f"{entry.file_name} is outside the archive folder")
        return path

    def _delete_files(self, files: Sequence[_File]) -> tuple[str, ...]:
        left = []
        for entry in files:
            try:
                self._source(entry).unlink(missing_ok=True)
            except (OSError, RetentionFailed) as error:
                log.warning("retention: %s could not be deleted: %s", entry.file_name, error)
                left.append(entry.file_name)
        return tuple(left)

    def _record_failure(self, actor: Actor, now: datetime, out_dir: Path, error: Exception) -> None:
        with self._sessions.begin() as session:
            audit.record(
                session,
                now,
                actor.name,
                "retention.failed",
                subject=str(out_dir),
                reason=str(error),
            )


# -- what has expired ---------------------------------------------------------------------------


def _select(session: Session, today: date, zone: ZoneInfo) -> _Selection:
    """Everything whose period has ended on ``today``."""
    return _Selector(session, today, zone).select()


class _Selector:
    """Finds the expired records, with the competition rules and session dates read once."""

    def __init__(self, session: Session, today: date, zone: ZoneInfo) -> None:
        self.session = session
        self.zone = zone
        self.selection = _Selection(today)
        self.competitions = {row.id: row for row in session.scalars(select(models.Competition))}
        self.rules = {
            cid: rules_from_json(row.rules or {}) for cid, row in self.competitions.items()
        }
        self.exams = {row.id: row for row in session.scalars(select(models.ExamSession))}
        self.last_session: dict[int, date] = {}
        for exam in self.exams.values():
            known = self.last_session.get(exam.competition_id)
            if known is None or exam.session_date > known:
                self.last_session[exam.competition_id] = exam.session_date
        self.attempt_session: dict[int, int] = {
            attempt_id: session_id
            for attempt_id, session_id in session.execute(
                select(models.Attempt.id, models.Registration.session_id).join(
                    models.Registration, models.Registration.id == models.Attempt.registration_id
                )
            )
        }

    # -- dates

    def expires(self, competition_id: int, retention: str, start: date) -> date:
        return expiry_date(start, _years(self.rules[competition_id], retention))

    def session_expiry(self, session_id: int, retention: str) -> date:
        exam = self.exams[session_id]
        return self.expires(exam.competition_id, retention, exam.session_date)

    def expired_sessions(self, retention: str) -> set[int]:
        today = self.selection.today
        return {
            sid for sid in self.exams if has_expired(self.session_expiry(sid, retention), today)
        }

    def competition_start(self, competition_id: int, created_at: datetime) -> date:
        """Where a competition-wide record's period starts."""
        return competition_wide_start(
            self.last_session.get(competition_id), local_date(created_at, self.zone)
        )

    # -- the plan

    def add(
        self, retention: str, kind: str, reference: str, session_id: int, count: int = 1
    ) -> None:
        """An expired item of one session."""
        exam = self.exams[session_id]
        self.selection.items.append(
            RetentionItem(
                retention=retention,
                kind=kind,
                reference=reference,
                competition_id=exam.competition_id,
                session_id=session_id,
                session_date=exam.session_date,
                expires_on=self.session_expiry(session_id, retention),
                count=count,
            )
        )
        self.selection.session_ids.add(session_id)

    def add_rows(
        self,
        retention: str,
        kind: str,
        rows: Iterable[tuple[int, int]],
        expired: set[int],
        chosen: set[int],
    ) -> None:
        """Rows given as (id, session id): those of an expired session join ``chosen``, and each
        session's count becomes one item."""
        counts: dict[int, int] = defaultdict(int)
        for row_id, session_id in rows:
            if session_id in expired and row_id not in chosen:
                chosen.add(row_id)
                counts[session_id] += 1
        for session_id, count in sorted(counts.items()):
            self.add(retention, kind, _counted(count, "row"), session_id, count)

    def select(self) -> _Selection:
        self.select_files()
        self.select_commission_materials()
        self.select_session_records()
        self.select_personal_data()
        return self.selection

    def select_files(self) -> None:
        """Registered files whose period has ended."""
        selection = self.selection
        for doc in self.session.scalars(
            select(models.ArchivedDocument)
            .where(models.ArchivedDocument.removed_at.is_(None))
            .order_by(models.ArchivedDocument.id)
        ):
            if doc.retention not in (COMMISSION, DOCUMENTS):
                continue  # a class this version does not know is never removed
            if doc.session_id is not None:
                start = self.exams[doc.session_id].session_date
            else:
                start = self.competition_start(doc.competition_id, doc.created_at)
            expires_on = self.expires(doc.competition_id, doc.retention, start)
            if not has_expired(expires_on, selection.today):
                continue
            selection.files.append(
                _File(
                    doc.id,
                    doc.retention,
                    doc.kind,
                    doc.reference,
                    doc.competition_id,
                    doc.session_id,
                    doc.file_name,
                    doc.sha256,
                )
            )
            selection.items.append(
                RetentionItem(
                    retention=doc.retention,
                    kind=doc.kind,
                    reference=doc.reference,
                    competition_id=doc.competition_id,
                    session_id=doc.session_id,
                    session_date=start,
                    expires_on=expires_on,
                    file_name=doc.file_name,
                )
            )
            if doc.session_id is not None:
                selection.session_ids.add(doc.session_id)
            else:
                selection.session_ids |= {
                    sid
                    for sid, exam in self.exams.items()
                    if exam.competition_id == doc.competition_id
                }

    def select_commission_materials(self) -> None:
        """cl. 36: the appeals of expired sessions, their commissions, the problem reports."""
        selection = self.selection
        expired = self.expired_sessions(COMMISSION)
        appeal_session: dict[int, int] = {}
        appeals_of: dict[int, set[int]] = defaultdict(set)
        for appeal_id, number, attempt_id, commission_id in self.session.execute(
            select(
                models.Appeal.id,
                models.Appeal.number,
                models.Appeal.attempt_id,
                models.Appeal.commission_id,
            ).order_by(models.Appeal.id)
        ):
            session_id = self.attempt_session[attempt_id]
            appeal_session[appeal_id] = session_id
            if commission_id is not None:
                appeals_of[commission_id].add(appeal_id)
            if session_id in expired:
                selection.appeal_ids.add(appeal_id)
                self.add(COMMISSION, APPEAL, number, session_id)
        for commission_id, served_session in self.session.execute(
            select(models.Commission.id, models.Commission.session_id).order_by(
                models.Commission.id
            )
        ):
            appeals = appeals_of.get(commission_id, set())
            if appeals - selection.appeal_ids:
                continue  # still the commission of an appeal that is kept
            served = {appeal_session[appeal_id] for appeal_id in appeals}
            if served_session is not None:
                served.add(served_session)
            if not served or not served <= expired:
                continue  # nothing to count its period from, or a session still within it
            newest = max(served, key=lambda sid: self.session_expiry(sid, COMMISSION))
            selection.commission_ids.add(commission_id)
            self.add(COMMISSION, COMMISSION_RECORD, f"commission {commission_id}", newest)
        self.add_rows(
            COMMISSION,
            PROBLEM_REPORTS,
            self.attempt_rows(models.ProblemReport),
            expired,
            selection.problem_report_ids,
        )

    def select_session_records(self) -> None:
        """cl. 39: each answer's records of the sessions whose documents' period has ended."""
        selection = self.selection
        expired = self.expired_sessions(DOCUMENTS)
        self.add_rows(
            DOCUMENTS,
            PROBLEM_REPORTS,
            self.attempt_rows(models.ProblemReport),
            expired,
            selection.problem_report_ids,
        )
        self.add_rows(
            DOCUMENTS,
            ANSWER_EVENTS,
            self.attempt_rows(models.AnswerEvent),
            expired,
            selection.answer_event_ids,
        )
        counts: dict[int, int] = defaultdict(int)
        for (attempt_id,) in self.session.execute(select(models.AttemptItem.attempt_id)):
            session_id = self.attempt_session[attempt_id]
            if session_id in expired:
                selection.attempt_ids.add(attempt_id)
                counts[session_id] += 1
        for session_id, count in sorted(counts.items()):
            self.add(DOCUMENTS, ATTEMPT_ITEMS, _counted(count, "row"), session_id, count)
        self.add_rows(
            DOCUMENTS,
            TIME_DECISIONS,
            self.attempt_rows(models.TimeDecision),
            expired,
            selection.time_decision_ids,
        )
        incidents = self.session.execute(select(models.Incident.id, models.Incident.session_id))
        self.add_rows(
            DOCUMENTS,
            INCIDENTS,
            ((row_id, session_id) for row_id, session_id in incidents),
            expired,
            selection.incident_ids,
        )

    def attempt_rows(self, model: Any) -> Iterator[tuple[int, int]]:
        """(id, session id) of each row of a table keyed by attempt."""
        for row_id, attempt_id in self.session.execute(select(model.id, model.attempt_id)):
            yield row_id, self.attempt_session[attempt_id]

    def select_personal_data(self) -> None:
        """Candidates whose every session has outlived the documents' period (a candidate of a
        main test and of a tie-break stays until the later one expires); a candidate who sat no
        session counts from the competition's last session."""
        selection = self.selection
        expired = self.expired_sessions(DOCUMENTS)
        sessions_of: dict[int, set[int]] = defaultdict(set)
        for candidate_id, session_id in self.session.execute(
            select(models.Registration.candidate_id, models.Registration.session_id)
        ):
            sessions_of[candidate_id].add(session_id)
        groups: dict[tuple[int, int | None], list[int]] = defaultdict(list)
        for candidate in self.session.scalars(
            select(models.Candidate).order_by(models.Candidate.id)
        ):
            if candidate.competition_id is None or _cleared(candidate):
                continue
            sat = sessions_of.get(candidate.id, set())
            if sat:
                if not sat <= expired:
                    continue
                newest = max(sat, key=lambda sid: self.session_expiry(sid, DOCUMENTS))
                groups[(self.exams[newest].competition_id, newest)].append(candidate.id)
                continue
            competition = self.competitions[candidate.competition_id]
            start = self.competition_start(competition.id, competition.created_at)
            if has_expired(self.expires(competition.id, DOCUMENTS, start), selection.today):
                groups[(competition.id, None)].append(candidate.id)
        for (competition_id, session_id), ids in sorted(
            groups.items(), key=lambda group: (group[0][0], group[0][1] or 0)
        ):
            selection.candidate_ids.update(ids)
            if session_id is not None:
                self.add(
                    DOCUMENTS, PERSONAL_DATA, _counted(len(ids), "candidate"), session_id, len(ids)
                )
                continue
            competition = self.competitions[competition_id]
            start = self.competition_start(competition_id, competition.created_at)
            selection.items.append(
                RetentionItem(
                    retention=DOCUMENTS,
                    kind=PERSONAL_DATA,
                    reference=_counted(len(ids), "candidate"),
                    competition_id=competition_id,
                    session_id=None,
                    session_date=start,
                    expires_on=self.expires(competition_id, DOCUMENTS, start),
                    count=len(ids),
                )
            )


def _counted(count: int, noun: str) -> str:
    """ "1 row", "37 rows": the reference of an item that stands for many rows."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _years(rules: CompetitionRules, retention: str) -> int:
    """The competition's period for a retention class."""
    if retention == COMMISSION:
        return rules.commission_retention_years
    return rules.documents_retention_years


def _cleared(candidate: models.Candidate) -> bool:
    """True when the candidate's personal data has already been cleared."""
    return (
        candidate.full_name == PLACEHOLDER_NAME
        and candidate.pin is None
        and not candidate.phone
        and not candidate.email
    )


# -- what goes into the archive -------------------------------------------------------------------


def _results(session: Session, session_ids: set[int]) -> list[dict[str, Any]]:
    """The results of the sessions concerned, as they stand before the removal."""
    if not session_ids:
        return []
    rows = session.execute(
        select(models.Registration, models.Candidate, models.ExamSession, models.Attempt)
        .join(models.Candidate, models.Candidate.id == models.Registration.candidate_id)
        .join(models.ExamSession, models.ExamSession.id == models.Registration.session_id)
        .outerjoin(models.Attempt, models.Attempt.registration_id == models.Registration.id)
        .where(models.Registration.session_id.in_(sorted(session_ids)))
        .order_by(models.ExamSession.session_date, models.ExamSession.id, models.Registration.id)
    ).all()
    attempt_ids = [attempt.id for *_, attempt in rows if attempt is not None]
    versions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for chunk in _chunks(attempt_ids):
        for version in session.scalars(
            select(models.ResultVersion)
            .where(models.ResultVersion.attempt_id.in_(chunk))
            .order_by(models.ResultVersion.attempt_id, models.ResultVersion.version)
        ):
            versions[version.attempt_id].append(
                {
                    "version": version.version,
                    "score": version.score,
                    "max_score": version.max_score,
                    "basis": version.basis,
                    "appeal_id": version.appeal_id,
                    "recorded_at": version.recorded_at.isoformat(),
                }
            )
    results = []
    for registration, candidate, exam, attempt in rows:
        score = attempt.score if attempt is not None else None
        results.append(
            {
                "competition_id": exam.competition_id,
                "session_id": exam.id,
                "session_date": exam.session_date.isoformat(),
                "candidate_id": candidate.id,
                "candidate": candidate.full_name,
                "status": attempt.status if attempt is not None else registration.status,
                "score": score,
                "max_score": attempt.max_score if attempt is not None else None,
                "threshold": attempt.threshold_points if attempt is not None else None,
                "meets": None
                if attempt is None or score is None
                else score >= attempt.threshold_points,
                "result_versions": versions.get(attempt.id, []) if attempt is not None else [],
            }
        )
    return results


def _results_csv(results: Sequence[Mapping[str, Any]]) -> bytes:
    """The results as CSV, UTF-8 with a byte-order mark so that Excel reads the Cyrillic."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(
        [
            "competition_id",
            "session_id",
            "session_date",
            "candidate",
            "status",
            "score",
            "max_score",
            "threshold",
            "meets",
            "result_versions",
        ]
    )
    for row in results:
        meets = "" if row["meets"] is None else ("yes" if row["meets"] else "no")
        writer.writerow(
            [
                row["competition_id"],
                row["session_id"],
                row["session_date"],
                row["candidate"],
                row["status"],
                "" if row["score"] is None else row["score"],
                "" if row["max_score"] is None else row["max_score"],
                "" if row["threshold"] is None else row["threshold"],
                meets,
                "; ".join(
                    f"v{version['version']}: {version['score']}/{version['max_score']} "
                    f"({version['basis']})"
                    for version in row["result_versions"]
                ),
            ]
        )
    return buffer.getvalue().encode("utf-8-sig")


def _records(session: Session, selection: _Selection) -> dict[str, Any]:
    """Every database row that will be removed, as it is, by table.

    The cleared candidates are listed by id, competition and name only: their personal numbers
    and contacts are destroyed (Annex 3), not copied into another folder.
    """
    appeals = sorted(selection.appeal_ids)
    commissions = sorted(selection.commission_ids)
    records: dict[str, Any] = {
        "hearing_members": _rows(session, models.HearingMember, "appeal_id", appeals),
        "appeal_findings": _rows(session, models.AppealFinding, "appeal_id", appeals),
        "appeals": _rows(session, models.Appeal, "id", appeals),
        "commission_members": _rows(session, models.CommissionMember, "commission_id", commissions),
        "commissions": _rows(session, models.Commission, "id", commissions),
        "problem_reports": _rows(
            session, models.ProblemReport, "id", sorted(selection.problem_report_ids)
        ),
        "answer_events": _rows(
            session, models.AnswerEvent, "id", sorted(selection.answer_event_ids)
        ),
        "attempt_items": _rows(
            session, models.AttemptItem, "attempt_id", sorted(selection.attempt_ids)
        ),
        "time_decisions": _rows(
            session, models.TimeDecision, "id", sorted(selection.time_decision_ids)
        ),
        "incidents": _rows(session, models.Incident, "id", sorted(selection.incident_ids)),
    }
    cleared = []
    for chunk in _chunks(sorted(selection.candidate_ids)):
        cleared += [
            {"id": row.id, "competition_id": row.competition_id, "full_name": row.full_name}
            for row in session.scalars(
                select(models.Candidate)
                .where(models.Candidate.id.in_(chunk))
                .order_by(models.Candidate.id)
            )
        ]
    records["candidates_cleared"] = cleared
    return records


def _rows(session: Session, model: Any, column: str, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The rows of ``model`` whose ``column`` is one of ``ids``, every column as JSON."""
    found: list[dict[str, Any]] = []
    attributes = [attribute.key for attribute in inspect(model).column_attrs]
    primary = [key.name for key in inspect(model).primary_key]
    for chunk in _chunks(ids):
        for row in session.scalars(
            select(model)
            .where(getattr(model, column).in_(chunk))
            .order_by(*(getattr(model, key) for key in primary))
        ):
            found.append({key: _plain(getattr(row, key)) for key in attributes})
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _item_json(item: RetentionItem) -> dict[str, Any]:
    return {
        "retention": item.retention,
        "kind": item.kind,
        "reference": item.reference,
        "competition_id": item.competition_id,
        "session_id": item.session_id,
        "session_date": item.session_date.isoformat(),
        "expires_on": item.expires_on.isoformat(),
        "count": item.count,
        "file_name": item.file_name,
    }


def _json(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=2).encode("utf-8")


def _new_folder(parent: Path, name: str) -> Path:
    """A folder that did not exist before: two archives never share one."""
    for serial in range(1, 100):
        folder = parent / (name if serial == 1 else f"{name}-{serial}")
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        return folder
    raise RetentionFailed(f"no new archive folder could be made in {parent}")


def _write(folder: Path, name: str, data: bytes) -> str:
    """Write one file of the archive durably; its SHA-256."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    write_durably(path, data)
    return hashlib.sha256(data).hexdigest()


def _check(folder: Path, written: Mapping[str, str]) -> None:
    """Read every file of the archive back and compare it with what was written."""
    for name, digest in written.items():
        if hashlib.sha256((folder / name).read_bytes()).hexdigest() != digest:
            raise RetentionFailed(f"{folder / name} does not read back as written")
    present = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    if present != set(written):
        raise RetentionFailed(f"{folder} holds files the manifest does not list")


# -- the removal ---------------------------------------------------------------------------------


def _remove(session: Session, selection: _Selection, now: datetime) -> tuple[dict[str, int], int]:
    """Delete the selected rows (children first), clear the candidates' personal data and mark
    the files removed, all in the caller's transaction; the rows deleted per table and the
    number of candidates cleared."""
    appeals = sorted(selection.appeal_ids)
    commissions = sorted(selection.commission_ids)
    steps: list[tuple[str, Any, str, Sequence[int]]] = [
        ("hearing_members", models.HearingMember, "appeal_id", appeals),
        ("appeal_findings", models.AppealFinding, "appeal_id", appeals),
        ("appeals", models.Appeal, "id", appeals),
        ("commission_members", models.CommissionMember, "commission_id", commissions),
        ("commissions", models.Commission, "id", commissions),
        ("problem_reports", models.ProblemReport, "id", sorted(selection.problem_report_ids)),
        ("answer_events", models.AnswerEvent, "id", sorted(selection.answer_event_ids)),
        ("attempt_items", models.AttemptItem, "attempt_id", sorted(selection.attempt_ids)),
        ("time_decisions", models.TimeDecision, "id", sorted(selection.time_decision_ids)),
        ("incidents", models.Incident, "id", sorted(selection.incident_ids)),
    ]
    assert tuple(table for table, *_ in steps) == REMOVAL_ORDER
    removed: dict[str, int] = {}
    for table, model, column, ids in steps:
        removed[table] = 0
        for chunk in _chunks(ids):
            result = session.execute(
                delete(model)
                .where(getattr(model, column).in_(chunk))
                .execution_options(synchronize_session=False)
            )
            removed[table] += result.rowcount
    cleared = 0
    for chunk in _chunks(sorted(selection.candidate_ids)):
        result = session.execute(
            update(models.Candidate)
            .where(models.Candidate.id.in_(chunk))
            .values(full_name=PLACEHOLDER_NAME, pin=None, phone="", email="")
            .execution_options(synchronize_session=False)
        )
        cleared += result.rowcount
    for chunk in _chunks([entry.id for entry in selection.files]):
        session.execute(
            update(models.ArchivedDocument)
            .where(
                models.ArchivedDocument.id.in_(chunk),
                models.ArchivedDocument.removed_at.is_(None),
            )
            .values(removed_at=now)
            .execution_options(synchronize_session=False)
        )
    return removed, cleared


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield list(ids[start : start + _CHUNK])
