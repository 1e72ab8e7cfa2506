"""Follow-ups and student exchanges in the browser: open "My follow-ups", close one,
hand one to a colleague, then record a student exchange and accept it."""

from crm.core.clock import today
from crm.extensions import db
from tests import factories
from tests.exchanges import factories as exchange_factories


def test_my_follow_ups_then_a_new_exchange(live_server, app, page, screenshots):
    institution = factories.institution(code="CSI", name_fr="Cégep de Sept-Îles")
    me = factories.user(institution=institution, name="Marie Tremblay", email="marie@example.org")
    factories.user(institution=institution, name="Claire Dubois")
    day = today()
    factories.follow_up(me, title="Envoyer le devis", due_in_days=-2, today=day)
    factories.follow_up(me, title="Appeler Rabat", due_in_days=0, today=day)
    factories.follow_up(me, title="Préparer la mission", due_in_days=30, today=day)
    exchange_factories.student_contact(institution, given_name="Léa", family_name="Roy")
    factories.organization(institution, name="École des mines de l’Atlas", country="MA")
    db.session.remove()

    page.goto(live_server + "/login")
    page.get_by_label("Courriel").fill("marie@example.org")
    page.get_by_label("Mot de passe").fill(factories.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server + "/")

    navbar = page.get_by_role("navigation", name="Navigation principale")
    navbar.get_by_role("link", name="Suivis").click()
    page.wait_for_url(live_server + "/follow-ups/mine")
    assert page.get_by_role("heading", name="Mes suivis").is_visible()
    overdue = page.locator("#overdue")
    assert "Envoyer le devis" in overdue.inner_text()
    assert "Appeler Rabat" in page.locator("#today").inner_text()
    assert "Préparer la mission" in page.locator("#later").inner_text()
    page.screenshot(path=screenshots / "followups-mine.png", full_page=True)

    overdue.get_by_role("button", name="Fait").click()
    page.wait_for_load_state()
    assert "« Envoyer le devis » marqué comme fait" in page.locator(".alert").inner_text()
    assert page.locator("#overdue").count() == 0

    today_section = page.locator("#today")
    today_section.get_by_label("Confier « Appeler Rabat » à").select_option(
        label="Claire Dubois (CSI)"
    )
    today_section.get_by_role("button", name="Réassigner").click()
    page.wait_for_load_state()
    assert "confié à Claire Dubois" in page.locator(".alert").inner_text()
    assert page.locator("#today").count() == 0

    page.get_by_role("link", name="Tous les suivis").click()
    page.get_by_label("Statut").select_option(label="Tous les statuts")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Appeler Rabat").is_visible()
    page.screenshot(path=screenshots / "followups-list.png", full_page=True)
    page.get_by_role("link", name="Préparer la mission").click()
    assert page.get_by_role("heading", name="Préparer la mission").is_visible()
    page.screenshot(path=screenshots / "followup-detail.png", full_page=True)

    navbar.get_by_role("link", name="Échanges").click()
    page.get_by_role("link", name="Nouvel échange étudiant").click()
    page.get_by_label("Étudiant ou étudiante").select_option(label="Léa Roy")
    page.get_by_label("Organisation partenaire").select_option(
        label="École des mines de l’Atlas (MA)"
    )
    page.get_by_label("Programme").fill("Technologie minérale")
    page.get_by_label("Début").fill("2026-08-24")
    page.get_by_label("Fin", exact=True).fill("2026-12-18")
    page.screenshot(path=screenshots / "exchange-form.png", full_page=True)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert "Échange de Léa Roy créé." in page.locator(".alert-success").inner_text()
    assert page.get_by_role("heading", name="Léa Roy").is_visible()
    page.get_by_role("button", name="Accepté par l’hôte").click()
    page.wait_for_load_state()
    assert "L’échange est maintenant accepté." in page.locator(".alert-success").inner_text()
    page.screenshot(path=screenshots / "exchange-detail.png", full_page=True)

    navbar.get_by_role("link", name="Échanges").click()
    assert page.get_by_role("link", name="Léa Roy").is_visible()
    page.screenshot(path=screenshots / "exchanges-list.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + "/follow-ups/mine")
    page.screenshot(path=screenshots / "followups-mine-phone.png", full_page=True)
