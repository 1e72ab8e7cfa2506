"""In the browser, in French: filter the contacts, click "CSV" next to "Exporter :" and get
the file of that list."""

import csv
import io

from crm.extensions import db
from tests import factories


def test_staff_exports_the_filtered_contacts(live_server, page, screenshots, institution):
    factories.user(role="staff", institution=institution, email="agente@cegep.local")
    ema = factories.organization(institution, name="École des mines de l’Atlas", country="MA")
    factories.contact(institution, "Amélie", "Côté", organization=ema, email="amelie@ema.ma")
    factories.contact(institution, "Léa", "Tremblay", is_student=True)
    db.session.remove()

    page.goto(live_server + "/login")
    page.get_by_label("Courriel").fill("agente@cegep.local")
    page.get_by_label("Mot de passe").fill(factories.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server + "/")

    page.goto(live_server + "/contacts/?student=no")
    assert "Exporter :" in page.locator("#export-links").inner_text()
    page.screenshot(path=screenshots / "contacts-export.png", full_page=True)
    # Contacts are personal information: the register of communications asks first.
    page.locator("#export-links").get_by_role("link", name="CSV").click()
    page.locator("#communication-recipient").fill("Direction des études")
    page.locator("#communication-purpose").fill("Préparer la mission au Maroc")
    page.screenshot(path=screenshots / "contacts-export-communication.png", full_page=True)
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Consigner et télécharger").click()
    download = download_info.value
    assert download.suggested_filename.startswith("contacts-")
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), "rb") as file:
        data = file.read()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(r["Nom de famille"], r["Prénom"], r["Organisation"]) for r in rows] == [
        ("Côté", "Amélie", "École des mines de l’Atlas")
    ]
