"""technical appeals: result versions, problems reported during the test, commissions, hearings,
findings, and the register of archived documents that retention works from

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def _id() -> sa.Column:
    return sa.Column("id", sa.Integer(), primary_key=True)


def _ref(name: str, table: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), sa.ForeignKey(f"{table}.id"), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "result_versions",
        _id(),
        _ref("attempt_id", "attempts"),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("max_score", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(20), nullable=False),
        sa.Column("appeal_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(120), nullable=False),
        sa.Column("recorded_at", TIME, nullable=False),
        sa.UniqueConstraint("attempt_id", "version"),
    )
    # Every attempt scored before this revision has its first version, as submitted.
    op.execute(
        "INSERT INTO result_versions (attempt_id, version, score, max_score, basis,"
        " recorded_by, recorded_at)"
        " SELECT id, 1, score, max_score, 'submitted', station_id, ended_at FROM attempts"
        " WHERE score IS NOT NULL AND max_score IS NOT NULL AND ended_at IS NOT NULL"
    )
    with op.batch_alter_table("protocols") as batch:
        batch.add_column(sa.Column("supersedes", sa.String(40), nullable=True))
    op.create_table(
        "problem_reports",
        _id(),
        _ref("attempt_id", "attempts"),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("consumed_s", sa.Float(), nullable=False),
        sa.Column("at", TIME, nullable=False),
        sa.Column("acknowledged_by", sa.String(120), nullable=True),
        sa.Column("acknowledged_at", TIME, nullable=True),
    )
    op.create_index("ix_problem_reports_attempt_id", "problem_reports", ["attempt_id"])
    op.create_table(
        "commissions",
        _id(),
        _ref("session_id", "exam_sessions", nullable=True),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_table(
        "commission_members",
        _ref("commission_id", "commissions"),
        _ref("account_id", "accounts"),
        sa.Column("role", sa.String(10), nullable=False),
        sa.PrimaryKeyConstraint("commission_id", "account_id"),
    )
    op.create_table(
        "appeals",
        _id(),
        sa.Column("number", sa.String(40), nullable=False, unique=True),
        _ref("attempt_id", "attempts"),
        _ref("commission_id", "commissions", nullable=True),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("filed_by", sa.String(120), nullable=False),
        sa.Column("filed_at", TIME, nullable=False),
        sa.Column("heard_at", TIME, nullable=True),
        sa.Column("decided_by", sa.String(120), nullable=True),
        sa.Column("decided_at", TIME, nullable=True),
        sa.Column("old_score", sa.Integer(), nullable=False),
        sa.Column("new_score", sa.Integer(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=False, server_default=""),
        sa.Column("new_protocol", sa.String(40), nullable=True),
        sa.Column("protocol_file", sa.String(300), nullable=True),
    )
    op.create_index("ix_appeals_attempt_id", "appeals", ["attempt_id"])
    op.create_index(
        "one_open_appeal",
        "appeals",
        ["attempt_id"],
        unique=True,
        sqlite_where=sa.text("status = 'filed'"),
        postgresql_where=sa.text("status = 'filed'"),
    )
    op.create_table(
        "hearing_members",
        _ref("appeal_id", "appeals"),
        _ref("account_id", "accounts"),
        sa.Column("role", sa.String(10), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("conflict", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("appeal_id", "account_id"),
    )
    op.create_table(
        "appeal_findings",
        _ref("appeal_id", "appeals"),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("fault", sa.Boolean(), nullable=False),
        sa.Column("established", sa.JSON(), nullable=True),
        sa.Column("finding", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("appeal_id", "position"),
    )
    op.create_table(
        "archived_documents",
        _id(),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("retention", sa.String(20), nullable=False),
        _ref("competition_id", "competitions"),
        _ref("session_id", "exam_sessions", nullable=True),
        sa.Column("reference", sa.String(60), nullable=False),
        sa.Column("file_name", sa.String(300), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("removed_at", TIME, nullable=True),
    )
    op.create_index(
        "ix_archived_documents_competition_id", "archived_documents", ["competition_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_archived_documents_competition_id", "archived_documents")
    op.drop_table("archived_documents")
    op.drop_table("appeal_findings")
    op.drop_table("hearing_members")
    op.drop_index("one_open_appeal", "appeals")
    op.drop_index("ix_appeals_attempt_id", "appeals")
    op.drop_table("appeals")
    op.drop_table("commission_members")
    op.drop_table("commissions")
    op.drop_index("ix_problem_reports_attempt_id", "problem_reports")
    op.drop_table("problem_reports")
    with op.batch_alter_table("protocols") as batch:
        batch.drop_column("supersedes")
    op.drop_table("result_versions")
