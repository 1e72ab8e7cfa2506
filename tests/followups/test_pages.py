"""The follow-ups list (filters, sort, pages), "My follow-ups" by due date, a follow-up's
page, closing, reopening, reassigning, archiving; what other institutions may not see."""

import re
from datetime import UTC, date, datetime

import sqlalchemy as sa

from crm.core.records import Visibility
from crm.extensions import db
from crm.followups.models import FollowUp, FollowUpStatus
from tests import factories
from tests.conftest import snapshot
from tests.exchanges import factories as exchange_factories

TODAY = date(2026, 3, 23)  # a Monday


def _follow_up(user, days, title, **values) -> FollowUp:
    return factories.follow_up(user, title=title, due_in_days=days, today=TODAY, **values)


def _titles(page: str) -> list[str]:
    return re.findall(r'href="/follow-ups/\d+">([^<]+)</a>', page)


def _fresh(follow_up_id: int) -> FollowUp:
    db.session.rollback()
    return db.session.get(FollowUp, follow_up_id)


def test_list_filters_and_sorts_by_due_date(sign_in, staff, institution, other_institution):
    colleague = factories.user(institution=other_institution, name="Paul")
    _follow_up(staff, 5, "Plus tard")
    _follow_up(staff, -3, "En retard")
    _follow_up(staff, -10, "Fait", status=FollowUpStatus.DONE)
    _follow_up(colleague, 1, "Pour Paul", institution=other_institution)
    _follow_up(staff, 2, "Archivé", archived_at=datetime(2026, 3, 1, tzinfo=UTC))
    browser = sign_in(staff)

    def titles(query: str = "") -> list[str]:
        response = browser.get("/follow-ups/" + query)
        assert response.status_code == 200
        return _titles(response.get_data(as_text=True))

    # Open ones by default, soonest first.
    assert titles() == ["En retard", "Pour Paul", "Plus tard"]
    assert titles("?sort=-due") == ["Plus tard", "Pour Paul", "En retard"]
    assert titles("?status=done") == ["Fait"]
    assert titles("?status=all") == ["Fait", "En retard", "Pour Paul", "Plus tard"]
    assert titles("?assignee=me") == ["En retard", "Plus tard"]
    assert titles(f"?assignee={colleague.id}") == ["Pour Paul"]
    assert titles("?institution=CTH") == ["Pour Paul"]
    assert titles("?overdue=y&status=all") == ["En retard"]
    assert titles("?due_from=2026-03-24&due_to=2026-03-27") == ["Pour Paul"]
    assert titles("?archived=only") == ["Archivé"]
    # Values that no choice has filter nothing instead of failing.
    assert titles("?status=lost&assignee=abc&due_from=hier&institution=ZZZ&page=x") == [
        "Fait",
        "En retard",
        "Pour Paul",
        "Plus tard",
    ]


def test_list_pages(sign_in, staff):
    db.session.add_all(
        FollowUp(
            title=f"Relance {n:03}",
            due_on=date(2026, 1, 1).replace(day=1 + n % 28),
            assignee=staff,
            institution_id=staff.institution_id,
        )
        for n in range(60)
    )
    db.session.commit()
    page = sign_in(staff).get("/follow-ups/?page=2").get_data(as_text=True)
    assert len(_titles(page)) == 10
    assert "51–60 sur 60" in page.replace("\u202f", " ").replace("\xa0", " ")


def test_hidden_follow_ups_do_not_exist(sign_in, staff, other_institution):
    owner = factories.user(institution=other_institution)
    hidden = _follow_up(owner, 0, "Secret", visibility=Visibility.MEMBER)
    browser = sign_in(staff)
    assert "Secret" not in browser.get("/follow-ups/?status=all").get_data(as_text=True)
    assert browser.get(f"/follow-ups/{hidden.id}").status_code == 404
    before = snapshot()
    for action in ("cancel", "reopen", "reassign", "archive", "delete"):
        response = browser.post(f"/follow-ups/{hidden.id}/{action}", {"version": "1"})
        assert response.status_code == 404
    assert snapshot() == before


def test_my_follow_ups_grouped_by_due_date(sign_in, staff, institution):
    for days, title in [
        (-2, "Avant-hier"),
        (0, "Ce lundi"),
        (6, "Dimanche"),
        (7, "Lundi prochain"),
        (1, "Mardi"),
    ]:
        _follow_up(staff, days, title)
    _follow_up(staff, -1, "Déjà fait", status=FollowUpStatus.DONE)
    _follow_up(factories.user(institution=institution), 0, "Pas à moi")
    page = sign_in(staff).get("/follow-ups/mine").get_data(as_text=True)
    sections = dict(
        re.findall(r'<h2 class="h5" id="([a-z-]+)-title">.*?</h2>(.*?)</section>', page, re.S)
    )
    assert {key: _titles(html) for key, html in sections.items()} == {
        "overdue": ["Avant-hier"],
        "today": ["Ce lundi"],
        "this-week": ["Mardi", "Dimanche"],
        "later": ["Lundi prochain"],
    }
    assert "Déjà fait" not in page and "Pas à moi" not in page
    assert "En retard" in page and "Cette semaine" in page and "Plus tard" in page


def test_my_follow_ups_is_linked_from_home_and_navbar(sign_in, staff):
    page = sign_in(staff).get("/").get_data(as_text=True)
    assert page.count('href="/follow-ups/mine"') == 2
    empty = sign_in(staff).get("/follow-ups/mine").get_data(as_text=True)
    assert "Vous n’avez aucun suivi ouvert." in empty


def test_detail_page(sign_in, staff, institution):
    person = factories.contact(institution, given_name="Fatima", family_name="Zahra")
    follow_up = _follow_up(staff, -1, "Rappeler Fatima", contact=person, notes="Après 14 h")
    page = sign_in(staff).get(f"/follow-ups/{follow_up.id}").get_data(as_text=True)
    assert "Rappeler Fatima" in page and "Après 14 h" in page
    assert "En retard" in page and "22 mars 2026" in page
    assert "Fatima Zahra" in page
    for action in ("done", "cancel", "reassign", "archive"):
        assert f'action="/follow-ups/{follow_up.id}/{action}"' in page
    assert f'action="/follow-ups/{follow_up.id}/reopen"' not in page


def test_a_subject_hidden_from_me_is_not_named(sign_in, staff, institution, other_institution):
    """A shared follow-up of another member about one of its private students."""
    secret = exchange_factories.student_contact(other_institution, family_name="Secrète")
    owner = factories.user(institution=other_institution)
    shared = _follow_up(owner, 0, "Partagé", institution=other_institution, contact=secret)
    page = sign_in(staff).get(f"/follow-ups/{shared.id}").get_data(as_text=True)
    assert "Partagé" in page and "Secrète" not in page


def test_done_cancel_reopen(sign_in, staff):
    follow_up = _follow_up(staff, 0, "Relancer")
    browser = sign_in(staff)
    url = f"/follow-ups/{follow_up.id}"
    response = browser.post(url + "/cancel", {"next": "/follow-ups/mine"})
    assert response.headers["Location"] == "/follow-ups/mine"
    assert _fresh(follow_up.id).status == FollowUpStatus.CANCELLED
    assert "Suivi « Relancer » annulé." in browser.get("/follow-ups/mine").get_data(as_text=True)
    before = snapshot()
    browser.post(url + "/cancel")
    assert browser.post(url + "/done").status_code == 302
    assert snapshot() == before
    assert browser.post(url + "/reopen").headers["Location"] == url
    assert _fresh(follow_up.id).status == FollowUpStatus.OPEN
    browser.post(url + "/done", {"next": url})
    done = _fresh(follow_up.id)
    assert done.status == FollowUpStatus.DONE and done.completed_at is not None
    page = browser.get(url).get_data(as_text=True)
    assert f'action="{url}/reopen"' in page and f'action="{url}/done"' not in page
    browser.post(url + "/reopen")
    assert _fresh(follow_up.id).completed_at is None
    before = snapshot()
    browser.post(url + "/reopen")
    assert "Ce suivi est déjà ouvert." in browser.get(url).get_data(as_text=True)
    assert snapshot() == before


def test_reassign(sign_in, staff, institution, other_institution):
    colleague = factories.user(institution=institution, name="Claire")
    elsewhere = factories.user(institution=other_institution, name="Paul")
    follow_up = _follow_up(staff, 0, "Relancer", visibility=Visibility.MEMBER)
    browser = sign_in(staff)
    url = f"/follow-ups/{follow_up.id}/reassign"
    page = browser.get("/follow-ups/").get_data(as_text=True)
    # The quick select offers only those who may see this member follow-up.
    (select,) = re.findall(r'<form method="post" action="' + url + ".*?</form>", page, re.S)
    assert f'<option value="{colleague.id}">Claire (CSI)</option>' in select
    assert "Paul (CTH)" not in select
    response = browser.post(
        url, {"assignee_id": str(colleague.id), "version": "1", "next": "/follow-ups/"}
    )
    assert response.headers["Location"] == "/follow-ups/"
    assert _fresh(follow_up.id).assignee_id == colleague.id
    assert "Suivi « Relancer » confié à Claire." in browser.get("/").get_data(as_text=True)
    before = snapshot()
    # Someone who may not see it, a stale version: nothing happens.
    browser.post(url, {"assignee_id": str(elsewhere.id), "version": "2"})
    assert "Choisissez un utilisateur actif" in browser.get("/").get_data(as_text=True)
    browser.post(url, {"assignee_id": str(staff.id), "version": "1"})
    assert "Quelqu’un d’autre a modifié cette fiche" in browser.get("/").get_data(as_text=True)
    assert snapshot() == before
    # No one chosen: I take it.
    browser.post(url, {"version": "2"})
    assert _fresh(follow_up.id).assignee_id == staff.id


def test_viewer_changes_nothing(sign_in, viewer, staff):
    follow_up = _follow_up(staff, 0, "Relancer")
    browser = sign_in(viewer)
    page = browser.get(f"/follow-ups/{follow_up.id}").get_data(as_text=True)
    assert "/reassign" not in page and "/cancel" not in page and "Modifier" not in page
    before = snapshot()
    for action in ("cancel", "reassign", "archive", "delete"):
        assert (
            browser.post(
                f"/follow-ups/{follow_up.id}/{action}",
                {"assignee_id": str(viewer.id), "version": "1"},
            ).status_code
            == 403
        )
    assert snapshot() == before


def test_archive_and_delete(sign_in, staff):
    follow_up = _follow_up(staff, 0, "Archivable")
    browser = sign_in(staff)
    url = f"/follow-ups/{follow_up.id}"
    assert browser.post(url + "/archive", {"version": "1"}).status_code == 302
    assert "Archivable" not in browser.get("/follow-ups/").get_data(as_text=True)
    assert "Archivable" not in browser.get("/follow-ups/mine").get_data(as_text=True)
    assert "Archivable" in browser.get("/follow-ups/?archived=only").get_data(as_text=True)
    response = browser.post(url + "/delete", {"version": "2"})
    assert response.headers["Location"] == "/follow-ups/"
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(FollowUp.id))) == 0
