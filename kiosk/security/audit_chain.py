"""The audit log as a hash chain with a keyed MAC, and its verification.

Each record holds the hash of the one before it, and its own hash covers its sequence number,
time, actor, action, subject and details plus that previous hash; so editing, deleting,
inserting or reordering any record breaks the chain at that point.  A hash alone can be
recomputed by anyone who edits the database, so each record also carries an HMAC of its hash
under the installation key (:mod:`kiosk.security.vault`), which a copied database does not hold.
Because every hash covers all the records before it, one good MAC vouches for the whole chain
up to it.

The chain's head (the last sequence number and hash, with their MAC) is kept in a row of its own,
so that removing records from the end is caught too.

A few records are written by a process no one has unlocked yet (a refused sign-in at the admin
window): they are chained but carry no MAC; :data:`WRITTEN_LOCKED` names them, and only those may
lack one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
#: The actions a process may write before anyone opened the installation key in it.
WRITTEN_LOCKED = frozenset({"sign_in.refused", "account.locked", "permission.refused"})


def canonical_details(details: dict[str, Any]) -> dict[str, Any]:
    """``details`` as the database gives them back (tuples become lists, keys strings)."""
    return json.loads(json.dumps(details, ensure_ascii=False, default=str))


def _utc_text(at: datetime) -> str:
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def record_hash(
    previous: str,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    subject: str,
    details: dict[str, Any],
) -> str:
    """The SHA-256 (hex) of one record chained to ``previous``."""
    body = json.dumps(
        [previous, seq, _utc_text(at), actor, action, subject or "", details],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def head_message(seq: int, digest: str) -> bytes:
    """What the head's MAC covers."""
    return f"head|{seq}|{digest}".encode("ascii")


@dataclass(frozen=True)
class StoredRecord:
    """One audit row as read back for verification."""

    seq: int | None
    at: datetime
    actor: str
    action: str
    subject: str
    details: dict[str, Any]
    prev_hash: str | None
    hash: str | None
    mac: str | None


@dataclass(frozen=True)
class StoredHead:
    """The chain's head row."""

    seq: int
    hash: str
    mac: str | None
    legacy_seq: int


@dataclass(frozen=True)
class ChainReport:
    """The outcome of a verification: ``broken_at`` is the first bad position, or None."""

    records: int
    broken_at: int | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        """True when every link, MAC and the head check out."""
        return self.broken_at is None


def verify_chain(
    records: Iterable[StoredRecord],
    head: StoredHead | None,
    mac: Callable[[bytes], str],
) -> ChainReport:
    """Check ``records`` (in stored ``seq`` order) and ``head``; ``mac`` is the keyed MAC.

    The report names the first position where the chain breaks and why, in words an
    administrator can act on.
    """
    previous = GENESIS
    expected_seq = 0
    legacy = head.legacy_seq if head is not None else 0
    last_mac: str | None = None
    for expected_seq, record in enumerate(records, start=1):
        if record.seq != expected_seq:
            return ChainReport(
                expected_seq - 1,
                expected_seq,
                f"record {expected_seq} is missing or out of place "
                f"(found sequence number {record.seq})",
            )
        if record.prev_hash != previous:
            return ChainReport(
                expected_seq - 1,
                expected_seq,
                f"record {expected_seq} does not follow record {expected_seq - 1} "
                "(a record was removed, inserted or moved)",
            )
        digest = record_hash(
            previous,
            expected_seq,
            record.at,
            record.actor,
            record.action,
            record.subject,
            record.details,
        )
        if digest != record.hash:
            return ChainReport(
                expected_seq - 1,
                expected_seq,
                f"record {expected_seq} ({record.action}) was changed after it was written",
            )
        if record.mac is None:
            if expected_seq > legacy and record.action not in WRITTEN_LOCKED:
                return ChainReport(
                    expected_seq - 1,
                    expected_seq,
                    f"record {expected_seq} ({record.action}) lacks its seal",
                )
        elif record.mac != mac(digest.encode("ascii")):
            return ChainReport(
                expected_seq - 1,
                expected_seq,
                f"record {expected_seq} ({record.action}) carries a seal that is not this "
                "installation's (it was rewritten)",
            )
        last_mac = record.mac
        previous = digest
    count = expected_seq
    if head is None:
        if count:
            return ChainReport(count, count, "the chain's head is missing")
        return ChainReport(0)
    if head.seq != count or head.hash != previous:
        return ChainReport(
            count,
            min(head.seq, count) + 1,
            f"the chain ends at record {count}, but its head says {head.seq}: "
            "records were removed from the end or added after it",
        )
    if head.mac is None:
        if last_mac is not None:
            return ChainReport(count, count, "the chain's head lacks its seal")
    elif head.mac != mac(head_message(head.seq, head.hash)):
        return ChainReport(
            count, count, "the chain's head carries a seal that is not this installation's"
        )
    return ChainReport(count)
