"""A director opens the dashboard in French on the demo data: the Morocco mission's pipeline,
the consortium agreement, Morocco and Canada shaded on the map; nothing is fetched from
anywhere but the app; the board report shows in print form and downloads as a PDF."""

from urllib.parse import urlsplit

from crm.core.clock import today
from crm.demo.seed import seed_demo
from crm.extensions import db
from crm.users.operations import find_by_email, set_password

PASSWORD = "mot-de-passe-du-directeur"


def test_director_dashboard_in_french_offline(live_server, page, screenshots):
    seed_demo(today())
    set_password(find_by_email("robert.rousseau@cth.example"), PASSWORD)
    db.session.commit()
    db.session.remove()
    elsewhere: list[str] = []
    here = urlsplit(live_server).netloc
    page.on(
        "request",
        lambda r: (
            elsewhere.append(r.url)
            if urlsplit(r.url).netloc != here and not r.url.startswith("data:")
            else None
        ),
    )

    page.goto(live_server + "/login")
    page.get_by_label("Courriel").fill("robert.rousseau@cth.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server + "/dashboard/")  # a director's home page

    assert page.get_by_role("heading", name="Tableau de bord").is_visible()
    # The demo's mission was in March: this year's dashboard shows its pipeline.
    pipeline = page.locator(".pipeline").filter(
        has_text="Mission au Maroc des directions des trois cégeps"
    )
    assert pipeline.count() == 1
    assert pipeline.locator("svg.chart rect").count() >= 5
    assert "Rencontres tenues" in pipeline.locator("svg.chart").text_content()
    consortium = "Entente de création du consortium collégial en formation minière"
    assert page.locator("#signed-list").get_by_role("link", name=consortium).is_visible()

    for code in ("MA", "CA"):
        country = page.locator(f'#world-map path[data-country="{code}"]')
        assert "shaded" in country.get_attribute("class")
    assert page.locator('#world-map path[data-country="FR"]').get_attribute("class") is None
    # The mobility agreement that came out of the mission, and its students this year
    # (Thetford's students, private to it: Robert Rousseau directs Thetford).
    assert pipeline.locator('tr[data-stage="exchanges"] a').inner_text() == "3"
    this_year = page.locator('#exchanges-per-year tr[data-key="2026"]')
    assert this_year.locator("a").all_inner_texts() == ["1", "2"]  # outgoing, incoming
    page.screenshot(path=screenshots / "dashboard-fr.png", full_page=True)

    # A figure of the funnel leads to the list it counts: the people met.
    people = pipeline.locator('tr[data-stage="people"] a')
    met = int(people.inner_text())
    people.click()
    page.wait_for_load_state()
    assert "Seulement ce qui est issu de la mission" in page.locator("#mission-scope").inner_text()
    assert f"sur {met}" in page.locator("#main").inner_text()
    page.go_back()

    page.get_by_role("link", name="Rapport au conseil", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role(
        "heading", name="Rapport au conseil : partenariats internationaux"
    ).is_visible()
    page.emulate_media(media="print")
    page.screenshot(path=screenshots / "board-report-print.png", full_page=True)
    page.emulate_media(media="screen")

    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en PDF").click()
    pdf = download.value
    assert pdf.suggested_filename.startswith(
        "rapport-conseil-"
    ) and pdf.suggested_filename.endswith(".pdf")
    with open(pdf.path(), "rb") as file:
        assert file.read(5) == b"%PDF-"
    assert elsewhere == [], f"fetched from elsewhere: {elsewhere}"


def test_dashboard_fits_a_phone(live_server, page, screenshots):
    seed_demo(today())
    set_password(find_by_email("robert.rousseau@cth.example"), PASSWORD)
    db.session.commit()
    db.session.remove()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server + "/login")
    page.get_by_label("Courriel").fill("robert.rousseau@cth.example")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server + "/dashboard/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=screenshots / "dashboard-phone.png", full_page=True)
