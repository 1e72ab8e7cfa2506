"""The home page: my open follow-ups, overdue first, and the "Fait" button."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from crm.core.records import Visibility
from crm.extensions import db
from crm.followups.models import FollowUp, FollowUpStatus
from tests import factories
from tests.conftest import snapshot

TODAY = date(2026, 3, 23)


@pytest.fixture(autouse=True)
def _monday_23_march_2026():
    """Noon in Quebec (CRM_TIMEZONE's default), the day these tests take place."""
    moment = datetime(2026, 3, 23, 12, 0, tzinfo=ZoneInfo("America/Toronto"))
    with time_machine.travel(moment, tick=False):
        yield


def _page(response) -> str:
    return response.get_data(as_text=True)


def _items(page: str) -> list[str]:
    """The follow-ups listed, as the HTML of each list item, in order."""
    return re.findall(r'<li class="list-group-item.*?</li>', page, re.S)


def _title(item: str) -> str:
    return re.search(r'<div class="fw-semibold">([^<]*)</div>', item).group(1)


def _fresh(follow_up_id: int) -> FollowUp:
    db.session.rollback()
    return db.session.get(FollowUp, follow_up_id)


def _follow_up(user, days, title, **values):
    return factories.follow_up(user, title=title, due_in_days=days, today=TODAY, **values)


def test_home_lists_my_open_follow_ups_overdue_first(sign_in, staff, other_institution):
    colleague = factories.user(institution=staff.institution)
    mine = [
        _follow_up(staff, 5, "Dans cinq jours"),
        _follow_up(staff, -1, "Hier"),
        _follow_up(staff, 0, "Aujourd'hui même"),
        _follow_up(staff, -30, "Il y a un mois"),
        _follow_up(staff, 1, "Demain"),
        # Shared with the consortium by another member: mine to do, so listed.
        _follow_up(staff, 2, "Partagé", institution=other_institution),
    ]
    for title, values in [
        ("Fait déjà", {"status": FollowUpStatus.DONE}),
        ("Annulé", {"status": FollowUpStatus.CANCELLED}),
        ("Archivé", {"archived_at": datetime(2026, 3, 1, tzinfo=UTC)}),
        # Another member's, visible only to it: does not exist for me.
        ("Secret", {"institution": other_institution, "visibility": Visibility.MEMBER}),
    ]:
        _follow_up(staff, -2, title, **values)
    _follow_up(colleague, -2, "Pour une collègue")

    page = _page(sign_in(staff).get("/"))
    items = _items(page)
    assert [_title(i) for i in items] == [
        "Il y a un mois",
        "Hier",
        "Aujourd&#39;hui même",
        "Demain",
        "Partagé",
        "Dans cinq jours",
    ]
    for hidden in ("Fait déjà", "Annulé", "Archivé", "Secret", "Pour une collègue"):
        assert hidden not in page
    overdue, today, later = items[:2], items[2], items[3:]
    for item in overdue:
        assert "En retard" in item and "list-group-item-danger" in item
        assert "Aujourd’hui" not in item
    assert "Aujourd’hui</span>" in today and "En retard" not in today
    assert "list-group-item-danger" not in today
    for item in later:
        assert "En retard" not in item and "Aujourd’hui</span>" not in item
    assert '<time datetime="2026-02-21">21 févr. 2026</time>' in items[0]
    assert '<time datetime="2026-03-22">22 mars 2026</time>' in items[1]
    assert '<time datetime="2026-03-23">23 mars 2026</time>' in items[2]
    assert '<time datetime="2026-03-28">28 mars 2026</time>' in items[5]
    # A "Fait" button for each, aimed at its own follow-up.
    by_title = {f.title: f.id for f in mine}
    for item in items:
        follow_up_id = by_title[_title(item).replace("&#39;", "'")]
        assert f'action="/follow-ups/{follow_up_id}/done"' in item
        assert ">Fait<" in item


def test_home_in_english(sign_in, institution):
    user = factories.user(institution=institution, locale="en")
    _follow_up(user, -1, "Late")
    _follow_up(user, 0, "Due")
    page = _page(sign_in(user).get("/"))
    assert "My open follow-ups" in page
    late, due = _items(page)
    assert "Overdue" in late and "Mar 22, 2026" in late
    assert "Today" in due and "Mar 23, 2026" in due


def test_home_without_follow_ups(sign_in, staff):
    page = _page(sign_in(staff).get("/"))
    assert "Vous n’avez aucun suivi ouvert." in page
    assert _items(page) == []


def test_viewer_sees_their_follow_ups_without_the_button(sign_in, viewer):
    _follow_up(viewer, 0, "Lire le rapport")
    (item,) = _items(_page(sign_in(viewer).get("/")))
    assert "Lire le rapport" in item
    assert "/done" not in item and "Fait" not in item


def test_done_button_marks_the_follow_up_done(sign_in, staff):
    follow_up = _follow_up(staff, -1, "Envoyer l'entente")
    browser = sign_in(staff)
    response = browser.post(f"/follow-ups/{follow_up.id}/done")
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = _page(browser.get("/"))
    assert "Suivi « Envoyer l&#39;entente » marqué comme fait." in page
    assert 'class="alert alert-success"' in page
    assert _items(page) == []
    done = _fresh(follow_up.id)
    assert done.status == FollowUpStatus.DONE
    assert done.completed_at == datetime(2026, 3, 23, 16, 0, tzinfo=UTC)
    assert done.updated_by_id == staff.id


def test_marking_done_twice_warns_and_changes_nothing(sign_in, staff):
    follow_up = _follow_up(staff, 0, "Rappeler")
    browser = sign_in(staff)
    browser.post(f"/follow-ups/{follow_up.id}/done")
    browser.get("/")  # reads the first message
    before = snapshot()
    response = browser.post(f"/follow-ups/{follow_up.id}/done")
    assert response.status_code == 302
    page = _page(browser.get("/"))
    assert '<div class="alert alert-warning" role="status">Ce suivi était déjà fermé.</div>' in page
    assert "marqué comme fait" not in page
    assert snapshot() == before


def test_cancelled_follow_up_cannot_be_marked_done(sign_in, staff):
    follow_up = _follow_up(staff, 0, "Annulé", status=FollowUpStatus.CANCELLED)
    browser = sign_in(staff)
    before = snapshot()
    browser.post(f"/follow-ups/{follow_up.id}/done")
    assert "Ce suivi était déjà fermé." in _page(browser.get("/"))
    assert snapshot() == before


def test_viewer_cannot_mark_done(sign_in, viewer):
    follow_up = _follow_up(viewer, 0, "Le mien pourtant")
    browser = sign_in(viewer)
    before = snapshot()
    response = browser.post(f"/follow-ups/{follow_up.id}/done")
    assert response.status_code == 403
    assert snapshot() == before
    assert _fresh(follow_up.id).status == FollowUpStatus.OPEN


def test_member_follow_up_of_another_institution_is_404(sign_in, staff, other_institution):
    owner = factories.user(institution=other_institution)
    hidden = _follow_up(owner, 0, "Secret", visibility=Visibility.MEMBER)
    assigned_to_me = _follow_up(
        staff, 0, "Secret aussi", institution=other_institution, visibility=Visibility.MEMBER
    )
    browser = sign_in(staff)
    before = snapshot()
    for follow_up in (hidden, assigned_to_me):
        assert browser.post(f"/follow-ups/{follow_up.id}/done").status_code == 404
    assert snapshot() == before


def test_shared_follow_up_of_another_institution_may_be_marked_done(
    sign_in, staff, other_institution
):
    owner = factories.user(institution=other_institution)
    shared = _follow_up(owner, 0, "Partagé", institution=other_institution)
    assert sign_in(staff).post(f"/follow-ups/{shared.id}/done").status_code == 302
    assert _fresh(shared.id).status == FollowUpStatus.DONE


@pytest.mark.parametrize(
    ("target", "location"),
    [("/profile", "/profile"), ("https://evil.example/", "/"), ("//evil.example", "/")],
)
def test_done_returns_to_a_local_next_only(sign_in, staff, target, location):
    follow_up = _follow_up(staff, 0, "Rappeler")
    response = sign_in(staff).post(f"/follow-ups/{follow_up.id}/done", {"next": target})
    assert response.headers["Location"] == location


def test_unknown_follow_up_is_404(sign_in, staff):
    assert sign_in(staff).post("/follow-ups/424242/done").status_code == 404
