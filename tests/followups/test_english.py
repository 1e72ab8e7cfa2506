"""The follow-ups' and exchanges' pages in English."""

from tests import factories
from tests.exchanges import factories as exchange_factories


def test_pages_in_english(sign_in, institution):
    user = factories.user(institution=institution, locale="en")
    exchange = exchange_factories.exchange(institution, status="in_progress")
    follow_up = factories.follow_up(
        user, title="Check the visa", exchange=exchange, visibility="member"
    )
    browser = sign_in(user)
    expected = {
        "/follow-ups/mine": ["My follow-ups", "Today", "Reassign"],
        "/follow-ups/": ["All statuses", "Overdue only", "Check the visa"],
        f"/follow-ups/{follow_up.id}": ["Student exchange ·", "Cancel the follow-up"],
        f"/follow-ups/{follow_up.id}/edit": ["Due on", "Assigned to"],
        "/exchanges/": ["Student exchanges", "Both directions", "in progress"],
        f"/exchanges/{exchange.id}": ["Exchange completed", "Home institution", "outgoing"],
        "/exchanges/new": ["New student exchange", "Or a new student"],
    }
    for url, texts in expected.items():
        response = browser.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        for text in texts:
            assert text in page, (url, text)
