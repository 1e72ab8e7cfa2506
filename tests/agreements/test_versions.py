"""What an agreement's item shows changes only with a new version: an approval that leaves it
under review, a renewal, a document added or deleted. The old ETag is then stale: not a
304, and refused (412) as an If-Match."""

from __future__ import annotations

import io
import re

from tests import factories
from tests.agreements import factories as agreements

URL = "/api/v1/agreements"
VERSION = re.compile(r'name="version" value="(\d+)"')


def _is_stale(client, agreement_id: int, etag: str) -> None:
    url = f"{URL}/{agreement_id}"
    fresh = client.get(url, headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["ETag"] != etag
    assert client.patch(url, json={"archived": True}, headers={"If-Match": etag}).status_code == 412
    assert client.delete(url, headers={"If-Match": etag}).status_code == 412
    assert not client.get(url).get_json()["archived"]


def _upload(client, agreement_id: int, name: str = "entente.pdf"):
    return client.post(
        f"{URL}/{agreement_id}/documents",
        data={"file": (io.BytesIO(agreements.pdf()), name)},
        content_type="multipart/form-data",
    )


def test_an_approval_that_leaves_it_under_review_is_a_new_version(api, institution):
    members = [institution, factories.institution(code="CXA")]
    directors = [factories.user(role="director", institution=i) for i in members]
    agreement = agreements.agreement(institution, parties=members, status="under_review")
    client = api(directors[1])
    url = f"{URL}/{agreement.id}"
    before = client.get(url)
    assert before.get_json()["pending_institution_ids"] == [m.id for m in members]
    etag = before.headers["ETag"]
    response = api(directors[0]).post(f"{url}/transitions", json={"action": "approve"})
    assert response.status_code == 200
    assert response.get_json()["status"] == "under_review"
    assert response.headers["ETag"] != etag
    after = client.get(url, headers={"If-None-Match": etag})
    assert after.status_code == 200
    assert after.get_json()["pending_institution_ids"] == [members[1].id]
    assert [a["institution_id"] for a in after.get_json()["approvals"]] == [members[0].id]
    stale = client.post(
        f"{url}/transitions", json={"action": "approve"}, headers={"If-Match": etag}
    )
    assert stale.status_code == 412
    _is_stale(api(directors[0]), agreement.id, etag)
    current = after.headers["ETag"]
    last = client.post(
        f"{url}/transitions", json={"action": "approve"}, headers={"If-Match": current}
    )
    assert last.status_code == 200 and last.get_json()["status"] == "approved"


def test_a_renewal_is_a_new_version_of_the_agreement_it_renews(api, staff, institution):
    agreement = agreements.agreement(institution, status="active")
    client = api(staff)
    etag = client.get(f"{URL}/{agreement.id}").headers["ETag"]
    renewal = client.post(f"{URL}/{agreement.id}/transitions", json={"action": "renew"})
    assert renewal.status_code == 201
    shown = client.get(f"{URL}/{agreement.id}").get_json()
    assert shown["renewed_by_ids"] == [renewal.get_json()["id"]]
    assert "renew" not in shown["actions"]
    _is_stale(client, agreement.id, etag)


def test_adding_or_deleting_a_document_is_a_new_version(api, staff, institution):
    agreement = agreements.agreement(institution)
    client = api(staff)
    url = f"{URL}/{agreement.id}"
    etag = client.get(url).headers["ETag"]
    document = _upload(client, agreement.id).get_json()
    assert [d["id"] for d in client.get(url).get_json()["documents"]] == [document["id"]]
    _is_stale(client, agreement.id, etag)
    etag = client.get(url).headers["ETag"]
    assert client.delete(f"{url}/documents/{document['id']}").status_code == 204
    assert client.get(url).get_json()["documents"] == []
    _is_stale(client, agreement.id, etag)


def test_refused_documents_leave_the_version_as_it_was(api, staff, institution):
    agreement = agreements.agreement(institution)
    client = api(staff)
    etag = client.get(f"{URL}/{agreement.id}").headers["ETag"]
    assert _upload(client, agreement.id, "entente.docx").status_code == 422
    assert client.get(f"{URL}/{agreement.id}").headers["ETag"] == etag


def test_a_page_shown_before_a_document_was_added_asks_to_look_again(sign_in, staff, institution):
    """The workflow form carries the version: once a document is added in another tab,
    the step is refused (409, nothing done), and taken from the page shown again."""
    agreement = agreements.agreement(institution)
    browser = sign_in(staff)
    page = browser.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    old = VERSION.search(page)[1]
    added = browser.post(
        f"/agreements/{agreement.id}/documents",
        {"file": (io.BytesIO(agreements.pdf()), "entente.pdf")},
        content_type="multipart/form-data",
    )
    assert added.status_code == 302
    data = {"action": "submit", "version": old}
    refused = browser.post(f"/agreements/{agreement.id}/transitions", data)
    assert refused.status_code == 409
    page = browser.get(f"/agreements/{agreement.id}").get_data(as_text=True)
    assert VERSION.search(page)[1] != old
    data["version"] = VERSION.search(page)[1]
    assert browser.post(f"/agreements/{agreement.id}/transitions", data).status_code == 302
