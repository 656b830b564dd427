"""question bank lifecycle: version history, images, multiple response, language policy

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sections") as batch:
        batch.add_column(sa.Column("position", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("question_versions") as batch:
        batch.add_column(
            sa.Column("multiple", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("images", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(
            sa.Column("fingerprint", sa.String(64), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("author", sa.String(120), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("languages", sa.JSON(), nullable=False, server_default='["ky", "ru"]')
        )
        batch.add_column(sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_question_versions_fingerprint", ["fingerprint"])
    op.create_index(
        "one_approved_version",
        "question_versions",
        ["question_id"],
        unique=True,
        sqlite_where=sa.text("status = 'approved'"),
        postgresql_where=sa.text("status = 'approved'"),
    )
    with op.batch_alter_table("competitions") as batch:
        batch.add_column(
            sa.Column("scoring", sa.String(30), nullable=False, server_default="all_or_nothing")
        )
        batch.add_column(
            sa.Column("languages", sa.JSON(), nullable=False, server_default='["ky", "ru"]')
        )
    op.create_table(
        "question_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "version_id", sa.Integer(), sa.ForeignKey("question_versions.id"), nullable=False
        ),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
    )
    op.create_index("ix_question_events_version_id", "question_events", ["version_id"])
    op.create_table(
        "images",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("media_type", sa.String(60), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("images")
    op.drop_index("ix_question_events_version_id", "question_events")
    op.drop_table("question_events")
    with op.batch_alter_table("competitions") as batch:
        batch.drop_column("languages")
        batch.drop_column("scoring")
    op.drop_index("one_approved_version", "question_versions")
    with op.batch_alter_table("question_versions") as batch:
        batch.drop_index("ix_question_versions_fingerprint")
        for column in ("updated_at", "languages", "author", "fingerprint", "images", "multiple"):
            batch.drop_column(column)
    with op.batch_alter_table("sections") as batch:
        batch.drop_column("position")
