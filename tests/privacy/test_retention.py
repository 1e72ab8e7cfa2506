"""The retention rules: a report of what applying them will do, then the same done, on
the day the clock says; from the command line, the admin page and the worker's task."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
import time_machine

from crm.cli import cli
from crm.contacts.models import Contact
from crm.extensions import db
from crm.history.models import HistoryAction, HistoryEntry
from crm.privacy import retention
from crm.privacy.models import RetentionRun
from tests import factories
from tests.conftest import snapshot
from tests.exchanges import factories as exchange_factories

# Exchanges that ended on 2018-06-15 and 2019-06-15; seven years later the first is due.
FIRST_DUE = "2025-06-16 12:00 +0000"


def _people(institution):
    old = exchange_factories.exchange(
        institution, starts_on=date(2018, 1, 8), ends_on=date(2018, 6, 15)
    ).student
    recent = exchange_factories.exchange(
        institution, starts_on=date(2019, 1, 8), ends_on=date(2019, 6, 15)
    ).student
    partner = factories.contact(institution, given_name="Karim", family_name="Alaoui")
    return old.id, recent.id, partner.id


def _anonymized() -> set[int]:
    db.session.rollback()
    return set(db.session.scalars(sa.select(Contact.id).where(Contact.anonymized_at.is_not(None))))


def test_report_then_apply(app, institution):
    with time_machine.travel("2018-06-01 12:00 +0000", tick=False):
        old, recent, partner = _people(institution)
    with time_machine.travel("2025-06-14 12:00 +0000", tick=False):
        report = retention.report(date(2025, 6, 14))
        assert report.to_anonymize == []
    with time_machine.travel(FIRST_DUE, tick=False):
        report = retention.report(date(2025, 6, 16))
        assert [item.contact_id for item in report.to_anonymize] == [old]
        assert report.to_anonymize[0].since == date(2018, 6, 15)
        # Unchanged for more than five years, the partner is listed for review only.
        assert {item.contact_id for item in report.to_review} == {partner, recent}
        assert _anonymized() == set()  # a report changes nothing
        result, run = retention.apply(date(2025, 6, 16))
        db.session.commit()
    assert _anonymized() == {old}
    assert (run.anonymized, run.to_review) == (1, 2)
    entry = db.session.scalars(
        sa.select(HistoryEntry).where(
            HistoryEntry.action == HistoryAction.ANONYMIZE, HistoryEntry.record_type == "contacts"
        )
    ).one()
    assert entry.record_id == old and entry.actor_id is None
    assert entry.note.startswith("Règle de conservation : dernier échange terminé le 2018-06-15")


def test_the_years_are_a_setting(app, institution, test_env, monkeypatch):
    with time_machine.travel("2018-06-01 12:00 +0000", tick=False):
        old, _recent, _partner = _people(institution)
    settings = app.config["CRM_SETTINGS"]
    monkeypatch.setitem(
        app.config,
        "CRM_SETTINGS",
        type(settings)(**{**vars(settings), "retention_exchange_years": 5}),
    )
    report = retention.report(date(2024, 6, 14))
    assert [item.contact_id for item in report.to_anonymize] == [old]
    assert retention.report(date(2023, 6, 14)).to_anonymize == []


def test_the_command_line_reports_then_applies(app, runner, institution):
    with time_machine.travel("2018-06-01 12:00 +0000", tick=False):
        old, _recent, _partner = _people(institution)
    with time_machine.travel(FIRST_DUE, tick=False):
        before = snapshot()
        result = runner.invoke(cli, ["privacy", "retention"])
        assert result.exit_code == 0, result.output
        assert "To anonymize (students whose last exchange ended more than 7 years ago): 1" in (
            result.output
        )
        assert f"#{old} " in result.output and "Nothing was changed" in result.output
        assert snapshot() == before
        result = runner.invoke(cli, ["privacy", "retention", "--apply"])
        assert result.exit_code == 0, result.output
        assert "Applied: 1 anonymized." in result.output
        assert _anonymized() == {old}
        # Applying again does nothing more, but the run is recorded.
        result = runner.invoke(cli, ["privacy", "retention", "--apply"])
        assert "Applied: 0 anonymized." in result.output
    assert _anonymized() == {old}
    assert db.session.scalar(sa.select(sa.func.count(RetentionRun.id))) == 2


def test_the_admin_page_shows_the_report_and_applies_it(sign_in, admin, institution):
    with time_machine.travel("2018-06-01 12:00 +0000", tick=False):
        old, _recent, _partner = _people(institution)
    with time_machine.travel(FIRST_DUE, tick=True):
        browser = sign_in(admin)
        page = browser.get("/admin/privacy/retention").get_data(as_text=True)
        assert "Conservation des renseignements personnels" in page
        assert "À anonymiser maintenant" in page and "Pas encore appliquées." in page
        assert f'data-contact="{old}"' in page
        response = browser.post("/admin/privacy/retention/apply")
        assert response.status_code == 302
        page = browser.get("/admin/privacy/retention").get_data(as_text=True)
        assert "Règles de conservation appliquées : 1 personne anonymisée." in page
        assert f'data-contact="{old}"' not in page.split("À examiner")[0]
    assert _anonymized() == {old}


def test_the_worker_task_applies_the_rules(app, institution):
    from worker.tasks import apply_retention

    with time_machine.travel("2018-06-01 12:00 +0000", tick=False):
        old, _recent, _partner = _people(institution)
    with time_machine.travel(FIRST_DUE, tick=False):
        assert apply_retention.run() == {"anonymized": 1, "to_review": 2}
        assert apply_retention.run() == {"anonymized": 0, "to_review": 2}
    assert _anonymized() == {old}


def test_the_worker_applies_them_daily_and_the_years_are_checked(test_env):
    import pytest
    from celery.schedules import crontab

    from crm.config import ConfigError, load_settings
    from worker.celery_app import schedule

    entry = schedule(load_settings(test_env))["apply-retention"]
    assert entry == {"task": "privacy.apply_retention", "schedule": crontab(hour=3, minute=30)}
    assert (
        load_settings({**test_env, "CRM_RETENTION_EXCHANGE_YEARS": "3"}).retention_exchange_years
        == 3
    )
    with pytest.raises(ConfigError, match="CRM_RETENTION_EXCHANGE_YEARS: 0 is out of range"):
        load_settings({**test_env, "CRM_RETENTION_EXCHANGE_YEARS": "0"})
