"""Audit records, written by each use case inside its own transaction, chained as it commits.

:func:`record` collects a record on the ORM session; just before that session commits, the
records are appended to the chain (:mod:`kiosk.security.audit_chain`) under a lock on the
chain's head, so that records from several stations on one PostgreSQL server form one chain in
commit order.  The head is the last lock a transaction takes, so it cannot close a cycle of
waits.  The click path, which writes through Core, calls :func:`append` on its connection.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, event, insert, select, update
from sqlalchemy.orm import Session

from kiosk.security.audit_chain import (
    StoredHead,
    StoredRecord,
    canonical_details,
    head_message,
    record_hash,
)
from kiosk.security.vault import VAULT, Vault
from kiosk.storage.models import AuditHead, AuditRecord

_PENDING = "audit_pending"
_TAKE_HEAD = (
    update(AuditHead)
    .where(AuditHead.id == 1)
    .values(seq=AuditHead.seq)
    .returning(AuditHead.seq, AuditHead.hash)
)
_INSERT_RECORD = insert(AuditRecord)
_MOVE_HEAD = (
    update(AuditHead)
    .where(AuditHead.id == 1)
    .values(seq=bindparam("new_seq"), hash=bindparam("new_hash"), mac=bindparam("new_mac"))
)
_MAC_PURPOSE = "audit"


@dataclass(frozen=True)
class Entry:
    """One audit record before it is chained."""

    at: datetime
    actor: str
    action: str
    subject: str
    details: dict[str, Any]


def record(
    session: Session,
    at: datetime,
    actor: str,
    action: str,
    subject: str = "",
    **details: Any,
) -> None:
    """Add an audit record to the transaction of the change it describes."""
    session.info.setdefault(_PENDING, []).append(
        Entry(at, actor, action, subject, canonical_details(details))
    )


@event.listens_for(Session, "before_commit")
def _chain_pending(session: Session) -> None:
    pending: list[Entry] = session.info.pop(_PENDING, [])
    if pending:
        append(session.connection(), session.info.get(VAULT), pending)


@event.listens_for(Session, "after_rollback")
def _forget_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


def append(connection: Connection, vault: Vault | None, entries: Sequence[Entry]) -> None:
    """Chain ``entries`` after the head, in the transaction of ``connection``.

    The first statement writes the head row and reads it back in one, which takes its lock on
    either backend before the head is read: two stations can never chain onto the same record.
    The statements are built once, because every answer a candidate gives passes here.
    """
    seq, previous = connection.execute(_TAKE_HEAD).one()
    sealing = vault is not None and vault.unlocked
    rows = []
    for entry in entries:
        seq += 1
        digest = record_hash(
            previous, seq, entry.at, entry.actor, entry.action, entry.subject, entry.details
        )
        rows.append(
            {
                "seq": seq,
                "at": entry.at,
                "actor": entry.actor,
                "action": entry.action,
                "subject": entry.subject,
                "details": entry.details,
                "prev_hash": previous,
                "hash": digest,
                "mac": vault.mac(_MAC_PURPOSE, digest.encode("ascii")) if sealing else None,
            }
        )
        previous = digest
    connection.execute(_INSERT_RECORD, rows)
    connection.execute(
        _MOVE_HEAD,
        {
            "new_seq": seq,
            "new_hash": previous,
            "new_mac": vault.mac(_MAC_PURPOSE, head_message(seq, previous)) if sealing else None,
        },
    )


def entry(at: datetime, actor: str, action: str, subject: str = "", **details: Any) -> Entry:
    """An :class:`Entry` for :func:`append`."""
    return Entry(at, actor, action, subject, canonical_details(details))


def stored_chain(session: Session) -> tuple[list[StoredRecord], StoredHead | None]:
    """The audit rows in chain order, and the head, for :func:`verify`."""
    rows = [
        StoredRecord(
            row.seq,
            row.at,
            row.actor,
            row.action,
            row.subject,
            row.details or {},
            row.prev_hash,
            row.hash,
            row.mac,
        )
        for row in session.scalars(
            select(AuditRecord).order_by(AuditRecord.seq.is_(None), AuditRecord.seq, AuditRecord.id)
        )
    ]
    head = session.get(AuditHead, 1)
    stored_head = (
        StoredHead(head.seq, head.hash, head.mac, head.legacy_seq) if head is not None else None
    )
    return rows, stored_head


def mac_of(vault: Vault) -> Any:
    """The keyed MAC the chain is sealed with (for ``verify_chain``)."""
    return lambda data: vault.mac(_MAC_PURPOSE, data)
