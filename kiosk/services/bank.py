"""The question bank's use cases: authoring, review, versions, import and export, blueprints.

Each public method is one transaction with its audit record.  The lifecycle rules themselves
(who may submit, approve, return or retire what) live in :mod:`question_bank.lifecycle`; this
module asks them and writes the result.

Every use case takes the signed-in :class:`~kiosk.domain.roles.Actor` first and checks its roles
(``@guarded``): reading the bank needs ``VIEW_BANK``, writing and importing ``EDIT_BANK``,
approving, returning and retiring ``APPROVE_BANK``.  The roles only say who may try: the
two-person rule (nobody approves what they wrote or edited) is still checked by name.  Two
entries stay unguarded because no staff member acts through them: :meth:`BankService.load_approved`
(seeding the demo and tests) and :func:`approved_pool` (a candidate's form is drawn from it).

Versions are the unit of everything: attempts, appeals and exports refer to a version, and an
approved version is never written again.  Scenarios are treated the same way: a scenario's text
is never changed in place, an edit stores a new scenario row that only the new version uses.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session, selectinload, sessionmaker

from kiosk.clock import Clock
from kiosk.domain.roles import Actor, Permission
from kiosk.services import audit
from kiosk.services.bank_views import (
    BlueprintCheck,
    Duplicate,
    ImportReport,
    QuestionRow,
    SampleItem,
    SectionSupply,
    SectionView,
    VersionView,
)
from kiosk.services.guard import guarded
from kiosk.services.keys import keyed_fingerprint, open_answer_key, seal_answer_key, vault_of
from kiosk.storage import models
from question_bank import lifecycle
from question_bank.assembly import PoolItem, assemble_form
from question_bank.formats import format_module, guess_format
from question_bank.formats.base import DEFAULT_LANGUAGE, ImportFailed, Problem
from question_bank.lifecycle import (
    Action,
    BankArchive,
    LifecycleEvent,
    LifecycleRefused,
    QuestionHistory,
    Status,
    VersionRecord,
)
from question_bank.model import Bank, Blueprint, Image, Option, Question, Scenario, Section
from question_bank.validation import (
    content_fingerprint,
    reference_problems,
    validate_bank,
    validate_question,
)

#: The languages every question must be written in before it can be submitted for review.
BANK_LANGUAGES = ("ky", "ru")


class BankService:
    """Authoring, review and exchange of the question bank."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Clock,
        required_languages: Sequence[str] = BANK_LANGUAGES,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.required_languages = tuple(required_languages)

    # -- sections ------------------------------------------------------------------------------

    @guarded(Permission.VIEW_BANK)
    def sections(self, actor: Actor) -> list[SectionView]:
        """The sections in their order, with question counts per status of the latest version."""
        with self._sessions() as session:
            counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
            for code, status in session.execute(
                select(models.Section.code, models.QuestionVersion.status)
                .join(models.Question, models.Question.section_id == models.Section.id)
                .join(
                    models.QuestionVersion, models.QuestionVersion.question_id == models.Question.id
                )
                .where(models.QuestionVersion.id.in_(_latest_version_ids()))
            ):
                counts[code][status] += 1
            return [
                SectionView(s.code, dict(s.title), s.position, dict(counts[s.code]))
                for s in session.scalars(
                    select(models.Section).order_by(models.Section.position, models.Section.id)
                )
            ]

    @guarded(Permission.EDIT_BANK)
    def add_section(self, actor: Actor, code: str, title: dict[str, str]) -> None:
        """Add a content area at the end of the list."""
        code = code.strip()
        _check_section(code, title)
        now = self._clock.now()
        with self._sessions.begin() as session:
            if session.scalar(select(models.Section).where(models.Section.code == code)):
                raise LifecycleRefused(f"a section with the code {code!r} exists already")
            last = session.scalar(select(func.max(models.Section.position))) or 0
            session.add(models.Section(code=code, title=dict(title), position=last + 1))
            audit.record(session, now, actor.name, "bank.section_added", subject=f"section:{code}")

    @guarded(Permission.EDIT_BANK)
    def rename_section(self, actor: Actor, code: str, title: dict[str, str]) -> None:
        """Change a section's titles (its code, which blueprints refer to, stays)."""
        _check_section(code, title)
        now = self._clock.now()
        with self._sessions.begin() as session:
            row = _section(session, code)
            old = dict(row.title)
            row.title = dict(title)
            audit.record(
                session, now, actor.name, "bank.section_renamed", subject=f"section:{code}", old=old
            )

    @guarded(Permission.EDIT_BANK)
    def move_section(self, actor: Actor, code: str, position: int) -> None:
        """Put a section at ``position`` (0-based) in the list."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            rows = list(
                session.scalars(
                    select(models.Section).order_by(models.Section.position, models.Section.id)
                )
            )
            moving = next((r for r in rows if r.code == code), None)
            if moving is None:
                raise LookupError(f"no section {code!r}")
            rows.remove(moving)
            rows.insert(max(0, min(position, len(rows))), moving)
            for index, row in enumerate(rows):
                row.position = index
            audit.record(session, now, actor.name, "bank.section_moved", subject=f"section:{code}")

    # -- browsing ------------------------------------------------------------------------------

    @guarded(Permission.VIEW_BANK)
    def rows(self, actor: Actor) -> list[QuestionRow]:
        """Every question's latest version, for the bank browser (which filters them itself)."""
        with self._sessions() as session:
            result = session.execute(
                select(models.QuestionVersion, models.Question.uid, models.Section.code)
                .join(models.Question, models.Question.id == models.QuestionVersion.question_id)
                .join(models.Section, models.Section.id == models.Question.section_id)
                .where(models.QuestionVersion.id.in_(_latest_version_ids()))
                .order_by(models.Section.position, models.Question.uid)
            ).all()
            scenarios = {s.id: s.text for s in session.scalars(select(models.Scenario))}
            return [
                QuestionRow(
                    uid=uid,
                    version_id=version.id,
                    number=version.version,
                    section=section,
                    status=Status(version.status),
                    stem=dict(version.stem),
                    languages=frozenset(version.languages),
                    tags=tuple(version.tags),
                    multiple=version.multiple,
                    author=version.author,
                    updated_at=version.updated_at or version.created_at,
                    search_text=_search_text(
                        uid, version, scenarios.get(version.scenario_id) or {}
                    ),
                )
                for version, uid, section in result
            ]

    @guarded(Permission.VIEW_BANK)
    def review_queue(self, actor: Actor) -> list[QuestionRow]:
        """Versions waiting for a reviewer, oldest first."""
        return sorted(
            (row for row in self.rows(actor) if row.status is Status.SUBMITTED),
            key=lambda row: row.updated_at,
        )

    @guarded(Permission.VIEW_BANK)
    def version(self, actor: Actor, version_id: int) -> VersionView:
        """One version in full."""
        with self._sessions() as session:
            row = session.get(models.QuestionVersion, version_id)
            if row is None:
                raise LookupError(f"no question version {version_id}")
            return _version_view(session, row)

    @guarded(Permission.VIEW_BANK)
    def latest(self, actor: Actor, uid: str) -> VersionView:
        """The latest version of a question."""
        with self._sessions() as session:
            return _version_view(session, _versions(session, uid)[-1])

    @guarded(Permission.VIEW_BANK)
    def history(self, actor: Actor, uid: str) -> list[VersionView]:
        """Every version of a question, oldest first."""
        with self._sessions() as session:
            return [_version_view(session, row) for row in _versions(session, uid)]

    # -- authoring and review ------------------------------------------------------------------

    @guarded(Permission.EDIT_BANK)
    def save(
        self, actor: Actor, question: Question, scenario: Scenario | None = None
    ) -> VersionView:
        """Save what the editor holds.

        A new question (empty or unknown uid) gets version 1; an existing draft is changed in
        place; an approved or retired latest version is left alone and a new draft version is
        made.  ``scenario`` carries the scenario's text when the editor changed it.
        """
        problems = validate_question(question, required_languages=(), location="question")
        if problems:
            raise ImportFailed(problems)
        now = self._clock.now()
        with self._sessions.begin() as session:
            scenario_id = _scenario_id(session, question.scenario, scenario)
            existing = (
                session.scalar(select(models.Question).where(models.Question.uid == question.uid))
                if question.uid
                else None
            )
            if existing is None:
                taken = set(session.scalars(select(models.Question.uid)))
                uid = question.uid or _UidAllocator(taken)()
                row = models.Question(uid=uid, section_id=_section(session, question.section).id)
                session.add(row)
                session.flush()
                version = _add_version(
                    session, row, 1, replace(question, uid=uid), scenario_id, actor.name, now
                )
                _event(session, version, Action.CREATED, actor.name, now)
                action = "bank.question_created"
            else:
                latest = _versions(session, existing.uid)[-1]
                existing.section_id = _section(session, question.section).id
                if lifecycle.edit_makes_new_version(Status(latest.status)):
                    version = _add_version(
                        session,
                        existing,
                        latest.version + 1,
                        question,
                        scenario_id,
                        actor.name,
                        now,
                    )
                    _event(session, version, Action.EDITED, actor.name, now)
                    action = "bank.version_created"
                else:
                    version = latest
                    _fill_version(session, version, question, scenario_id)
                    version.updated_at = now
                    _event(session, version, Action.EDITED, actor.name, now)
                    action = "bank.draft_edited"
            session.flush()
            audit.record(
                session, now, actor.name, action, subject=_subject(version), version=version.version
            )
            return _version_view(session, version)

    @guarded(Permission.EDIT_BANK)
    def submit(self, actor: Actor, version_id: int) -> VersionView:
        """Send a draft to review; it must be complete in every bank language first."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            version = _version_row(session, version_id)
            lifecycle.check_submit(Status(version.status))
            view = _version_view(session, version)
            problems = validate_question(
                view.question, required_languages=self.required_languages, location="question"
            )
            if view.scenario is not None:
                problems += [
                    Problem("", "scenario", f"text[{lang}]", "the scenario has no text")
                    for lang in self.required_languages
                    if not view.scenario.text.get(lang, "").strip()
                ]
            if problems:
                raise ImportFailed(problems)
            return self._move(session, version, Status.SUBMITTED, Action.SUBMITTED, actor.name, now)

    @guarded(Permission.APPROVE_BANK)
    def approve(self, actor: Actor, version_id: int, comment: str = "") -> VersionView:
        """Approve a submitted version (never one's own); the previous approved one retires."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            version = _version_row(session, version_id)
            lifecycle.check_approve(
                Status(version.status), _version_view(session, version).contributors, actor.name
            )
            for older in _versions(session, version.question.uid):
                if older.status == Status.APPROVED:
                    older.status = Status.RETIRED
                    _event(
                        session,
                        older,
                        Action.RETIRED,
                        actor.name,
                        now,
                        f"replaced by version {version.version}",
                    )
            session.flush()
            version.approved_at = now
            version.approved_by = actor.name
            return self._move(
                session, version, Status.APPROVED, Action.APPROVED, actor.name, now, comment
            )

    @guarded(Permission.APPROVE_BANK)
    def return_for_rework(self, actor: Actor, version_id: int, comment: str) -> VersionView:
        """Send a submitted version back to draft, saying what must change."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            version = _version_row(session, version_id)
            lifecycle.check_return(Status(version.status), comment)
            return self._move(
                session, version, Status.DRAFT, Action.RETURNED, actor.name, now, comment
            )

    @guarded(Permission.APPROVE_BANK)
    def retire(self, actor: Actor, uid: str, comment: str = "") -> VersionView:
        """Take a question out of new forms; attempts that used it keep it."""
        now = self._clock.now()
        with self._sessions.begin() as session:
            versions = _versions(session, uid)
            approved = [v for v in versions if v.status == Status.APPROVED]
            lifecycle.check_retire(Status(approved[-1].status if approved else versions[-1].status))
            return self._move(
                session, approved[-1], Status.RETIRED, Action.RETIRED, actor.name, now, comment
            )

    def _move(
        self,
        session: Session,
        version: models.QuestionVersion,
        status: Status,
        action: Action,
        actor: str,
        now: datetime,
        comment: str = "",
    ) -> VersionView:
        version.status = status
        version.updated_at = now
        _event(session, version, action, actor, now, comment)
        session.flush()
        audit.record(
            session,
            now,
            actor,
            f"bank.question_{action}",
            subject=_subject(version),
            version=version.version,
        )
        return _version_view(session, version)

    # -- import and export ---------------------------------------------------------------------

    @guarded(Permission.EDIT_BANK)
    def import_file(
        self,
        actor: Actor,
        path: Path,
        *,
        format_name: str | None = None,
        language: str = DEFAULT_LANGUAGE,
        dry_run: bool = False,
    ) -> ImportReport:
        """Import a bank file, all or nothing; see :meth:`import_data`."""
        try:
            data = path.read_bytes()
        except OSError as error:
            raise ImportFailed(
                [Problem(path.name, "", "", f"cannot read the file: {error}")]
            ) from None
        return self.import_data(
            actor, data, path.name, format_name=format_name, language=language, dry_run=dry_run
        )

    @guarded(Permission.EDIT_BANK)
    def import_data(
        self,
        actor: Actor,
        data: bytes,
        file_name: str,
        *,
        format_name: str | None = None,
        language: str = DEFAULT_LANGUAGE,
        dry_run: bool = False,
    ) -> ImportReport:
        """Import a file's questions as drafts (a bank package keeps its statuses and history).

        The file is read and checked completely before anything is written; any problem raises
        :class:`ImportFailed` naming the file, the item and the field, and the bank is unchanged.
        Questions the bank already holds (same uid and content, or the same content under
        another uid) are reported as duplicates and skipped.
        """
        try:
            name = format_name or guess_format(file_name)
            module = format_module(name)
        except KeyError as error:
            raise ImportFailed([Problem(file_name, "", "format", str(error.args[0]))]) from None
        if name == "package":
            archive = module.read_archive(data, file_name)
        else:
            archive = _as_drafts(module.read(data, file_name, language))
        # The bank as it will stand (each question's latest version) is checked as a whole, uids
        # included; a package's earlier versions of the same question each on its own, since
        # they share their question's uid by design.
        problems = validate_bank(
            Bank(
                archive.sections,
                archive.scenarios,
                tuple(h.versions[-1].question for h in archive.questions if h.versions),
            ),
            required_languages=(),
            file_name=file_name,
        )
        sections = {section.code for section in archive.sections}
        scenarios = {scenario.uid for scenario in archive.scenarios}
        for index, history in enumerate(archive.questions, start=1):
            for record in history.versions[:-1]:
                where = f"question {index} ({history.uid}) v{record.number}"
                problems += validate_question(
                    record.question, required_languages=(), file_name=file_name, location=where
                )
                problems += reference_problems(
                    record.question, sections, scenarios, file_name, where
                )
        problems += _check_archive_approvals(archive, file_name)
        if problems:
            raise ImportFailed(problems)
        now = self._clock.now()
        with self._sessions() as session:
            report = _Importer(session, actor.name, now, file_name, name, dry_run).run(archive)
            if dry_run:
                session.rollback()
                return report
            audit.record(
                session,
                now,
                actor.name,
                "bank.imported",
                subject=file_name,
                format=name,
                new_questions=len(report.new_questions),
                new_versions=len(report.new_versions),
                duplicates=len(report.duplicates),
                approved=report.approved,
            )
            session.commit()
            return report

    def load_approved(self, bank: Bank, author: str, approver: str) -> int:
        """Bring a bank in as approved (the demo and tests): written by one, approved by another.

        Returns the number of questions added; questions already present are skipped.
        """
        if author == approver:
            raise lifecycle.SelfApproval("the author and the approver must be two people")
        now = self._clock.now()
        archive = BankArchive(
            bank.sections,
            bank.scenarios,
            tuple(
                QuestionHistory(
                    q.uid,
                    (
                        VersionRecord(
                            1,
                            Status.APPROVED,
                            q,
                            (
                                LifecycleEvent(Action.CREATED, author, now),
                                LifecycleEvent(Action.SUBMITTED, author, now),
                                LifecycleEvent(Action.APPROVED, approver, now),
                            ),
                        ),
                    ),
                )
                for q in bank.questions
            ),
        )
        with self._sessions.begin() as session:
            report = _Importer(session, approver, now, "bank", "package", False).run(archive)
            audit.record(session, now, approver, "bank.loaded", added=len(report.new_questions))
            return len(report.new_questions)

    @guarded(Permission.VIEW_BANK)
    def export(
        self,
        actor: Actor,
        format_name: str,
        *,
        language: str = DEFAULT_LANGUAGE,
        include_drafts: bool = False,
    ) -> bytes:
        """The bank in a file format: every version and its history in a bank package, the
        current approved versions (or, with ``include_drafts``, the latest ones) otherwise."""
        module = format_module(format_name)
        archive = self.archive(actor)
        if format_name == "package":
            return module.write_archive(archive)
        questions = []
        for history in archive.questions:
            chosen = [v for v in history.versions if include_drafts or v.status is Status.APPROVED]
            if chosen:
                questions.append(chosen[-1].question)
        used = {q.scenario for q in questions if q.scenario}
        return module.write(
            Bank(
                archive.sections,
                tuple(s for s in archive.scenarios if s.uid in used),
                tuple(questions),
            ),
            language,
        )

    @guarded(Permission.VIEW_BANK)
    def archive(self, actor: Actor) -> BankArchive:
        """The whole bank: every section, scenario, version and event."""
        with self._sessions() as session:
            sections = tuple(
                Section(s.code, dict(s.title))
                for s in session.scalars(
                    select(models.Section).order_by(models.Section.position, models.Section.id)
                )
            )
            scenarios = tuple(
                Scenario(s.uid, dict(s.text))
                for s in session.scalars(select(models.Scenario).order_by(models.Scenario.id))
            )
            rows = session.scalars(
                select(models.QuestionVersion)
                .join(models.Question)
                .options(selectinload(models.QuestionVersion.events))
                .order_by(models.Question.uid, models.QuestionVersion.version)
            )
            context = _Context(session, whole_bank=True)
            by_uid: dict[str, list[VersionRecord]] = defaultdict(list)
            for row in rows:
                view = context.view(row)
                by_uid[view.uid].append(
                    VersionRecord(view.number, view.status, view.question, view.events)
                )
            return BankArchive(
                sections,
                scenarios,
                tuple(QuestionHistory(uid, tuple(versions)) for uid, versions in by_uid.items()),
            )

    # -- blueprints ----------------------------------------------------------------------------

    @guarded(Permission.VIEW_BANK)
    def check_blueprint(self, actor: Actor, blueprint: Blueprint) -> BlueprintCheck:
        """The approved pool against a blueprint: how many are missing where."""
        with self._sessions() as session:
            titles = {s.code: dict(s.title) for s in session.scalars(select(models.Section))}
            available: dict[str, int] = defaultdict(int)
            for item in approved_pool(session, blueprint.languages):
                available[item.section] += 1
        return BlueprintCheck(
            sections=tuple(
                SectionSupply(code, titles.get(code, {}), needed, available[code])
                for code, needed in blueprint.sections
            ),
            unknown_sections=tuple(code for code, _ in blueprint.sections if code not in titles),
        )

    @guarded(Permission.VIEW_BANK)
    def sample_form(
        self, actor: Actor, blueprint: Blueprint, seed: int | None = None
    ) -> list[SampleItem]:
        """One form as a candidate would get it, for a preview before a session opens."""
        seed = secrets.randbits(31) if seed is None else seed
        with self._sessions() as session:
            form = assemble_form(approved_pool(session, blueprint.languages), blueprint, seed)
            context = _Context(session)
            return [
                SampleItem(
                    position,
                    context.view(session.get_one(models.QuestionVersion, item.version_id)),
                    item.option_order,
                )
                for position, item in enumerate(form)
            ]


def approved_pool(session: Session, languages: Iterable[str]) -> list[PoolItem]:
    """The approved versions a form may draw, written in every one of ``languages``."""
    wanted = set(languages)
    rows = session.execute(
        select(
            models.QuestionVersion.id,
            models.Section.code,
            models.QuestionVersion.options,
            models.Scenario.uid,
            models.QuestionVersion.shuffle_options,
            models.QuestionVersion.languages,
        )
        .join(models.QuestionVersion.question)
        .join(models.Section)
        .outerjoin(models.Scenario, models.Scenario.id == models.QuestionVersion.scenario_id)
        .where(models.QuestionVersion.status == Status.APPROVED)
    )
    return [
        PoolItem(version_id, section, tuple(o["key"] for o in options), scenario, shuffle)
        for version_id, section, options, scenario, shuffle, written_in in rows
        if wanted <= set(written_in)
    ]


# -- import ------------------------------------------------------------------------------------


class _Importer:
    """Writes an archive into the bank inside the caller's transaction, reporting as it goes."""

    def __init__(
        self,
        session: Session,
        actor: str,
        now: datetime,
        file_name: str,
        format_name: str,
        dry_run: bool,
    ) -> None:
        self.session = session
        self.actor = actor
        self.now = now
        self.file_name = file_name
        self.format_name = format_name
        self.dry_run = dry_run
        self.new_sections: list[str] = []
        self.new_questions: list[str] = []
        self.new_versions: list[str] = []
        self.duplicates: list[Duplicate] = []
        self.approved = 0
        self._bulk_questions: list[dict[str, object]] = []
        self._bulk_versions: list[tuple[str, int, Question, str, int | None]] = []

    def _write_drafts(self) -> None:
        """Insert the collected drafts, each with its "imported" event, in three statements."""
        session = self.session
        if self._bulk_questions:
            session.execute(insert(models.Question), self._bulk_questions)
        question_ids = dict(session.execute(select(models.Question.uid, models.Question.id)).all())
        rows = []
        vault = vault_of(session)
        for uid, number, question, fingerprint, scenario_id in self._bulk_versions:
            rows.append(
                {
                    "question_id": question_ids[uid],
                    "version": number,
                    "status": Status.DRAFT.value,
                    "stem": dict(question.stem),
                    "options": [{"key": o.key, "text": dict(o.text)} for o in question.options],
                    "correct": [],
                    "key_sealed": seal_answer_key(vault, uid, number, question.correct),
                    "scenario_id": scenario_id,
                    "source": question.source,
                    "tags": list(question.tags),
                    "shuffle_options": question.shuffle_options,
                    "multiple": question.multiple,
                    "images": [_store_image(session, image) for image in question.images],
                    "fingerprint": fingerprint,
                    "languages": sorted(question.languages),
                    "author": self.actor,
                    "created_at": self.now,
                    "updated_at": self.now,
                    "approved_at": None,
                    "approved_by": None,
                }
            )
        if not rows:
            return
        session.execute(insert(models.QuestionVersion), rows)
        written = {(row["question_id"], row["version"]) for row in rows}
        version_ids = {
            (question_id, number): version_id
            for version_id, question_id, number in session.execute(
                select(
                    models.QuestionVersion.id,
                    models.QuestionVersion.question_id,
                    models.QuestionVersion.version,
                )
            )
            if (question_id, number) in written
        }
        session.execute(
            insert(models.QuestionEvent),
            [
                {
                    "version_id": version_ids[key],
                    "action": Action.IMPORTED.value,
                    "actor": self.actor,
                    "at": self.now,
                    "comment": self.file_name,
                }
                for key in written
            ],
        )

    def run(self, archive: BankArchive) -> ImportReport:
        section_codes = self._sections(archive.sections)
        section_ids = {
            code: row_id
            for code, row_id in self.session.execute(select(models.Section.code, models.Section.id))
        }
        scenarios = {s.uid: s for s in archive.scenarios}
        scenario_ids: dict[str | None, int | None] = {None: None}
        known = _Fingerprints(self.session)
        # Everything the loop looks up is read once: a 10,000-question file must not cost
        # 10,000 queries.
        questions = {q.uid: q for q in self.session.scalars(select(models.Question))}
        last_numbers: dict[str, int] = dict(
            self.session.execute(
                select(models.Question.uid, func.max(models.QuestionVersion.version))
                .join(models.QuestionVersion)
                .group_by(models.Question.uid)
            ).all()
        )
        next_uid = _UidAllocator(set(questions))
        # Plain files bring drafts with no history: written in a few bulk statements.
        bulk = self.format_name != "package"
        for index, history in enumerate(archive.questions, start=1):
            location = f"question {index}" + (f" ({history.uid})" if history.uid else "")
            existing = questions.get(history.uid) if history.uid else None
            for record in history.versions:
                question = replace(record.question, section=section_codes[record.question.section])
                fingerprint = keyed_fingerprint(
                    vault_of(self.session), content_fingerprint(question)
                )
                twin = known.find(fingerprint)
                if twin is not None:
                    self.duplicates.append(Duplicate(location, *twin))
                    continue
                if question.scenario not in scenario_ids:
                    scenario_ids[question.scenario] = _scenario_id(
                        self.session, question.scenario, scenarios.get(question.scenario)
                    )
                scenario_id = scenario_ids[question.scenario]
                if existing is None:
                    uid = history.uid or next_uid()
                    number = 1
                    self.new_questions.append(uid)
                    if bulk:
                        self._bulk_questions.append(
                            {"uid": uid, "section_id": section_ids[question.section]}
                        )
                    else:
                        existing = models.Question(
                            uid=uid, section_id=section_ids[question.section]
                        )
                        self.session.add(existing)
                        questions[uid] = existing
                else:
                    uid = existing.uid
                    number = 1 + last_numbers[uid]
                    self.new_versions.append(f"{uid} v{number}")
                last_numbers[uid] = number
                known.add(fingerprint, uid, number)
                if bulk:
                    self._bulk_versions.append((uid, number, question, fingerprint, scenario_id))
                    continue
                assert existing is not None
                version = self._write(existing, number, question, scenario_id, record)
                self.approved += version.status == Status.APPROVED
        if bulk:
            self._write_drafts()
        return ImportReport(
            self.file_name,
            self.format_name,
            self.dry_run,
            tuple(self.new_sections),
            tuple(self.new_questions),
            tuple(self.new_versions),
            tuple(self.duplicates),
            self.approved,
        )

    def _write(
        self,
        question_row: models.Question,
        number: int,
        question: Question,
        scenario_id: int | None,
        record: VersionRecord,
    ) -> models.QuestionVersion:
        question = replace(question, uid=question_row.uid)
        carried = self.format_name == "package"
        author = next(
            (e.actor for e in record.events if e.action in lifecycle.AUTHORING_ACTIONS),
            self.actor,
        )
        version = _add_version(
            self.session, question_row, number, question, scenario_id, author, self.now
        )
        if not carried or not record.events:
            # The file says nothing of who wrote the question: the importer answers for it.
            _event(self.session, version, Action.IMPORTED, self.actor, self.now, self.file_name)
        if not carried:
            return version
        if record.status is Status.APPROVED and number > 1:
            # A package may bring a newer approved version of a question the bank holds.
            for older in self.session.scalars(
                select(models.QuestionVersion).where(
                    models.QuestionVersion.question_id == question_row.id,
                    models.QuestionVersion.status == Status.APPROVED,
                    models.QuestionVersion.id != version.id,
                )
            ):
                older.status = Status.RETIRED
                _event(self.session, older, Action.RETIRED, self.actor, self.now, "replaced")
            self.session.flush()
        version.status = record.status
        for event in record.events:
            _event(self.session, version, event.action, event.actor, event.at, event.comment)
            if event.action is Action.APPROVED:
                version.approved_at, version.approved_by = event.at, event.actor
        if record.events:
            version.created_at = record.events[0].at
            version.updated_at = record.events[-1].at
        self.session.flush()
        return version

    def _sections(self, sections: Sequence[Section]) -> dict[str, str]:
        """The file's section codes → the bank's, matching by code, then by any title."""
        rows = list(self.session.scalars(select(models.Section)))
        by_code = {r.code: r for r in rows}
        by_title = {
            title.strip().casefold(): r.code for r in rows for title in r.title.values() if title
        }
        mapping: dict[str, str] = {}
        position = max((r.position for r in rows), default=0)
        for section in sections:
            if section.code in by_code:
                mapping[section.code] = section.code
                continue
            match = next(
                (
                    by_title[t.strip().casefold()]
                    for t in section.title.values()
                    if t.strip().casefold() in by_title
                ),
                None,
            )
            if match is not None:
                mapping[section.code] = match
                continue
            position += 1
            row = models.Section(code=section.code, title=dict(section.title), position=position)
            self.session.add(row)
            by_code[section.code] = row
            mapping[section.code] = section.code
            self.new_sections.append(section.code)
        self.session.flush()
        return mapping


class _Fingerprints:
    """Content fingerprints of every stored version, to recognise a question imported again."""

    def __init__(self, session: Session) -> None:
        self._known: dict[str, tuple[str, int]] = {
            fingerprint: (uid, number)
            for fingerprint, uid, number in session.execute(
                select(
                    models.QuestionVersion.fingerprint,
                    models.Question.uid,
                    models.QuestionVersion.version,
                ).join(models.Question)
            )
        }

    def find(self, fingerprint: str) -> tuple[str, int] | None:
        return self._known.get(fingerprint)

    def add(self, fingerprint: str, uid: str, number: int) -> None:
        self._known[fingerprint] = (uid, number)


def _as_drafts(bank: Bank) -> BankArchive:
    """A plain file's questions as one draft version each, with no history of their own."""
    return BankArchive(
        bank.sections,
        bank.scenarios,
        tuple(
            QuestionHistory(q.uid, (VersionRecord(1, Status.DRAFT, q, ()),)) for q in bank.questions
        ),
    )


def _check_archive_approvals(archive: BankArchive, file_name: str) -> list[Problem]:
    """A package's approvals must obey the two-person rule like approvals made here."""
    problems = []
    for index, history in enumerate(archive.questions, start=1):
        for record in history.versions:
            approvals = [e for e in record.events if e.action is Action.APPROVED]
            location = f"question {index} ({history.uid}) version {record.number}"
            if record.status is Status.APPROVED and not approvals:
                problems.append(
                    Problem(file_name, location, "status", "approved, but no approval recorded")
                )
            for approval in approvals:
                if approval.actor in record.contributors:
                    problems.append(
                        Problem(
                            file_name,
                            location,
                            "approved by",
                            f"{approval.actor} approved a version they wrote or edited",
                        )
                    )
    return problems


# -- rows and views ----------------------------------------------------------------------------


class _Context:
    """Caches scenarios, sections and images while many versions are turned into views."""

    def __init__(self, session: Session, *, whole_bank: bool = False) -> None:
        self.session = session
        # One version needs three rows; a whole-bank export reads each table once instead.
        self.scenarios: dict[int, models.Scenario] = {}
        self.sections: dict[int, str] = {}
        self.uids: dict[int, tuple[str, int]] = {}
        if whole_bank:
            self.scenarios = {s.id: s for s in session.scalars(select(models.Scenario))}
            self.sections = {s.id: s.code for s in session.scalars(select(models.Section))}
            self.uids = {
                q.id: (q.uid, q.section_id) for q in session.scalars(select(models.Question))
            }

    def view(self, row: models.QuestionVersion) -> VersionView:
        if row.question_id not in self.uids:
            question_row = self.session.get_one(models.Question, row.question_id)
            self.uids[row.question_id] = (question_row.uid, question_row.section_id)
        uid, section_id = self.uids[row.question_id]
        if section_id not in self.sections:
            self.sections[section_id] = self.session.get_one(models.Section, section_id).code
        scenario = None
        if row.scenario_id:
            if row.scenario_id not in self.scenarios:
                self.scenarios[row.scenario_id] = self.session.get_one(
                    models.Scenario, row.scenario_id
                )
            scenario = self.scenarios[row.scenario_id]
        question = Question(
            uid=uid,
            section=self.sections[section_id],
            stem=dict(row.stem),
            options=tuple(Option(o["key"], dict(o["text"])) for o in row.options),
            correct=open_answer_key(vault_of(self.session), uid, row.version, row.key_sealed),
            scenario=scenario.uid if scenario else None,
            source=row.source,
            tags=tuple(row.tags),
            shuffle_options=row.shuffle_options,
            multiple=row.multiple,
            images=tuple(
                Image(
                    i["name"],
                    i["media_type"],
                    self.session.get_one(models.StoredImage, i["sha256"]).data,
                )
                for i in row.images
            ),
        )
        return VersionView(
            version_id=row.id,
            uid=uid,
            number=row.version,
            status=Status(row.status),
            question=question,
            scenario=Scenario(scenario.uid, dict(scenario.text)) if scenario else None,
            events=tuple(
                LifecycleEvent(Action(e.action), e.actor, e.at, e.comment) for e in row.events
            ),
        )


def _version_view(session: Session, row: models.QuestionVersion) -> VersionView:
    return _Context(session).view(row)


def _latest_version_ids():
    latest = (
        select(
            models.QuestionVersion.question_id,
            func.max(models.QuestionVersion.version).label("number"),
        )
        .group_by(models.QuestionVersion.question_id)
        .subquery()
    )
    return select(models.QuestionVersion.id).join(
        latest,
        (latest.c.question_id == models.QuestionVersion.question_id)
        & (latest.c.number == models.QuestionVersion.version),
    )


def _search_text(uid: str, version: models.QuestionVersion, scenario: dict[str, str]) -> str:
    parts = [uid, version.source, *version.tags, *version.stem.values(), *scenario.values()]
    for option in version.options:
        parts.extend(option["text"].values())
    return "\n".join(parts).casefold()


# -- writing -----------------------------------------------------------------------------------


def _add_version(
    session: Session,
    question_row: models.Question,
    number: int,
    question: Question,
    scenario_id: int | None,
    author: str,
    now: datetime,
) -> models.QuestionVersion:
    # Linked by relationship, not id: a bulk import flushes thousands of these at once.
    version = models.QuestionVersion(
        question=question_row,
        version=number,
        status=Status.DRAFT,
        author=author,
        created_at=now,
        updated_at=now,
    )
    session.add(version)
    _fill_version(session, version, question, scenario_id)
    return version


def _fill_version(
    session: Session,
    version: models.QuestionVersion,
    question: Question,
    scenario_id: int | None,
) -> None:
    """Write a question's content into a version row (only ever a draft)."""
    version.stem = dict(question.stem)
    version.options = [{"key": o.key, "text": dict(o.text)} for o in question.options]
    vault = vault_of(session)
    version.correct = []
    version.key_sealed = seal_answer_key(
        vault, version.question.uid, version.version, question.correct
    )
    version.scenario_id = scenario_id
    version.source = question.source
    version.tags = list(question.tags)
    version.shuffle_options = question.shuffle_options
    version.multiple = question.multiple
    version.images = [_store_image(session, image) for image in question.images]
    version.fingerprint = keyed_fingerprint(vault, content_fingerprint(question))
    version.languages = sorted(question.languages)


def _store_image(session: Session, image: Image) -> dict[str, str]:
    digest = hashlib.sha256(image.data).hexdigest()
    if session.get(models.StoredImage, digest) is None:
        session.add(models.StoredImage(sha256=digest, media_type=image.media_type, data=image.data))
    return {"name": image.name, "media_type": image.media_type, "sha256": digest}


def _event(
    session: Session,
    version: models.QuestionVersion,
    action: Action,
    actor: str,
    at: datetime,
    comment: str = "",
) -> None:
    version.events.append(models.QuestionEvent(action=action, actor=actor, at=at, comment=comment))


def _scenario_id(session: Session, uid: str | None, scenario: Scenario | None) -> int | None:
    """The row of a scenario; a changed text becomes a new row so old versions keep theirs."""
    if uid is None:
        return None
    # Earlier edits of a scenario are stored as "SC-01/2", "SC-01/3" …: all one scenario.
    uid = uid.split("/")[0]
    rows = list(
        session.scalars(
            select(models.Scenario)
            .where((models.Scenario.uid == uid) | models.Scenario.uid.startswith(f"{uid}/"))
            .order_by(models.Scenario.id)
        )
    )
    if scenario is None:
        if not rows:
            raise ImportFailed([Problem("", "question", "scenario", f"no scenario {uid!r}")])
        return rows[-1].id
    for row in rows:
        if row.text == dict(scenario.text):
            return row.id
    new_uid = uid if not rows else f"{uid}/{len(rows) + 1}"
    row = models.Scenario(uid=new_uid, text=dict(scenario.text))
    session.add(row)
    session.flush()
    return row.id


class _UidAllocator:
    """Fresh question uids like ``Q-00042`` that no question has yet."""

    def __init__(self, taken: set[str]) -> None:
        self._taken = taken
        self._count = len(taken)

    def __call__(self) -> str:
        while True:
            self._count += 1
            uid = f"Q-{self._count:05d}"
            if uid not in self._taken:
                self._taken.add(uid)
                return uid


def _section(session: Session, code: str) -> models.Section:
    row = session.scalar(select(models.Section).where(models.Section.code == code))
    if row is None:
        raise LookupError(f"no section {code!r}")
    return row


def _check_section(code: str, title: dict[str, str]) -> None:
    if not code or len(code) > 40:
        raise LifecycleRefused("a section code has 1 to 40 characters")
    if not any(text.strip() for text in title.values()):
        raise LifecycleRefused("a section needs a title")


def _version_row(session: Session, version_id: int) -> models.QuestionVersion:
    row = session.get(models.QuestionVersion, version_id)
    if row is None:
        raise LookupError(f"no question version {version_id}")
    return row


def _versions(session: Session, uid: str) -> list[models.QuestionVersion]:
    rows = list(
        session.scalars(
            select(models.QuestionVersion)
            .join(models.Question)
            .where(models.Question.uid == uid)
            .order_by(models.QuestionVersion.version)
        )
    )
    if not rows:
        raise LookupError(f"no question {uid!r}")
    return rows


def _subject(version: models.QuestionVersion) -> str:
    return f"question_version:{version.id}"
