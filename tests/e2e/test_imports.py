"""The import pages in headless Chromium: a Windows-1252 file from upload to result."""

from __future__ import annotations

import pytest

from crm.extensions import db
from tests import factories
from tests.imports.files import CONTACT_LINES, GOOD_CONTACTS, cp1252, organizations_for_contacts

pytestmark = pytest.mark.e2e


def test_staff_imports_contacts_in_the_browser(
    live_server, page, screenshots, institution, tmp_path
):
    factories.user(role="staff", institution=institution, email="agente@cegep.local")
    organizations_for_contacts(institution)
    db.session.remove()
    path = tmp_path / "contacts.csv"
    path.write_bytes(cp1252(CONTACT_LINES))

    page.goto(live_server + "/login")
    page.get_by_label("Courriel").fill("agente@cegep.local")
    page.get_by_label("Mot de passe").fill(factories.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server + "/")

    page.goto(live_server + "/contacts/")
    page.get_by_role("link", name="Importer un fichier").click()
    page.get_by_label("Fichier").set_input_files(str(path))
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_load_state()
    assert page.get_by_label("Prénom").input_value() == "given_name"
    assert page.get_by_label("Remarque libre").input_value() == ""
    page.screenshot(path=screenshots / "import-columns.png", full_page=True)
    page.get_by_role("button", name="Prévisualiser l’importation").click()
    page.wait_for_load_state()
    assert f"{GOOD_CONTACTS} lignes à importer" in page.locator("#import-counts").inner_text()
    assert page.locator("#import-rows tbody tr.table-danger").count() == 4
    page.screenshot(path=screenshots / "import-preview.png", full_page=True)
    page.get_by_role("button", name=f"Importer {GOOD_CONTACTS} lignes").click()
    page.wait_for_load_state()
    assert f"{GOOD_CONTACTS} lignes importées" in page.locator("#import-counts").inner_text()
    assert page.locator("#refused-rows tbody tr").count() == 4
    page.screenshot(path=screenshots / "import-result.png", full_page=True)

    page.get_by_role("link", name="Retour aux contacts").click()
    page.wait_for_load_state()
    assert page.locator("tbody tr").count() == GOOD_CONTACTS
