"""The workflow from the pages: only the allowed steps are offered; a post is refused with
403 (role or institution), then 409 (status), then 422 (a missing detail, next to its
field); every member party's director must approve."""

import re

import pytest

from crm.agreements.models import Agreement
from crm.extensions import db
from tests import factories
from tests.agreements import factories as agreements
from tests.conftest import snapshot


@pytest.fixture
def members(app):
    return [
        factories.institution(code="CAT", name_fr="Cégep de l’Abitibi-Témiscamingue"),
        factories.institution(code="CTH", name_fr="Cégep de Thetford"),
        factories.institution(code="CSI", name_fr="Cégep de Sept-Îles"),
    ]


@pytest.fixture
def directors(members):
    return [
        factories.user(role="director", institution=i, name=f"Direction {i.code}") for i in members
    ]


def _text(response) -> str:
    return response.get_data(as_text=True).replace("\u202f", " ").replace("\xa0", " ")


def _buttons(page: str) -> list[str]:
    return re.findall(r'name="action" value="(\w+)"', page)


def _post(browser, agreement, action, **data):
    db.session.rollback()
    version = db.session.get(Agreement, agreement.id).version
    return browser.post(
        f"/agreements/{agreement.id}/transitions",
        {"action": action, "version": str(version)} | data,
    )


def _reload(agreement) -> Agreement:
    db.session.rollback()
    return db.session.get(Agreement, agreement.id)


def test_consortium_agreement_needs_every_director(sign_in, members, directors):
    staff = factories.user(role="staff", institution=members[2])
    agreement = agreements.agreement(members[2], title="Consortium", parties=members)
    clerk = sign_in(staff)
    assert _buttons(_text(clerk.get(f"/agreements/{agreement.id}"))) == ["submit"]
    response = _post(clerk, agreement, "submit")
    assert response.status_code == 302
    assert _reload(agreement).status == "under_review"

    page = _text(clerk.get(f"/agreements/{agreement.id}"))
    assert "approve" not in _buttons(page)  # a staff member does not review
    assert page.count("n’a pas encore approuvé") == 3

    for director in directors[:2]:
        browser = sign_in(director)
        assert _buttons(_text(browser.get(f"/agreements/{agreement.id}"))) == [
            "approve",
            "return",
        ]
        response = _post(browser, agreement, "approve", comment="D’accord")
        assert response.status_code == 302
        page = _text(browser.get(response.headers["Location"]))
        assert "Votre approbation est enregistrée. Doivent encore approuver" in page
        assert "approve" not in _buttons(page)  # once per institution
    assert _reload(agreement).status == "under_review"
    page = _text(clerk.get(f"/agreements/{agreement.id}"))
    approvals = page[
        page.index('id="approvals"') : page.index("</ul>", page.index('id="approvals"'))
    ]
    assert re.search(r"CAT</strong> — <span[^>]*>a approuvé le .* \(Direction CAT\)", approvals)
    assert re.search(r"CTH</strong> — <span[^>]*>a approuvé le .* \(Direction CTH\)", approvals)
    assert re.search(r"CSI</strong> — <span[^>]*>n’a pas encore approuvé", approvals)

    last = sign_in(directors[2])
    response = _post(last, agreement, "approve")
    assert "tous les établissements ont approuvé" in _text(last.get(response.headers["Location"]))
    agreement = _reload(agreement)
    assert agreement.status == "approved"
    assert [
        (t.action, t.institution.code if t.institution else None) for t in agreement.history
    ] == [
        ("submit", None),
        ("approve", "CAT"),
        ("approve", "CTH"),
        ("approve", "CSI"),
    ]
    history = _text(clerk.get(f"/agreements/{agreement.id}"))
    history = history[history.index('id="history"') :]
    assert "Direction CAT pour CAT" in history and "D’accord" in history
    assert "en approbation → approuvée" in history


def test_staff_posting_an_approval_gets_403(sign_in, members, directors):
    staff = factories.user(role="staff", institution=members[0])
    agreement = agreements.agreement(members[0], parties=members[:1], status="under_review")
    browser = sign_in(staff)
    before = snapshot()
    response = _post(browser, agreement, "approve")
    assert response.status_code == 403
    assert snapshot() == before


def test_a_director_of_a_non_party_gets_403(sign_in, members, directors):
    agreement = agreements.agreement(members[0], parties=members[:2], status="under_review")
    browser = sign_in(directors[2])
    assert _buttons(_text(browser.get(f"/agreements/{agreement.id}"))) == []
    assert _post(browser, agreement, "approve").status_code == 403


def test_a_step_the_status_does_not_allow_is_409(sign_in, members, directors):
    agreement = agreements.agreement(members[0], parties=members[:1])
    browser = sign_in(directors[0])
    before = snapshot()
    response = _post(browser, agreement, "sign", signed_on="2026-03-23", signed_at="Rabat")
    assert response.status_code == 409
    assert (
        "Cette entente est à l’état « brouillon » : « Consigner la signature » n’est pas possible."
        in _text(response)
    )
    assert snapshot() == before


def test_a_stale_page_is_409(sign_in, members, directors):
    agreement = agreements.agreement(members[0], parties=members[:1])
    browser = sign_in(directors[0])
    before = snapshot()
    response = browser.post(
        f"/agreements/{agreement.id}/transitions", {"action": "submit", "version": "0"}
    )
    assert response.status_code == 409
    assert "Quelqu’un d’autre a modifié cette entente" in _text(response)
    assert snapshot() == before


def test_sending_back_needs_a_comment(sign_in, members, directors):
    agreement = agreements.agreement(members[0], parties=members[:2], status="under_review")
    browser = sign_in(directors[1])
    before = snapshot()
    response = _post(browser, agreement, "return", comment="  ")
    page = _text(response)
    assert response.status_code == 422
    errors = page[page.index('id="comment-errors"') :]
    assert errors.startswith('id="comment-errors">Indiquez pourquoi l’entente est renvoyée.')
    assert snapshot() == before
    response = _post(browser, agreement, "return", comment="Préciser les quotas")
    assert response.status_code == 302
    agreement = _reload(agreement)
    assert agreement.status == "draft" and agreement.history[-1].comment == "Préciser les quotas"


def test_signing_needs_its_date_and_place(sign_in, members, directors):
    agreement = agreements.agreement(members[0], parties=members[:1], status="approved")
    browser = sign_in(factories.user(role="staff", institution=members[0]))
    page = _text(browser.get(f"/agreements/{agreement.id}"))
    assert _buttons(page) == ["sign"]  # terminating is for directors
    assert 'name="signed_at"' in page
    before = snapshot()
    response = _post(browser, agreement, "sign", signed_on="2026-03-23", signed_at="")
    page = _text(response)
    assert response.status_code == 422
    assert 'id="signed_at-errors">Indiquez le lieu de signature.' in page
    assert 'value="2026-03-23"' in page  # the input is kept
    response = _post(browser, agreement, "sign", signed_on="pas une date", signed_at="Rabat")
    assert response.status_code == 422
    assert 'id="signed_on-errors"' in _text(response)
    assert snapshot() == before
    response = _post(browser, agreement, "sign", signed_on="2026-03-23", signed_at="Rabat")
    assert response.status_code == 302
    agreement = _reload(agreement)
    assert (agreement.status, str(agreement.signed_on), agreement.signed_at) == (
        "signed",
        "2026-03-23",
        "Rabat",
    )
    assert "le 23 mars 2026 à Rabat" in _text(browser.get(f"/agreements/{agreement.id}"))


def test_renewal_leads_to_the_new_draft(sign_in, members, directors):
    agreement = agreements.agreement(
        members[0], title="Entente 2026", parties=members[:2], status="active"
    )
    browser = sign_in(factories.user(role="staff", institution=members[0]))
    response = _post(browser, agreement, "renew")
    assert response.status_code == 302
    renewal = db.session.scalars(
        db.select(Agreement).where(Agreement.renews_id == agreement.id)
    ).one()
    assert response.headers["Location"] == f"/agreements/{renewal.id}"
    page = _text(browser.get(response.headers["Location"]))
    assert "Le renouvellement est créé à l’état de brouillon" in page
    assert "Renouvelle" in page and f'href="/agreements/{agreement.id}"' in page
    assert "renew" not in _buttons(_text(browser.get(f"/agreements/{agreement.id}")))


def test_an_unknown_action_is_400(sign_in, members, directors):
    agreement = agreements.agreement(members[0], parties=members[:1])
    assert _post(sign_in(directors[0]), agreement, "explode").status_code == 400


def test_viewer_sees_no_button_and_gets_403(sign_in, members):
    viewer = factories.user(role="viewer", institution=members[0])
    agreement = agreements.agreement(members[0], parties=members[:1])
    browser = sign_in(viewer)
    assert _buttons(_text(browser.get(f"/agreements/{agreement.id}"))) == []
    before = snapshot()
    assert _post(browser, agreement, "submit").status_code == 403
    assert snapshot() == before
