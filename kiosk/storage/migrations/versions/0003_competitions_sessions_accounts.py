"""competitions, candidates, sessions and accounts: rule settings, stage-1 decisions, code windows,
proctor decisions and incidents

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("login", sa.String(60), nullable=False, unique=True),
        sa.Column("full_name", sa.String(200), nullable=False),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", TIME, nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
    )
    with op.batch_alter_table("competitions") as batch:
        batch.add_column(sa.Column("location", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(
            sa.Column("funding", sa.String(20), nullable=False, server_default="republican")
        )
        batch.add_column(
            sa.Column("status", sa.String(20), nullable=False, server_default="approved")
        )
        batch.add_column(sa.Column("rules", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("terms_approved_by", sa.String(120), nullable=True))
        batch.add_column(sa.Column("terms_approved_at", TIME, nullable=True))
        batch.add_column(sa.Column("terms_basis", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("exam_sessions") as batch:
        batch.add_column(sa.Column("kind", sa.String(20), nullable=False, server_default="main"))
        batch.add_column(sa.Column("blueprint", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("time_limit_s", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("opens_at", TIME, nullable=True))
        batch.add_column(sa.Column("closes_at", TIME, nullable=True))
        batch.add_column(sa.Column("stations", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("observers", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("ended_at", TIME, nullable=True))
    with op.batch_alter_table("candidates") as batch:
        batch.add_column(sa.Column("competition_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("pin", sa.String(14), nullable=True))
        batch.add_column(sa.Column("phone", sa.String(40), nullable=False, server_default=""))
        batch.add_column(sa.Column("email", sa.String(120), nullable=False, server_default=""))
        batch.add_column(sa.Column("consent_at", TIME, nullable=True))
        batch.add_column(sa.Column("consent_by", sa.String(120), nullable=True))
        batch.add_column(
            sa.Column("status", sa.String(20), nullable=False, server_default="admitted")
        )
        batch.add_column(
            sa.Column("admission_reason", sa.Text(), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("refused_at", TIME, nullable=True))
        batch.create_foreign_key(
            "fk_candidates_competition_id", "competitions", ["competition_id"], ["id"]
        )
        batch.create_index("ix_candidates_competition_id", ["competition_id"])
        batch.create_index("ix_candidates_pin", ["pin"])
        batch.create_unique_constraint("one_application_per_person", ["competition_id", "pin"])
    with op.batch_alter_table("registrations") as batch:
        batch.add_column(
            sa.Column("status", sa.String(20), nullable=False, server_default="registered")
        )
    with op.batch_alter_table("attempts") as batch:
        batch.add_column(sa.Column("last_seen_at", TIME, nullable=True))
    op.create_table(
        "time_decisions",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("attempt_id", sa.Integer(), sa.ForeignKey("attempts.id"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("lost_s", sa.Float(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("at", TIME, nullable=False),
    )
    op.create_index("ix_time_decisions_attempt_id", "time_decisions", ["attempt_id"])
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "session_id", sa.Integer(), sa.ForeignKey("exam_sessions.id"), nullable=False
        ),
        sa.Column(
            "registration_id", sa.Integer(), sa.ForeignKey("registrations.id"), nullable=True
        ),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(120), nullable=False),
        sa.Column("at", TIME, nullable=False),
    )
    op.create_index("ix_incidents_session_id", "incidents", ["session_id"])


def downgrade() -> None:
    op.drop_index("ix_incidents_session_id", "incidents")
    op.drop_table("incidents")
    op.drop_index("ix_time_decisions_attempt_id", "time_decisions")
    op.drop_table("time_decisions")
    with op.batch_alter_table("attempts") as batch:
        batch.drop_column("last_seen_at")
    with op.batch_alter_table("registrations") as batch:
        batch.drop_column("status")
    with op.batch_alter_table("candidates") as batch:
        batch.drop_constraint("one_application_per_person", type_="unique")
        batch.drop_index("ix_candidates_pin")
        batch.drop_index("ix_candidates_competition_id")
        batch.drop_constraint("fk_candidates_competition_id", type_="foreignkey")
        for column in ("refused_at", "admission_reason", "status", "consent_by", "consent_at",
                       "email", "phone", "pin", "competition_id"):
            batch.drop_column(column)
    with op.batch_alter_table("exam_sessions") as batch:
        for column in ("ended_at", "observers", "stations", "closes_at", "opens_at",
                       "time_limit_s", "blueprint", "kind"):
            batch.drop_column(column)
    with op.batch_alter_table("competitions") as batch:
        for column in ("terms_basis", "terms_approved_at", "terms_approved_by", "rules",
                       "status", "funding", "location"):
            batch.drop_column(column)
    op.drop_table("accounts")
