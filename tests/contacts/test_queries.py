"""The lists ask the database a fixed number of questions, however many rows a page shows."""

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from tests import factories
from tests.interactions.factories import interaction


@pytest.fixture
def count_queries():
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    sa.event.listen(Engine, "before_cursor_execute", count)
    yield statements
    sa.event.remove(Engine, "before_cursor_execute", count)


def _queries(browser, url, statements) -> int:
    statements.clear()
    assert browser.get(url).status_code == 200
    return len(statements)


def _add_people(institution, count: int) -> list:
    people = []
    for n in range(count):
        organization = factories.organization(institution, name=f"Organisation {n}")
        people.append(
            factories.contact(
                institution, family_name=f"N{n}", organization=organization, email=f"p{n}@x.ma"
            )
        )
    return people


def test_contacts_list_makes_no_query_per_row(sign_in, staff, institution, count_queries):
    browser = sign_in(staff)
    _add_people(institution, 2)
    few = _queries(browser, "/contacts/?sort=organization", count_queries)
    _add_people(institution, 12)
    assert _queries(browser, "/contacts/?sort=organization", count_queries) == few


def test_interactions_list_makes_no_query_per_row(sign_in, staff, institution, count_queries):
    browser = sign_in(staff)
    for person in _add_people(institution, 2):
        interaction(institution, [person])
    few = _queries(browser, "/interactions/", count_queries)
    for person in _add_people(institution, 12):
        interaction(institution, [person])
    assert _queries(browser, "/interactions/", count_queries) == few
