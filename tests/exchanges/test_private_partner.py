"""A partner another member has since made private: its name leaves the exchange's pages."""

from __future__ import annotations

from crm.extensions import db
from tests import factories
from tests.exchanges import factories as exchange_factories


def test_a_partner_made_private_by_its_owner_is_not_named(
    sign_in, staff, institution, other_institution
):
    partner = factories.organization(other_institution, name="Société minière secrète")
    exchange = exchange_factories.exchange(institution, partner=partner)
    follow_up = factories.follow_up(staff, title="Relancer", exchange_id=exchange.id)
    assert follow_up.subject is exchange
    partner.visibility = "member"
    db.session.commit()
    browser = sign_in(staff)
    for url in [
        f"/exchanges/{exchange.id}",
        "/exchanges/",
        f"/exchanges/{exchange.id}/edit",
        "/",
    ]:
        page = browser.get(url)
        assert page.status_code == 200, url
        assert "Société minière secrète" not in page.get_data(as_text=True), url
