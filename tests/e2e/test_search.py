"""Searching from the header, with and without accents, in the browser."""

from crm.core.clock import today
from crm.demo.seed import seed_demo
from crm.extensions import db


def test_search_from_the_header_without_accents(live_server, page, screenshots):
    report = seed_demo(today(), admin_email="admin@passerelle.local")
    db.session.commit()
    db.session.remove()
    page.goto(live_server + "/login")
    page.get_by_label("Courriel").fill("admin@passerelle.local")
    page.get_by_label("Mot de passe").fill(report.admin_password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server + "/")

    box = page.locator("#header-search")
    box.fill("quebec")
    box.press("Enter")
    page.wait_for_load_state()
    results = page.get_by_role("list", name="Résultats")
    assert "Institut national des mines du Québec" in results.inner_text()
    page.screenshot(path=screenshots / "search.png", full_page=True)

    page.locator("#header-search").fill("temisc")
    page.locator("#header-search").press("Enter")
    page.wait_for_load_state()
    assert "Dany Mercier" in page.get_by_role("list", name="Résultats").inner_text()

    page.locator("#header-search").fill("École des mines")
    page.locator("#header-search").press("Enter")
    page.wait_for_load_state()
    page.get_by_role("link", name="École des mines de l'Atlas", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("École des mines")
