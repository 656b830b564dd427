"""The archive folder: every document the program issues is written there durably, its SHA-256
recorded in the audit log, and registered with its retention class so that
``kiosk retention`` knows when it may go (cl. 36: commission materials 1 year; cl. 39: protocols
and documents 5 years).
"""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from sqlalchemy.orm import Session

from kiosk.services import audit
from kiosk.storage.models import ArchivedDocument

#: Retention classes, as stored in ``archived_documents.retention``.
DOCUMENTS = "documents"
COMMISSION = "commission"


def write_durably(path: Path, data: bytes) -> None:
    """Write a file so that a power cut leaves either the old file or the whole new one."""
    temporary = path.with_suffix(path.suffix + ".tmp")
    with open(temporary, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    os.replace(temporary, path)


def file_document(
    session: Session,
    archive_dir: Path,
    relative_name: str,
    data: bytes,
    *,
    kind: str,
    retention: str,
    competition_id: int,
    session_id: int | None,
    reference: str,
    actor: str,
    at: datetime,
    action: str = "document.issued",
    content_hash: str | None = None,
    signature: bytes | None = None,
    verification_code: str | None = None,
) -> ArchivedDocument:
    """Write ``data`` under the archive folder, register it and audit its hash, in ``session``.

    A sealed document (:func:`kiosk.services.verification.seal_and_render`) also registers its
    content hash, record signature and verification code, by which it is verified later.
    """
    path = archive_dir / relative_name
    path.parent.mkdir(parents=True, exist_ok=True)
    write_durably(path, data)
    digest = hashlib.sha256(data).hexdigest()
    row = ArchivedDocument(
        kind=kind,
        retention=retention,
        competition_id=competition_id,
        session_id=session_id,
        reference=reference,
        file_name=relative_name,
        sha256=digest,
        created_at=at,
        content_hash=content_hash,
        signature=signature,
        verification_code=verification_code,
    )
    session.add(row)
    audit.record(session, at, actor, action, subject=reference, file=relative_name, sha256=digest)
    return row
