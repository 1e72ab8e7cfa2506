"""A new admin's first steps, in the browser: sign in, see the demo follow-ups in French,
close one, switch to English."""

from crm.core.clock import today
from crm.demo.seed import seed_demo
from crm.extensions import db


def test_admin_sees_demo_follow_ups_in_french(live_server, page, screenshots):
    report = seed_demo(today(), admin_email="admin@passerelle.local")
    db.session.commit()
    db.session.remove()

    page.goto(live_server + "/")
    assert "/login" in page.url
    assert page.locator("html").get_attribute("lang") == "fr"
    page.screenshot(path=screenshots / "login.png")
    page.get_by_label("Courriel").fill("admin@passerelle.local")
    page.get_by_label("Mot de passe").fill(report.admin_password)
    page.get_by_role("button", name="Se connecter").click()

    page.wait_for_url(live_server + "/")
    heading = page.get_by_role("heading", name="Mes suivis ouverts")
    assert heading.is_visible()
    items = page.locator("#main li.list-group-item")
    assert items.count() == 4
    assert "En retard" in items.first.inner_text()
    assert "Envoyer le devis" in items.first.inner_text()
    page.screenshot(path=screenshots / "home-fr.png", full_page=True)

    items.nth(1).get_by_role("button", name="Fait").click()
    page.wait_for_load_state()
    assert "marqué comme fait" in page.locator(".alert").inner_text()
    assert page.locator("#main li.list-group-item").count() == 3

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="My open follow-ups").is_visible()
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=screenshots / "home-en.png", full_page=True)

    page.get_by_role("button", name="Administrateur").click()  # the account menu
    page.get_by_role("link", name="Users").click()
    assert page.get_by_role("heading", name="Users").is_visible()
    page.screenshot(path=screenshots / "users.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + "/")
    page.screenshot(path=screenshots / "home-phone.png", full_page=True)
