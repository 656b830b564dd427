"""Audit records, written by each use case inside its own transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from kiosk.storage.models import AuditRecord


def record(
    session: Session,
    at: datetime,
    actor: str,
    action: str,
    subject: str = "",
    **details: Any,
) -> None:
    """Add an audit record to the transaction of the change it describes."""
    session.add(AuditRecord(at=at, actor=actor, action=action, subject=subject, details=details))
