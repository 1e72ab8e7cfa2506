"""On a phone during the mission: open the demo mission, type a meeting with someone new,
then create the follow-ups the meetings call for; the project that came out of it."""

import sqlalchemy as sa

from crm.contacts.models import Contact
from crm.core.clock import today
from crm.demo.seed import seed_demo
from crm.extensions import db
from crm.followups.models import FollowUp


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= 390


def test_quick_meeting_and_follow_ups_on_a_phone(live_server, page, screenshots):
    report = seed_demo(today(), admin_email="admin@passerelle.local")
    db.session.commit()
    db.session.remove()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + "/login")
    page.get_by_label("Courriel").fill("admin@passerelle.local")
    page.get_by_label("Mot de passe").fill(report.admin_password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server + "/")

    page.goto(live_server + "/missions/")
    assert page.get_by_role("heading", name="Missions").is_visible()
    assert _fits_the_screen(page)
    page.screenshot(path=screenshots / "missions-phone.png", full_page=True)

    page.get_by_role("link", name="Mission au Maroc des directions des trois cégeps").click()
    assert page.get_by_role("heading", name="Ajouter une rencontre").is_visible()
    assert _fits_the_screen(page)
    page.get_by_label("Prénom").fill("Nadia")
    page.get_by_label("Nom de famille").fill("Chraibi")
    page.get_by_label("Organisation").fill("Office chérifien des phosphates")
    page.get_by_label("Notes").fill("Intérêt pour des stages en maintenance.")
    page.get_by_role("button", name="Enregistrer la rencontre").click()
    page.wait_for_load_state()
    assert (
        "Rencontre « Rencontre avec Nadia Chraibi » enregistrée."
        in page.locator(".alert").inner_text()
    )
    meetings = page.locator("#meetings li.list-group-item")
    assert "Nadia Chraibi" in meetings.last.inner_text()  # the newest comes last

    page.get_by_role("button", name="Créer les suivis manquants").click()
    page.wait_for_load_state()
    # Omar Tazi, the three signatories and Nadia Chraibi had no open follow-up yet.
    assert "2 suivis créés." in page.locator(".alert").inner_text()  # not the delegation
    db.session.rollback()
    nadia = db.session.scalar(sa.select(Contact).where(Contact.family_name == "Chraibi"))
    follow_up = db.session.scalar(sa.select(FollowUp).where(FollowUp.contact_id == nadia.id))
    assert follow_up.title.startswith("Relancer Nadia Chraibi (")
    db.session.remove()  # let go of the database: the server writes next
    page.screenshot(path=screenshots / "mission-phone.png", full_page=True)

    page.get_by_role("button", name="Créer les suivis manquants").click()
    page.wait_for_load_state()
    assert "ont déjà un suivi ouvert" in page.locator(".alert").inner_text()

    page.get_by_role("link", name="AEC spécialisée en salles de contrôle").click()
    assert page.get_by_role("heading", name="Jalons").is_visible()
    assert _fits_the_screen(page)
    page.screenshot(path=screenshots / "project-phone.png", full_page=True)

    page.get_by_role("link", name="Modifier").click()
    assert page.get_by_label("Nom", exact=True).input_value().startswith("AEC spécialisée")
    assert _fits_the_screen(page)
    page.screenshot(path=screenshots / "project-form-phone.png", full_page=True)
