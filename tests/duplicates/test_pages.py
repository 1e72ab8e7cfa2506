"""The duplicates pages, in French: the list, the comparison, merge, conflict,
"not duplicates", and who may do what."""

from __future__ import annotations

import re

from crm.contacts.models import Contact
from crm.extensions import db
from tests import factories
from tests.conftest import snapshot
from tests.interactions.factories import interaction


def _pair(institution, **values):
    a = factories.contact(institution, "Élodie", "Côté", email="e.cote@ema.ma", **values)
    b = factories.contact(institution, "cote", "elodie", email="E.COTE@ema.ma", job_title="Doyenne")
    return a, b


def _merge_form(kept, other, **choices) -> dict:
    return {"version": str(kept.version), "other_version": str(other.version)} | {
        f"keep_{name}": value for name, value in choices.items()
    }


def test_the_list_in_french_with_its_reasons(sign_in, staff, institution):
    a, b = _pair(institution)
    factories.organization(institution, "Université Mohammed V", country="MA")
    factories.organization(institution, "universite mohammed v", country="MA")
    browser = sign_in(staff)
    page = browser.get("/duplicates/").get_data(as_text=True)
    assert "Doublons probables" in page
    assert "même courriel e.cote@ema.ma" in page
    assert f"/duplicates/contacts/{a.id}/{b.id}" in page
    page = browser.get("/duplicates/?tab=organizations").get_data(as_text=True)
    assert "noms semblables (100 %)" in page
    assert "Université Mohammed V" in page


def test_the_menu_links_it_for_staff_not_viewers(sign_in, staff, viewer):
    assert 'href="/duplicates/"' in sign_in(staff).get("/profile").get_data(as_text=True)
    browser = sign_in(viewer)
    assert 'href="/duplicates/"' not in browser.get("/profile").get_data(as_text=True)
    assert browser.get("/duplicates/").status_code == 403


def test_compare_shows_every_field_choices_and_links(sign_in, staff, institution):
    a, b = _pair(institution)
    interaction(institution, contacts=[b])
    page = sign_in(staff).get(f"/duplicates/contacts/{a.id}/{b.id}").get_data(as_text=True)
    assert "Comparer deux contacts" in page
    # The differing fields get radios, the kept value or the non-empty one chosen.
    assert re.search(r'name="keep_given_name" id="keep_given_name_kept" value="kept" checked', page)
    assert re.search(r'name="keep_job_title" id="keep_job_title_other" value="other" checked', page)
    assert 'name="keep_notes"' not in page  # both empty: the same
    assert "Fiches liées" in page and "Ententes (comme signataire)" in page
    assert f'href="/duplicates/contacts/{b.id}/{a.id}"' in page  # the swap
    assert ">Fusionner<" in page and "Pas des doublons" in page


def test_merge_from_the_page(sign_in, staff, institution):
    a, b = _pair(institution)
    meeting = interaction(institution, contacts=[b])
    gone = b.id
    browser = sign_in(staff)
    response = browser.post(
        f"/duplicates/contacts/{a.id}/{b.id}/merge",
        _merge_form(a, b, given_name="other", job_title="other"),
    )
    assert response.status_code == 302
    assert response.headers["Location"] == f"/contacts/{a.id}"
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "fusionné dans" in page
    db.session.rollback()
    assert db.session.get(Contact, gone) is None
    kept = db.session.get(Contact, a.id)
    assert (kept.given_name, kept.job_title) == ("cote", "Doyenne")
    assert [c.id for c in db.session.merge(meeting).contacts] == [a.id]


def test_a_stale_page_gets_the_conflict_answer_and_nothing_changes(sign_in, staff, institution):
    a, b = _pair(institution)
    form = _merge_form(a, b)
    b.job_title = "Vice-doyenne"  # someone saves the other record meanwhile
    db.session.commit()
    browser = sign_in(staff)
    before = snapshot()
    response = browser.post(f"/duplicates/contacts/{a.id}/{b.id}/merge", form)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Quelqu’un d’autre a modifié cette fiche" in page
    assert "Vice-doyenne" in page  # the page shows the record as it is now
    assert snapshot() == before


def test_a_bad_choice_is_refused_and_nothing_changes(sign_in, staff, institution):
    a, b = _pair(institution)
    browser = sign_in(staff)
    before = snapshot()
    response = browser.post(
        f"/duplicates/contacts/{a.id}/{b.id}/merge", _merge_form(a, b, given_name="both")
    )
    assert response.status_code == 422
    assert "Choisissez la valeur à garder." in response.get_data(as_text=True)
    assert snapshot() == before


def test_a_viewer_gets_403_on_every_post(sign_in, viewer, institution):
    a, b = _pair(institution)
    browser = sign_in(viewer)
    before = snapshot()
    for action in ("merge", "dismiss"):
        response = browser.post(f"/duplicates/contacts/{a.id}/{b.id}/{action}", _merge_form(a, b))
        assert response.status_code == 403
    assert snapshot() == before


def test_a_private_record_of_another_institution_does_not_exist(
    sign_in, staff, institution, other_institution
):
    a = factories.contact(institution, "Léa", "Roy")
    hidden = factories.contact(other_institution, "Léa", "Roy", visibility="member")
    browser = sign_in(staff)
    before = snapshot()
    assert browser.get(f"/duplicates/contacts/{a.id}/{hidden.id}").status_code == 404
    for kept, other in ((a, hidden), (hidden, a)):
        url = f"/duplicates/contacts/{kept.id}/{other.id}/merge"
        assert browser.post(url, _merge_form(kept, other)).status_code == 404
    assert snapshot() == before


def test_another_institutions_shared_record_is_kept_not_deleted(
    sign_in, staff, institution, other_institution
):
    mine = factories.contact(institution, "Léa", "Roy")
    theirs = factories.contact(other_institution, "Léa", "Roy")
    browser = sign_in(staff)
    page = browser.get(f"/duplicates/contacts/{mine.id}/{theirs.id}").get_data(as_text=True)
    assert "Seul l’établissement propriétaire de la fiche de droite" in page
    before = snapshot()
    url = f"/duplicates/contacts/{mine.id}/{theirs.id}/merge"
    assert browser.post(url, _merge_form(mine, theirs)).status_code == 403
    assert snapshot() == before
    url = f"/duplicates/contacts/{theirs.id}/{mine.id}/merge"
    assert browser.post(url, _merge_form(theirs, mine)).status_code == 302


def test_not_duplicates_removes_the_pair_from_the_list(sign_in, staff, institution):
    a, b = _pair(institution)
    browser = sign_in(staff)
    response = browser.post(f"/duplicates/contacts/{b.id}/{a.id}/dismiss")
    assert response.status_code == 302
    page = browser.get(response.headers["Location"]).get_data(as_text=True)
    assert "ne seront plus proposés" in page
    assert "Aucun doublon probable trouvé." in page


def test_organizations_merge_from_the_page(sign_in, staff, institution):
    a = factories.organization(institution, "Managem", country="MA")
    b = factories.organization(institution, "MANAGEM", country="MA", city="Marrakech")
    factories.contact(institution, organization=b)
    browser = sign_in(staff)
    page = browser.get(f"/duplicates/organizations/{a.id}/{b.id}").get_data(as_text=True)
    assert "Comparer deux organisations" in page and "Marrakech" in page
    response = browser.post(f"/duplicates/organizations/{a.id}/{b.id}/merge", _merge_form(a, b))
    assert response.headers["Location"] == f"/organizations/{a.id}"
    db.session.rollback()
    assert (a.city, len(db.session.merge(a).name)) == ("Marrakech", 7)


def test_the_same_record_twice_is_404(sign_in, staff, institution):
    a = factories.contact(institution)
    assert sign_in(staff).get(f"/duplicates/contacts/{a.id}/{a.id}").status_code == 404
