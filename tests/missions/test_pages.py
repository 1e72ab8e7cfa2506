"""The missions' pages: list with filters, sorting and pages; create, edit, archive, delete;
the mission's page with its meetings; what other institutions may not see."""

import re
from datetime import UTC, date, datetime

import sqlalchemy as sa

from crm.agreements.models import Agreement
from crm.extensions import db
from crm.missions.models import Mission
from crm.projects.models import Project
from tests import factories
from tests.conftest import snapshot
from tests.missions.factories import meeting, mission


def _names(page: str) -> list[str]:
    return re.findall(r'href="/missions/\d+">([^<]+)</a>', page)


def _form(**values) -> dict:
    return {
        "name": "Mission au Sénégal",
        "country": "SN",
        "cities": "Dakar, Thiès",
        "starts_on": "2026-05-04",
        "ends_on": "2026-05-10",
        "status": "planned",
        "visibility": "consortium",
    } | values


def test_list_shows_newest_first_and_sorts_by_name(sign_in, staff, institution):
    mission(institution, name="Bêta", starts_on=date(2026, 1, 10))
    mission(institution, name="Alpha", starts_on=date(2025, 6, 1))
    mission(institution, name="Gamma", starts_on=date(2026, 3, 21))
    browser = sign_in(staff)
    assert _names(browser.get("/missions/").get_data(as_text=True)) == ["Gamma", "Bêta", "Alpha"]
    assert _names(browser.get("/missions/?sort=start").get_data(as_text=True)) == [
        "Alpha",
        "Bêta",
        "Gamma",
    ]
    assert _names(browser.get("/missions/?sort=name").get_data(as_text=True))[0] == "Alpha"


def test_filters(sign_in, staff, institution, other_institution):
    mission(
        institution,
        name="Maroc",
        country="MA",
        cities="Rabat",
        starts_on=date(2026, 3, 21),
        status="completed",
        delegation_institutions=[institution, other_institution],
    )
    mission(
        institution,
        name="Sénégal",
        country="SN",
        starts_on=date(2026, 9, 1),
        delegation_institutions=[institution],
    )
    browser = sign_in(staff)

    def names(query: str) -> list[str]:
        return _names(browser.get(f"/missions/?{query}").get_data(as_text=True))

    assert names("status=completed") == ["Maroc"]
    assert names("country=SN") == ["Sénégal"]
    assert names("institution=CTH") == ["Maroc"]
    assert names("start_from=2026-06-01") == ["Sénégal"]
    assert names("start_until=2026-06-01") == ["Maroc"]
    assert names("q=rabat") == ["Maroc"]
    # Values no choice has filter nothing instead of failing.
    response = browser.get("/missions/?status=lost&country=ZZ&start_from=demain&page=x")
    assert response.status_code == 200
    assert _names(response.get_data(as_text=True)) == ["Sénégal", "Maroc"]


def test_pages_and_meeting_counts(sign_in, staff, institution):
    db.session.add_all(
        Mission(
            name=f"Mission {n:03}",
            country="MA",
            starts_on=date(2020, 1, 1),
            ends_on=date(2020, 1, 2),
            institution=institution,
        )
        for n in range(60)
    )
    db.session.commit()
    first = db.session.scalar(sa.select(Mission).where(Mission.name == "Mission 000"))
    person = factories.contact(institution)
    meeting(first, [person], [staff])
    meeting(first, [person], [staff])
    browser = sign_in(staff)
    second = browser.get("/missions/?sort=name&page=2").get_data(as_text=True)
    assert _names(second) == [f"Mission {n:03}" for n in range(50, 60)]
    page = browser.get("/missions/?sort=name").get_data(as_text=True)
    row = page[page.index("Mission 000") :]
    assert re.search(r'<td class="text-end">2</td>', row[: row.index("</tr>")])


def test_member_missions_of_others_do_not_exist(sign_in, staff, other_institution):
    hidden = mission(other_institution, name="Secrète", visibility="member")
    browser = sign_in(staff)
    assert "Secrète" not in browser.get("/missions/").get_data(as_text=True)
    before = snapshot()
    assert browser.get(f"/missions/{hidden.id}").status_code == 404
    assert browser.get(f"/missions/{hidden.id}/edit").status_code == 404
    assert browser.post(f"/missions/{hidden.id}/follow-ups").status_code == 404
    meeting_form = {
        "new_given_name": "A",
        "new_family_name": "B",
        "occurred_at": "2026-03-23T10:00",
    }
    assert browser.post(f"/missions/{hidden.id}/meetings", meeting_form).status_code == 404
    assert snapshot() == before


def test_create_with_delegation(sign_in, staff, institution, other_institution):
    colleague = factories.user(role="staff", institution=other_institution, name="Marie Roy")
    browser = sign_in(staff)
    form = browser.get("/missions/new").get_data(as_text=True)
    assert f'value="{staff.id}" checked' in form  # the author is in the delegation by default
    response = browser.post(
        "/missions/new",
        _form(
            delegates=[str(staff.id), str(colleague.id)],
            delegation_institutions=[str(institution.id), str(other_institution.id)],
        ),
    )
    assert response.status_code == 302
    created = db.session.scalar(sa.select(Mission))
    assert response.headers["Location"] == f"/missions/{created.id}"
    assert created.country == "SN" and created.ends_on == date(2026, 5, 10)
    assert {u.id for u in created.delegates} == {staff.id, colleague.id}
    assert {i.code for i in created.delegation_institutions} == {"CSI", "CTH"}
    assert created.institution_id == staff.institution_id
    page = browser.get(f"/missions/{created.id}").get_data(as_text=True)
    assert "Sénégal" in page and "Marie Roy" in page and "planifiée" in page


def test_an_end_before_the_start_is_refused_next_to_the_end(sign_in, staff):
    response = sign_in(staff).post(
        "/missions/new", _form(starts_on="2026-05-10", ends_on="2026-05-04", name="")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'value="Dakar, Thiès"' in page
    errors = re.search(r'id="ends_on-errors">([^<]+)<', page)
    assert errors and "La date de fin ne peut pas précéder la date de début." in errors.group(1)
    assert 'id="name-errors"' in page
    assert db.session.scalar(sa.select(sa.func.count(Mission.id))) == 0


def test_a_stale_edit_shows_the_other_change_and_overwrites_nothing(
    sign_in, staff, director, institution
):
    record = mission(institution, name="Maroc", cities="Rabat")
    first, second = sign_in(staff), sign_in(director)
    form = _form(name="Maroc", country="MA", version="1")
    assert (
        first.post(f"/missions/{record.id}/edit", form | {"cities": "Casablanca"}).status_code
        == 302
    )
    response = second.post(f"/missions/{record.id}/edit", form | {"cities": "Khouribga"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Quelqu’un d’autre a modifié cette fiche" in page
    assert "Casablanca" in page and 'value="Khouribga"' in page
    assert 'name="version" type="hidden" value="2"' in page
    db.session.rollback()
    assert db.session.get(Mission, record.id).cities == "Casablanca"


def test_a_change_of_delegation_alone_is_a_new_version(sign_in, staff, institution):
    record = mission(institution, name="Maroc", delegates=[staff])
    other = factories.user(role="staff", institution=institution)
    browser = sign_in(staff)
    form = _form(name="Maroc", country="MA", starts_on="2026-03-21", ends_on="2026-03-21")
    form |= {"cities": "", "status": "planned"}
    same = form | {"delegates": [str(staff.id)], "version": "1"}
    assert browser.post(f"/missions/{record.id}/edit", same).status_code == 302
    db.session.rollback()
    assert db.session.get(Mission, record.id).version == 1  # nothing changed: same version
    both = form | {"delegates": [str(staff.id), str(other.id)], "version": "1"}
    assert browser.post(f"/missions/{record.id}/edit", both).status_code == 302
    db.session.rollback()
    saved = db.session.get(Mission, record.id)
    assert saved.version == 2 and len(saved.delegates) == 2


def test_archive_restore_delete(sign_in, staff, institution):
    record = mission(institution, name="Archivable")
    browser = sign_in(staff)
    url = f"/missions/{record.id}"
    assert browser.post(url + "/archive", {"version": "1"}).status_code == 302
    assert "Archivable" not in browser.get("/missions/").get_data(as_text=True)
    assert "Archivable" in browser.get("/missions/?archived=only").get_data(as_text=True)
    assert browser.post(url + "/restore", {"version": "2"}).status_code == 302
    assert browser.post(url + "/delete", {"version": "1"}).status_code == 302  # stale: nothing
    db.session.rollback()
    assert db.session.get(Mission, record.id) is not None
    assert browser.post(url + "/delete", {"version": "3"}).status_code == 302
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Mission.id))) == 0


def test_viewers_change_nothing_and_see_no_buttons(sign_in, viewer, institution):
    record = mission(institution)
    browser = sign_in(viewer)
    assert browser.get("/missions/new").status_code == 403
    assert browser.get(f"/missions/{record.id}/edit").status_code == 403
    page = browser.get(f"/missions/{record.id}").get_data(as_text=True)
    assert "Modifier" not in page and "Ajouter une rencontre" not in page
    assert "Créer les suivis manquants" not in page


def test_mission_page_shows_meetings_oldest_first_and_what_came_out(
    sign_in, staff, institution, other_institution
):
    record = mission(
        institution,
        name="Maroc",
        outcomes="Entente signée à Rabat.",
        delegates=[staff],
        delegation_institutions=[institution],
    )
    fatima = factories.contact(institution, "Fatima", "Idrissi")
    omar = factories.contact(institution, "Omar", "Tazi")
    meeting(record, [omar], [staff], at=datetime(2026, 3, 25, 14, tzinfo=UTC), subject="Second")
    meeting(record, [fatima], [staff], at=datetime(2026, 3, 23, 14, tzinfo=UTC), subject="Premier")
    meeting(
        record,
        [fatima],
        [],
        subject="Cachée",
        institution=other_institution,
        visibility="member",
    )
    db.session.add(
        Agreement(
            title="Entente du consortium",
            kind="consortium",
            institution=institution,
            mission_id=record.id,
        )
    )
    db.session.add(
        Project(
            name="AEC salles de contrôle",
            kind="training_offer",
            institution=institution,
            missions=[record],
        )
    )
    db.session.commit()
    page = sign_in(staff).get(f"/missions/{record.id}").get_data(as_text=True)
    assert page.index("Premier") < page.index("Second")
    assert "Cachée" not in page
    assert "Fatima Idrissi" in page and "Omar Tazi" in page and staff.name in page
    assert "Entente signée à Rabat." in page
    assert "Entente du consortium" in page and "AEC salles de contrôle" in page


def test_the_text_filter_ignores_case_and_accents(sign_in, staff, institution):
    from datetime import date

    from crm.missions.models import Mission

    db.session.add(
        Mission(
            name="Mission des cégeps au Maroc",
            country="MA",
            cities="Fès",
            starts_on=date(2026, 3, 21),
            ends_on=date(2026, 3, 27),
            institution=institution,
        )
    )
    db.session.add(
        Mission(
            name="Salon à Lyon",
            country="FR",
            starts_on=date(2026, 5, 1),
            ends_on=date(2026, 5, 3),
            institution=institution,
        )
    )
    db.session.commit()
    browser = sign_in(staff)
    for text in ("cegeps", "CÉGEPS", "fes", "maroc"):
        page = browser.get(f"/missions/?q={text}").get_data(as_text=True)
        assert "Mission des cégeps au Maroc" in page and "Salon à Lyon" not in page, text
