"""Nothing lost: every foreign key of the schema that refers to contacts or organizations
gets a row on the merged side; after the merge no row names the merged record and every
one of them reaches the kept one. A new foreign key that the merge does not handle fails
here until merge.py (and links.py) handle it."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from crm.contacts.models import Contact
from crm.core.audit import acting_as
from crm.duplicates.merge import merge_contacts, merge_organizations
from crm.extensions import db
from crm.organizations.models import Organization
from tests import factories
from tests.duplicates.links import CONTACT_LINKS, ORGANIZATION_LINKS

CASES = {
    "contacts": (CONTACT_LINKS, merge_contacts, lambda i: factories.contact(i, "Léa", "Roy")),
    "organizations": (
        ORGANIZATION_LINKS,
        merge_organizations,
        lambda i: factories.organization(i, "Managem"),
    ),
}


def _references(table: str) -> set[tuple[str, str]]:
    return {
        (fk.parent.table.name, fk.parent.name)
        for t in db.metadata.sorted_tables
        for fk in t.foreign_keys
        if fk.column.table.name == table and fk.column.name == "id"
    }


@pytest.mark.parametrize("table", list(CASES))
def test_every_foreign_key_is_known_to_the_merge(app, table):
    links, _merge, _make = CASES[table]
    assert _references(table) == set(links), "a foreign key the merge does not handle"


@pytest.mark.parametrize("table", list(CASES))
def test_every_link_moves_to_the_kept_record(staff, institution, table):
    links, merge, make = CASES[table]
    kept, merged = make(institution), make(institution)
    expected = {key: build(merged, staff) for key, build in links.items()}
    kept_id, merged_id = kept.id, merged.id
    db.session.refresh(kept)
    db.session.refresh(merged)
    with acting_as(staff.id):
        merge(kept, merged, (kept.version, merged.version), {})
    db.session.commit()
    model = Contact if table == "contacts" else Organization
    assert db.session.get(model, merged_id) is None
    for (name, column), values in expected.items():
        rows = sa.table(name, sa.column(column), *map(sa.column, values))
        count = sa.select(sa.func.count()).select_from(rows)
        assert db.session.scalar(count.where(rows.c[column] == merged_id)) == 0, name
        same_row = [rows.c[key] == value for key, value in values.items()]
        found = db.session.scalar(count.where(rows.c[column] == kept_id, *same_row))
        assert found == 1, f"{name}.{column}: {values} does not reach the kept record"
