"""The import pages, in French: upload → columns → preview → confirm → result."""

from __future__ import annotations

import io
import re
import time

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from crm.contacts.models import Contact
from crm.extensions import db
from crm.imports import reading, storage
from tests import factories
from tests.conftest import snapshot
from tests.imports.files import CONTACT_LINES, GOOD_CONTACTS, cp1252, organizations_for_contacts

TOKEN_URL = re.compile(r"/imports/contacts/([A-Za-z0-9_-]{32})/columns$")


def _count() -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Contact))


def _upload(browser, data: bytes, name: str = "contacts.csv", kind: str = "contacts"):
    return browser.post(
        f"/imports/{kind}/",
        {"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _to_preview(browser, data: bytes) -> str:
    """Upload and keep the recognised columns; the token of the upload."""
    response = _upload(browser, data)
    assert response.status_code == 302, response.get_data(as_text=True)
    token = TOKEN_URL.search(response.headers["Location"]).group(1)
    page = browser.get(f"/imports/contacts/{token}/columns").get_data(as_text=True)
    chosen = dict(
        re.findall(
            r'name="(column_\d+)">\s*(?:<option[^>]*>[^<]*</option>\s*)*?'
            r'<option selected value="([^"]*)"',
            page,
        )
    )
    response = browser.post(f"/imports/contacts/{token}/columns", chosen)
    assert response.status_code == 302, response.get_data(as_text=True)
    assert response.headers["Location"].endswith(f"/imports/contacts/{token}/preview")
    return token


@pytest.fixture
def staff_browser(sign_in, staff):
    organizations_for_contacts(staff.institution)
    return sign_in(staff)


def test_the_whole_flow_in_french(staff_browser, data_dir):
    browser = staff_browser
    listing = browser.get("/contacts/").get_data(as_text=True)
    assert 'href="/imports/contacts/"' in listing
    assert "Importer un fichier" in listing

    page = browser.get("/imports/contacts/").get_data(as_text=True)
    assert "Importer des contacts" in page
    response = _upload(browser, cp1252(CONTACT_LINES))
    token = TOKEN_URL.search(response.headers["Location"]).group(1)
    columns = browser.get(f"/imports/contacts/{token}/columns").get_data(as_text=True)
    assert "Étape 2 de 3" in columns
    assert "Remarque libre" in columns  # an unknown column, shown as not imported
    assert '<option selected value="given_name">Prénom</option>' in columns

    # A field chosen twice, or a required one left out, is refused on the page.
    twice = browser.post(
        f"/imports/contacts/{token}/columns", {"column_0": "given_name", "column_1": "given_name"}
    )
    assert twice.status_code == 422
    assert "est choisi pour plus d’une colonne" in twice.get_data(as_text=True)

    token = _to_preview(browser, cp1252(CONTACT_LINES))
    preview = browser.get(f"/imports/contacts/{token}/preview").get_data(as_text=True)
    assert f"{GOOD_CONTACTS} lignes à importer" in preview
    assert "4 lignes refusées" in preview
    assert "1 ligne ignorée (déjà dans Passerelle)" in preview
    assert preview.count("Sera importée") == GOOD_CONTACTS
    assert "Même personne que la ligne 2." in preview
    assert "importez ou créez d’abord l’organisation" in preview
    assert "Ce champ est requis." in preview  # WTForms' own French
    assert _count() == 0  # nothing before the confirmation

    response = browser.post(f"/imports/contacts/{token}/confirm")
    assert response.status_code == 302
    result_url = f"/imports/contacts/{token}/result"
    assert response.headers["Location"].endswith(result_url)
    assert _count() == GOOD_CONTACTS
    result = browser.get(result_url).get_data(as_text=True)
    assert f"{GOOD_CONTACTS} lignes importées" in result
    assert "Lignes refusées" in result
    assert not list((data_dir / "imports").glob(f"{token}*/upload.*"))  # the file is gone

    # A confirmation sent again imports nothing more.
    again = browser.post(f"/imports/contacts/{token}/confirm")
    assert again.headers["Location"].endswith(result_url)
    assert "déjà été importé" in browser.get(result_url).get_data(as_text=True)
    assert _count() == GOOD_CONTACTS

    download = browser.get(f"/imports/contacts/{token}/refused.csv")
    assert download.headers["Content-Type"].startswith("text/csv")
    text = download.get_data().decode("utf-8-sig")
    assert text.splitlines()[0] == (
        "Ligne;Prénom;Nom;Courriel;Téléphone;Organisation;Fonction;Langue;Remarque libre;Problèmes"
    )
    assert "8;Fatima;Zahra;f.zahra@@ema" in text

    # The same file once more: everything is already there.
    token = _to_preview(browser, cp1252(CONTACT_LINES))
    preview = browser.get(f"/imports/contacts/{token}/preview").get_data(as_text=True)
    assert "0 ligne à importer" in preview
    browser.post(f"/imports/contacts/{token}/confirm")
    assert _count() == GOOD_CONTACTS


def test_organizations_page_links_to_its_import(sign_in, staff):
    page = sign_in(staff).get("/organizations/").get_data(as_text=True)
    assert 'href="/imports/organizations/"' in page
    assert "Importer des organisations" in sign_in(staff).get("/imports/organizations/").get_data(
        as_text=True
    )


def test_a_viewer_gets_403_and_no_link(sign_in, viewer, staff):
    browser = sign_in(viewer)
    assert "/imports/contacts/" not in browser.get("/contacts/").get_data(as_text=True)
    assert browser.get("/imports/contacts/").status_code == 403
    assert browser.get("/imports/organizations/").status_code == 403
    assert _upload(browser, cp1252(CONTACT_LINES)).status_code == 403
    token = _to_preview(sign_in(staff), cp1252(CONTACT_LINES))
    for url in ("columns", "preview", "result", "refused.csv"):
        assert browser.get(f"/imports/contacts/{token}/{url}").status_code == 403
    assert browser.post(f"/imports/contacts/{token}/confirm").status_code == 403
    assert _count() == 0


def test_another_users_upload_does_not_exist(sign_in, staff, institution):
    token = _to_preview(sign_in(staff), cp1252(CONTACT_LINES))
    other = sign_in(factories.user(role="admin", institution=institution))
    for url in ("columns", "preview", "result"):
        assert other.get(f"/imports/contacts/{token}/{url}").status_code == 404
    assert other.post(f"/imports/contacts/{token}/confirm").status_code == 404
    assert other.get("/imports/contacts/../../etc/preview").status_code == 404
    assert other.get(f"/imports/organizations/{token}/preview").status_code == 404
    assert _count() == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.png", b"\x89PNG\r\n", "Choisissez un fichier CSV ou XLSX."),
        ("contacts.csv", b"Pr\x81nom\n", "encodage du fichier n’est pas reconnu"),
        ("contacts.csv", b"x" * 2000, "trop volumineux"),
    ],
)
def test_bad_files_get_a_clear_error(staff_browser, monkeypatch, data_dir, name, data, message):
    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    stored = set((data_dir / "imports").glob("*/upload.*"))
    response = _upload(staff_browser, data, name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert set((data_dir / "imports").glob("*/upload.*")) == stored  # nothing kept


def test_a_request_over_the_server_limit(test_env, app, staff):
    from tests.conftest import Client, close, serve

    served = serve(test_env, {"CRM_MAX_UPLOAD_MB": "1"})
    try:
        browser = Client(served.test_client())
        browser.post("/login", {"email": staff.email, "password": factories.PASSWORD})
        # Encoded here: the test client would spool so large a body to a file it never closes.
        boundary, body = encode_multipart(
            {"csrf_token": browser.csrf(), "file": FileStorage(io.BytesIO(b"x" * 2**21), "a.csv")}
        )
        response = browser.raw.post(
            "/imports/contacts/",
            data=body,
            content_type=f"multipart/form-data; boundary={boundary}",
        )
        assert response.status_code == 413
        assert "trop volumineux : au plus 1 Mo" in response.get_data(as_text=True)
    finally:
        close(served)


def test_a_database_failure_mid_import_leaves_nothing(staff_browser, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from crm.imports import applying

    token = _to_preview(staff_browser, cp1252(CONTACT_LINES))
    create, calls = applying.create_contact, []

    def failing(*args):
        calls.append(args)
        if len(calls) == 3:
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))
        return create(*args)

    monkeypatch.setattr(applying, "create_contact", failing)
    before = snapshot()
    response = staff_browser.post(f"/imports/contacts/{token}/confirm")
    assert response.headers["Location"].endswith(f"/imports/contacts/{token}/preview")
    page = staff_browser.get(f"/imports/contacts/{token}/preview").get_data(as_text=True)
    assert "rien n’a été importé" in page
    assert snapshot() == before

    monkeypatch.setattr(applying, "create_contact", create)  # the database is back: try again
    staff_browser.post(f"/imports/contacts/{token}/confirm")
    assert _count() == GOOD_CONTACTS


def test_uploads_are_removed_after_24_hours(staff_browser, data_dir):
    token = _to_preview(staff_browser, cp1252(CONTACT_LINES))
    with staff_browser.raw.application.app_context():
        storage.clean(time.time() + 3600)
        assert (data_dir / "imports" / token).is_dir()
        storage.clean(time.time() + storage.LIFETIME + 60)
        assert not (data_dir / "imports" / token).exists()
    assert staff_browser.get(f"/imports/contacts/{token}/preview").status_code == 404
