"""The lists load their rows' related records in a few queries, however many rows."""

from contextlib import contextmanager

from sqlalchemy import event

from crm.extensions import db
from tests import factories
from tests.exchanges import factories as exchange_factories


@contextmanager
def _counting(web):
    """Count the statements the served app sends while the block runs."""
    statements = []
    with web.app_context():
        engine = db.engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", listener)


def _add_rows(staff, institution, n: int) -> None:
    for _ in range(n):
        organization = factories.organization(institution)
        exchange = exchange_factories.exchange(institution, partner=organization)
        factories.follow_up(staff, organization=organization)
        factories.follow_up(staff, exchange=exchange, visibility="member")
        factories.follow_up(staff, contact=exchange.student, visibility="member")


def test_queries_do_not_grow_with_the_rows(web, sign_in, staff, institution):
    browser = sign_in(staff)
    counts = []
    for n in (2, 6):
        _add_rows(staff, institution, n)
        counted = []
        for url in ("/follow-ups/", "/follow-ups/mine", "/exchanges/"):
            with _counting(web) as statements:
                assert browser.get(url).status_code == 200
            counted.append(len(statements))
        counts.append(counted)
    assert counts[0] == counts[1]
