"""Initial schema: every domain entity, link and child tables, history, users, API tokens.

Revision ID: ce4d1f3eee58
Revises: (none)
Create Date: 2026-11-26 09:42:46.342531
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "ce4d1f3eee58"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("gender", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_actors")),
    )
    op.create_table(
        "capabilities",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("domain", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_capabilities")),
    )
    op.create_table(
        "history",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("entity", sa.Text(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("op", sa.Text(), nullable=False),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.CheckConstraint("op IN ('create', 'update', 'delete')", name=op.f("ck_history_op")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_history")),
        sa.UniqueConstraint("entity", "key", "version", name=op.f("uq_history_entity_key_version")),
    )
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_history_recorded_at"), ["recorded_at"], unique=False)

    op.create_table(
        "scenarios",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("statuses", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scenarios")),
    )
    op.create_table(
        "sources",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("outlet", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
    )
    op.create_table(
        "capability_substitutes",
        sa.Column("capability_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("capability", sa.Text(), nullable=False),
        sa.Column("efficiency", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["capability"],
            ["capabilities.id"],
            name=op.f("fk_capability_substitutes_capability_capabilities"),
        ),
        sa.ForeignKeyConstraint(
            ["capability_id"],
            ["capabilities.id"],
            name=op.f("fk_capability_substitutes_capability_id_capabilities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "capability_id", "position", name=op.f("pk_capability_substitutes")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "conditions",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("group", sa.Text(), nullable=True),
        sa.Column("loading", sa.Float(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source"], ["sources.id"], name=op.f("fk_conditions_source_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conditions")),
    )
    with op.batch_alter_table("conditions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_conditions_source"), ["source"], unique=False)

    op.create_table(
        "missions",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["source"], ["sources.id"], name=op.f("fk_missions_source_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_missions")),
    )
    with op.batch_alter_table("missions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_missions_source"), ["source"], unique=False)

    op.create_table(
        "nations",
        sa.Column("iso3", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("eu", sa.Boolean(), nullable=False),
        sa.Column("nato", sa.Boolean(), nullable=False),
        sa.Column("gdp_eur_bn", sa.Float(), nullable=True),
        sa.Column("gdp_year", sa.Integer(), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("demonyms", sa.JSON(), nullable=False),
        sa.Column("metonyms", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["source"], ["sources.id"], name=op.f("fk_nations_source_sources")),
        sa.PrimaryKeyConstraint("iso3", name=op.f("pk_nations")),
    )
    with op.batch_alter_table("nations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nations_source"), ["source"], unique=False)

    op.create_table(
        "actor_offices",
        sa.Column("actor_name", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("nation", sa.Text(), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_name"],
            ["actors.name"],
            name=op.f("fk_actor_offices_actor_name_actors"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["nation"], ["nations.iso3"], name=op.f("fk_actor_offices_nation_nations")
        ),
        sa.ForeignKeyConstraint(
            ["source"], ["sources.id"], name=op.f("fk_actor_offices_source_sources")
        ),
        sa.PrimaryKeyConstraint("actor_name", "position", name=op.f("pk_actor_offices")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "aid_records",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("donor", sa.Text(), nullable=False),
        sa.Column("type", sa.Text(), nullable=False),
        sa.Column("item", sa.Text(), nullable=False),
        sa.Column("recipient", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=True),
        sa.Column("value_eur", sa.Float(), nullable=True),
        sa.Column("committed", sa.Date(), nullable=True),
        sa.Column("allocated", sa.Date(), nullable=True),
        sa.Column("delivered", sa.Date(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["donor"], ["nations.iso3"], name=op.f("fk_aid_records_donor_nations")
        ),
        sa.ForeignKeyConstraint(
            ["recipient"], ["nations.iso3"], name=op.f("fk_aid_records_recipient_nations")
        ),
        sa.ForeignKeyConstraint(
            ["source"], ["sources.id"], name=op.f("fk_aid_records_source_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_aid_records")),
    )
    with op.batch_alter_table("aid_records", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_aid_records_donor"), ["donor"], unique=False)
        batch_op.create_index(batch_op.f("ix_aid_records_recipient"), ["recipient"], unique=False)
        batch_op.create_index(batch_op.f("ix_aid_records_source"), ["source"], unique=False)

    op.create_table(
        "condition_prerequisites",
        sa.Column("condition_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("prerequisite_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["condition_id"],
            ["conditions.id"],
            name=op.f("fk_condition_prerequisites_condition_id_conditions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["prerequisite_id"],
            ["conditions.id"],
            name=op.f("fk_condition_prerequisites_prerequisite_id_conditions"),
        ),
        sa.PrimaryKeyConstraint(
            "condition_id", "position", name=op.f("pk_condition_prerequisites")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "phases",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("mission", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("start", sa.Date(), nullable=True),
        sa.Column("end", sa.Date(), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mission"], ["missions.id"], name=op.f("fk_phases_mission_missions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_phases")),
    )
    with op.batch_alter_table("phases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_phases_mission"), ["mission"], unique=False)

    op.create_table(
        "pledges",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("nation", sa.Text(), nullable=False),
        sa.Column("capability", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("caveats", sa.JSON(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("readiness_days", sa.Integer(), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("classification", sa.Text(), nullable=False),
        sa.Column("entered_by", sa.Text(), nullable=True),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["capability"], ["capabilities.id"], name=op.f("fk_pledges_capability_capabilities")
        ),
        sa.ForeignKeyConstraint(
            ["nation"], ["nations.iso3"], name=op.f("fk_pledges_nation_nations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pledges")),
    )
    with op.batch_alter_table("pledges", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pledges_capability"), ["capability"], unique=False)
        batch_op.create_index(batch_op.f("ix_pledges_nation"), ["nation"], unique=False)

    op.create_table(
        "scenario_forced",
        sa.Column("scenario_id", sa.Text(), nullable=False),
        sa.Column("condition_id", sa.Text(), nullable=False),
        sa.Column("value", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["condition_id"],
            ["conditions.id"],
            name=op.f("fk_scenario_forced_condition_id_conditions"),
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["scenarios.id"],
            name=op.f("fk_scenario_forced_scenario_id_scenarios"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scenario_id", "condition_id", name=op.f("pk_scenario_forced")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "scenario_nations_in",
        sa.Column("scenario_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("nation_iso3", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["nation_iso3"],
            ["nations.iso3"],
            name=op.f("fk_scenario_nations_in_nation_iso3_nations"),
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["scenarios.id"],
            name=op.f("fk_scenario_nations_in_scenario_id_scenarios"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scenario_id", "position", name=op.f("pk_scenario_nations_in")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "scenario_nations_out",
        sa.Column("scenario_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("nation_iso3", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["nation_iso3"],
            ["nations.iso3"],
            name=op.f("fk_scenario_nations_out_nation_iso3_nations"),
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["scenarios.id"],
            name=op.f("fk_scenario_nations_out_scenario_id_scenarios"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scenario_id", "position", name=op.f("pk_scenario_nations_out")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "scenario_probabilities",
        sa.Column("scenario_id", sa.Text(), nullable=False),
        sa.Column("condition_id", sa.Text(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["condition_id"],
            ["conditions.id"],
            name=op.f("fk_scenario_probabilities_condition_id_conditions"),
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["scenarios.id"],
            name=op.f("fk_scenario_probabilities_scenario_id_scenarios"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "scenario_id", "condition_id", name=op.f("pk_scenario_probabilities")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "statements",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("nation", sa.Text(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("stance", sa.Text(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("actor", sa.Text(), nullable=True),
        sa.Column("office", sa.Text(), nullable=True),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("entered_by", sa.Text(), nullable=True),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("contributions", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor"], ["actors.name"], name=op.f("fk_statements_actor_actors")
        ),
        sa.ForeignKeyConstraint(
            ["nation"], ["nations.iso3"], name=op.f("fk_statements_nation_nations")
        ),
        sa.ForeignKeyConstraint(
            ["source"], ["sources.id"], name=op.f("fk_statements_source_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
    )
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statements_actor"), ["actor"], unique=False)
        batch_op.create_index(batch_op.f("ix_statements_nation"), ["nation"], unique=False)
        batch_op.create_index(batch_op.f("ix_statements_source"), ["source"], unique=False)

    op.create_table(
        "users",
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("nation", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("disabled_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["nation"], ["nations.iso3"], name=op.f("fk_users_nation_nations")),
        sa.PrimaryKeyConstraint("username", name=op.f("pk_users")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_nation"), ["nation"], unique=False)

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("username", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("prefix", sa.Text(), nullable=False),
        sa.Column("token_sha256", sa.Text(), nullable=False),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["username"],
            ["users.username"],
            name=op.f("fk_api_tokens_username_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_api_tokens_token_sha256")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_username"), ["username"], unique=False)

    op.create_table(
        "pledge_conditions",
        sa.Column("pledge_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("condition_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["condition_id"],
            ["conditions.id"],
            name=op.f("fk_pledge_conditions_condition_id_conditions"),
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["pledges.id"],
            name=op.f("fk_pledge_conditions_pledge_id_pledges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pledge_id", "position", name=op.f("pk_pledge_conditions")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "pledge_phases",
        sa.Column("pledge_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("phase_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["phase_id"], ["phases.id"], name=op.f("fk_pledge_phases_phase_id_phases")
        ),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["pledges.id"],
            name=op.f("fk_pledge_phases_pledge_id_pledges"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pledge_id", "position", name=op.f("pk_pledge_phases")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "pledge_sources",
        sa.Column("pledge_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pledge_id"],
            ["pledges.id"],
            name=op.f("fk_pledge_sources_pledge_id_pledges"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_pledge_sources_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("pledge_id", "position", name=op.f("pk_pledge_sources")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "requirement_lines",
        sa.Column("id", sa.Text(), nullable=False),
        sa.Column("phase", sa.Text(), nullable=False),
        sa.Column("capability", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Float(), nullable=False),
        sa.Column("minimum", sa.Float(), nullable=False),
        sa.Column("priority", sa.Integer(), nullable=False),
        sa.Column("required_tags", sa.JSON(), nullable=False),
        sa.Column("excluded_tags", sa.JSON(), nullable=False),
        sa.Column("illustrative", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["capability"],
            ["capabilities.id"],
            name=op.f("fk_requirement_lines_capability_capabilities"),
        ),
        sa.ForeignKeyConstraint(
            ["phase"], ["phases.id"], name=op.f("fk_requirement_lines_phase_phases")
        ),
        sa.ForeignKeyConstraint(
            ["source"], ["sources.id"], name=op.f("fk_requirement_lines_source_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_requirement_lines")),
    )
    with op.batch_alter_table("requirement_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_requirement_lines_capability"), ["capability"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_requirement_lines_phase"), ["phase"], unique=False)
        batch_op.create_index(batch_op.f("ix_requirement_lines_source"), ["source"], unique=False)

    op.create_table(
        "scenario_pledges_in",
        sa.Column("scenario_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pledge_id"], ["pledges.id"], name=op.f("fk_scenario_pledges_in_pledge_id_pledges")
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["scenarios.id"],
            name=op.f("fk_scenario_pledges_in_scenario_id_scenarios"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scenario_id", "position", name=op.f("pk_scenario_pledges_in")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "scenario_pledges_out",
        sa.Column("scenario_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("pledge_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["pledge_id"], ["pledges.id"], name=op.f("fk_scenario_pledges_out_pledge_id_pledges")
        ),
        sa.ForeignKeyConstraint(
            ["scenario_id"],
            ["scenarios.id"],
            name=op.f("fk_scenario_pledges_out_scenario_id_scenarios"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scenario_id", "position", name=op.f("pk_scenario_pledges_out")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "statement_conditions",
        sa.Column("statement_id", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("condition_id", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["condition_id"],
            ["conditions.id"],
            name=op.f("fk_statement_conditions_condition_id_conditions"),
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statements.id"],
            name=op.f("fk_statement_conditions_statement_id_statements"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("statement_id", "position", name=op.f("pk_statement_conditions")),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("statement_conditions")
    op.drop_table("scenario_pledges_out")
    op.drop_table("scenario_pledges_in")
    with op.batch_alter_table("requirement_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_requirement_lines_source"))
        batch_op.drop_index(batch_op.f("ix_requirement_lines_phase"))
        batch_op.drop_index(batch_op.f("ix_requirement_lines_capability"))

    op.drop_table("requirement_lines")
    op.drop_table("pledge_sources")
    op.drop_table("pledge_phases")
    op.drop_table("pledge_conditions")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_username"))

    op.drop_table("api_tokens")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_nation"))

    op.drop_table("users")
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statements_source"))
        batch_op.drop_index(batch_op.f("ix_statements_nation"))
        batch_op.drop_index(batch_op.f("ix_statements_actor"))

    op.drop_table("statements")
    op.drop_table("scenario_probabilities")
    op.drop_table("scenario_nations_out")
    op.drop_table("scenario_nations_in")
    op.drop_table("scenario_forced")
    with op.batch_alter_table("pledges", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pledges_nation"))
        batch_op.drop_index(batch_op.f("ix_pledges_capability"))

    op.drop_table("pledges")
    with op.batch_alter_table("phases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_phases_mission"))

    op.drop_table("phases")
    op.drop_table("condition_prerequisites")
    with op.batch_alter_table("aid_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_aid_records_source"))
        batch_op.drop_index(batch_op.f("ix_aid_records_recipient"))
        batch_op.drop_index(batch_op.f("ix_aid_records_donor"))

    op.drop_table("aid_records")
    op.drop_table("actor_offices")
    with op.batch_alter_table("nations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nations_source"))

    op.drop_table("nations")
    with op.batch_alter_table("missions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_missions_source"))

    op.drop_table("missions")
    with op.batch_alter_table("conditions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_conditions_source"))

    op.drop_table("conditions")
    op.drop_table("capability_substitutes")
    op.drop_table("sources")
    op.drop_table("scenarios")
    with op.batch_alter_table("history", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_history_recorded_at"))

    op.drop_table("history")
    op.drop_table("capabilities")
    op.drop_table("actors")
