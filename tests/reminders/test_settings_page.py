"""Reminder settings on the profile page: in French, saved for the signed-in user only,
and a bad choice refused with a message and nothing changed."""

from __future__ import annotations

import html
import re

from crm.extensions import db
from crm.reminders.models import ReminderDelivery, ReminderSettings
from crm.reminders.preferences import settings_of


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _checked(page: str) -> set[str]:
    inputs = re.findall(r"<input [^>]*name=\"reminders-[^>]*>", page)
    return {re.search(r'value="([^"]+)"', tag).group(1) for tag in inputs if " checked" in tag}


def test_the_profile_shows_the_reminder_settings_in_french(sign_in, viewer):
    page = _page(sign_in(viewer).get("/profile"))
    assert "Courriels de rappel" in page
    assert "Un courriel par rappel, au moment voulu" in page
    assert "Un seul courriel par jour qui les regroupe tous" in page
    assert "Ententes qui attendent mon approbation" in page
    # Nobody chose yet: immediate, every kind.
    assert _checked(page) == {"immediate", "follow_ups", "agreements_expiring"} | {
        "agreements_in_review",
        "exchanges",
        "milestones",
        "missions",
    }


def test_saving_a_digest_and_turning_a_kind_off(sign_in, staff, other_institution):
    browser = sign_in(staff)
    kept = ["follow_ups", "agreements_expiring", "agreements_in_review", "milestones", "missions"]
    response = browser.post(
        "/profile/reminders", {"reminders-delivery": "digest", "reminders-kinds": kept}
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/profile#reminders")
    db.session.rollback()
    chosen = settings_of(staff.id)
    assert chosen.delivery == ReminderDelivery.DIGEST
    assert chosen.muted_kinds == ["exchanges"]
    page = _page(browser.get("/profile"))
    assert "Vos préférences de rappel sont enregistrées." in page
    assert _checked(page) == {"digest", *kept}


def test_a_bad_choice_is_refused_and_nothing_is_saved(sign_in, staff):
    browser = sign_in(staff)
    for data in (
        {"reminders-delivery": "weekly", "reminders-kinds": ["follow_ups"]},
        {"reminders-kinds": ["follow_ups"]},
        {"reminders-delivery": "digest", "reminders-kinds": ["follow_ups", "gossip"]},
    ):
        response = browser.post("/profile/reminders", data)
        assert response.status_code == 422, data
        assert "invalid-feedback" in _page(response)
    db.session.rollback()
    assert db.session.get(ReminderSettings, staff.id) is None


def test_turning_every_kind_off_is_allowed(sign_in, staff):
    response = sign_in(staff).post("/profile/reminders", {"reminders-delivery": "immediate"})
    assert response.status_code == 302
    db.session.rollback()
    assert sorted(settings_of(staff.id).muted_kinds) == sorted(
        ["follow_ups", "agreements_expiring", "agreements_in_review", "exchanges"]
        + ["milestones", "missions"]
    )
