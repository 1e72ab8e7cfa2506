"""Staff find two records of one person, compare them and merge them, in the browser."""

from crm.contacts.models import Contact
from crm.extensions import db
from tests import factories
from tests.interactions.factories import interaction


def test_staff_compare_and_merge_two_contacts(live_server, page, screenshots, institution):
    factories.user(role="staff", institution=institution, email="agente@cegep.local")
    school = factories.organization(institution, "École des mines de l’Atlas", country="MA")
    kept = factories.contact(institution, "Élodie", "Côté", organization=school)
    other = factories.contact(
        institution, "cote", "elodie", organization=school, job_title="Doyenne"
    )
    interaction(institution, contacts=[other], subject="Visite de Rabat")
    kept_id, other_id = kept.id, other.id
    db.session.remove()

    page.goto(live_server + "/login")
    page.get_by_label("Courriel").fill("agente@cegep.local")
    page.get_by_label("Mot de passe").fill(factories.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server + "/")

    page.goto(live_server + "/duplicates/")
    assert "noms semblables (100 %)" in page.locator("table.duplicates").inner_text()
    page.screenshot(path=screenshots / "duplicates.png", full_page=True)
    page.get_by_role("link", name="Comparer").click()
    page.wait_for_url(f"{live_server}/duplicates/contacts/{kept_id}/{other_id}")
    assert page.get_by_label("Doyenne").is_checked()  # the kept one had none
    page.get_by_label("cote", exact=True).check()
    page.screenshot(path=screenshots / "duplicates-compare.png", full_page=True)
    page.get_by_role("button", name="Fusionner").click()
    page.wait_for_url(f"{live_server}/contacts/{kept_id}")
    assert "fusionné dans" in page.locator(".alert").first.inner_text()
    assert "Visite de Rabat" in page.locator("ol.timeline").inner_text()

    db.session.remove()
    assert db.session.get(Contact, other_id) is None
    merged = db.session.get(Contact, kept_id)
    assert (merged.given_name, merged.job_title) == ("cote", "Doyenne")
