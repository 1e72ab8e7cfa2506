"""Migrations are the only way the schema is made: one head, matching the models, and a
real downgrade."""

from datetime import date
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade

from crm.contacts.models import Contact
from crm.demo.seed import seed_demo
from crm.extensions import db
from crm.organizations.models import Organization
from crm.search.schema import include_name

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def test_migrations_have_a_single_head():
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_migrations_keep_the_data(app):
    """Down and up again over real rows: SQLite rebuilds tables that others refer to."""
    seed_demo(date(2026, 11, 24))
    db.session.commit()
    db.session.remove()
    downgrade(revision="0002")
    upgrade()
    keys = db.session.scalars(sa.select(Organization.sort_key).order_by(Organization.sort_key))
    assert "ecole des mines de l'atlas" in list(keys)
    assert db.session.scalar(sa.select(sa.func.count(Contact.id))) == 12  # 3 students


def test_downgrade_to_nothing_and_back(app):
    downgrade(revision="base")
    assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert {"users", "agreements", "follow_ups"} <= set(sa.inspect(db.engine).get_table_names())
