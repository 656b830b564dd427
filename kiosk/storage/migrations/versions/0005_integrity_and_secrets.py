"""integrity and secrets: the audit chain, the installation's keys and key slots, sealed answer
keys and protocol codes, signed documents, and the per-session limit on wrong codes

Records written before this revision are chained here, by hash only: no key existed to MAC
them, so the chain's head remembers up to where records are legitimately without a MAC.

Answer keys written before this revision stay in clear in ``question_versions.correct`` until
the first administrator signs in on the new version: that sign-in creates the installation key
and seals them (:meth:`kiosk.services.keys.KeyService.install`), because a migration holds no
password to seal with.

Revision ID: 0005
Revises: 0004
"""

import json

import sqlalchemy as sa
from alembic import op

from kiosk.security.audit_chain import GENESIS, record_hash

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "installation",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("key_check", sa.String(64), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("signing_key", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_table(
        "key_slots",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "account_id", sa.Integer(), sa.ForeignKey("accounts.id"), nullable=True, unique=True
        ),
        sa.Column("wrapped", sa.JSON(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("mac", sa.String(64), nullable=True),
        sa.Column("legacy_seq", sa.Integer(), nullable=False),
    )
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("mac", sa.String(64), nullable=True))
        batch.create_index("ix_audit_log_seq", ["seq"])
    with op.batch_alter_table("question_versions") as batch:
        batch.add_column(sa.Column("key_sealed", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("code_sealed", sa.LargeBinary(), nullable=True))
    with op.batch_alter_table("archived_documents") as batch:
        batch.add_column(sa.Column("content_hash", sa.String(64), nullable=True))
        batch.add_column(sa.Column("signature", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("verification_code", sa.String(40), nullable=True))
        batch.create_index(
            "ix_archived_documents_verification_code", ["verification_code"], unique=True
        )
    with op.batch_alter_table("exam_sessions") as batch:
        batch.add_column(
            sa.Column("failed_codes", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("codes_suspended_at", TIME, nullable=True))
    _chain_existing_records()


def _chain_existing_records() -> None:
    connection = op.get_bind()
    audit = sa.table(
        "audit_log",
        sa.column("id", sa.Integer()),
        sa.column("at", sa.DateTime(timezone=True)),
        sa.column("actor", sa.String()),
        sa.column("action", sa.String()),
        sa.column("subject", sa.String()),
        sa.column("details", sa.JSON()),
        sa.column("seq", sa.Integer()),
        sa.column("prev_hash", sa.String()),
        sa.column("hash", sa.String()),
    )
    previous = GENESIS
    seq = 0
    rows = connection.execute(
        sa.select(
            audit.c.id, audit.c.at, audit.c.actor, audit.c.action, audit.c.subject, audit.c.details
        ).order_by(audit.c.id)
    ).all()
    for row in rows:
        seq += 1
        details = row.details if not isinstance(row.details, str) else json.loads(row.details)
        digest = record_hash(
            previous, seq, row.at, row.actor, row.action, row.subject, details or {}
        )
        connection.execute(
            sa.update(audit)
            .where(audit.c.id == row.id)
            .values(seq=seq, prev_hash=previous, hash=digest)
        )
        previous = digest
    connection.execute(
        sa.text(
            "INSERT INTO audit_head (id, seq, hash, mac, legacy_seq) "
            "VALUES (1, :seq, :hash, NULL, :seq)"
        ),
        {"seq": seq, "hash": previous},
    )


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite 3.35+), not a batch copy: copying a table that others refer to
    # would have to drop it, which the enforced foreign keys refuse.
    for table, column in (
        ("exam_sessions", "codes_suspended_at"),
        ("exam_sessions", "failed_codes"),
        ("attempts", "code_sealed"),
        ("question_versions", "key_sealed"),
    ):
        op.drop_column(table, column)
    op.drop_index("ix_archived_documents_verification_code", "archived_documents")
    for column in ("verification_code", "signature", "content_hash"):
        op.drop_column("archived_documents", column)
    op.drop_index("ix_audit_log_seq", "audit_log")
    for column in ("mac", "hash", "prev_hash", "seq"):
        op.drop_column("audit_log", column)
    op.drop_table("audit_head")
    op.drop_table("key_slots")
    op.drop_table("installation")
