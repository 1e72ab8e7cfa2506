"""A staff member's main path, in the browser: add a contact to an organization, then log
an interaction from the contact's page in two clicks and find it in the timeline."""

from crm.extensions import db
from tests import factories


def test_staff_logs_an_interaction_from_a_contact_page(live_server, page, screenshots, institution):
    factories.user(role="staff", institution=institution, email="agente@cegep.local")
    factories.organization(institution, name="École des mines de l’Atlas", country="MA")
    for given, family in (("Karim", "Benali"), ("Omar", "Tazi"), ("Yasmine", "Idrissi")):
        factories.contact(institution, given, family, email=f"{given.lower()}@example.org")
    db.session.remove()

    page.goto(live_server + "/login")
    page.get_by_label("Courriel").fill("agente@cegep.local")
    page.get_by_label("Mot de passe").fill(factories.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server + "/")

    page.get_by_role("link", name="Organisations").click()
    page.get_by_role("link", name="École des mines de l’Atlas").click()
    page.get_by_role("link", name="Nouveau contact").click()
    assert page.get_by_label("Organisation").input_value() != ""
    page.get_by_label("Prénom").fill("Fatima")
    page.get_by_label("Nom de famille").fill("Zahra")
    page.get_by_label("Fonction").fill("Directrice des stages")
    page.get_by_label("Adresses courriel").fill("f.zahra@ema.ma\nfatima.zahra@gmail.com")
    page.get_by_label("Source de l’information").select_option("event")
    page.get_by_label("Date du consentement").fill("2026-03-23")
    page.screenshot(path=screenshots / "contact-form.png", full_page=True)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Fatima Zahra").is_visible()
    contact_url = page.url

    # Two clicks: the button, then Save on the prefilled form.
    page.get_by_role("link", name="Consigner une interaction").click()
    page.wait_for_load_state()
    assert page.get_by_label("Contacts concernés").locator("option:checked").inner_text() == (
        "Zahra, Fatima — École des mines de l’Atlas"
    )
    page.get_by_label("Objet").fill("Stages d’été 2026")
    page.get_by_label("Lieu").fill("Rabat")
    page.get_by_label("Date et heure").fill("2026-03-23T10:30")
    page.screenshot(path=screenshots / "interaction-form.png", full_page=True)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(contact_url)
    assert "consignée" in page.locator(".alert").inner_text()
    timeline = page.locator("ol.timeline")
    assert "Stages d’été 2026" in timeline.inner_text()
    assert "23 mars 2026" in timeline.inner_text()
    page.screenshot(path=screenshots / "contact.png", full_page=True)

    page.get_by_role("link", name="Contacts", exact=True).first.click()
    page.wait_for_load_state()
    assert page.locator("tbody tr").count() == 4
    page.screenshot(path=screenshots / "contacts.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(contact_url)
    page.screenshot(path=screenshots / "contact-phone.png", full_page=True)
