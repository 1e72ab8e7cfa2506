"""Planning an organizations import: each row checked by the organization form, and
matched against the organizations already there and earlier rows of the file (same name,
or same acronym, in the same country)."""

from __future__ import annotations

from flask_babel import gettext as _

from crm.imports import values
from crm.imports.columns import ORGANIZATIONS, squash
from crm.imports.organization_index import OrganizationIndex
from crm.imports.planning import Plan, RowReader
from crm.imports.reading import Table
from crm.organizations.forms import OrganizationForm
from crm.organizations.operations import FIELDS
from crm.users.models import User

_FORM_FIELDS = {name: name for name in (*FIELDS, "tags")} | {"visibility": ""}


def plan_organizations(table: Table, mapping: list[str], user: User) -> Plan:
    existing = OrganizationIndex(user)
    seen: dict[tuple[str, str], int] = {}  # (name or acronym, country) of rows to import → row
    rows = []
    for number, cells in table.rows:
        reader = RowReader(table, mapping, number, cells)
        row = _check(reader)
        if row.problems:
            rows.append(row)
            continue
        name, acronym, country = (row.values[k] for k in ("name", "acronym", "country"))
        keys = [("name", squash(name), country)]
        if acronym and squash(acronym):
            keys.append(("acronym", squash(acronym), country))
        if match := existing.existing(name, acronym or "", country):
            rows.append(reader.skip(_("Already in Passerelle: %(name)s.", name=match.name)))
        elif earlier := next((seen[key] for key in keys if key in seen), None):
            rows.append(reader.skip(_("Same organization as row %(row)s.", row=earlier)))
        else:
            seen.update(dict.fromkeys(keys, number))
            rows.append(reader.done())
    return Plan(ORGANIZATIONS, table.headers, rows)


def _check(reader: RowReader):
    country = reader.parse("country", values.country) if reader["country"] else ""
    data = {name: reader[name] for name in ("name", "acronym", "city", "website", "notes")} | {
        "kind": reader.parse("kind", values.kind),
        "country": country,
        "tags": reader["tags"],
        "visibility": "consortium",
    }
    form = reader.check(OrganizationForm, data, _FORM_FIELDS)
    reader.row.values = {name: getattr(form, name).data for name in FIELDS} | {
        "tags": form.tags.data or ""
    }
    return reader.done()
