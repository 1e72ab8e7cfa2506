"""The organizations list as a spreadsheet: its columns."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from crm.exports.columns import Column, archived_column, country, link_column
from crm.exports.lists import ListExport
from crm.organizations.models import Organization


def columns(_user) -> list[Column]:
    return [
        Column(_l("Name"), lambda o: o.name, 40),
        Column(_l("Acronym"), lambda o: o.acronym, 12),
        Column(_l("Kind"), lambda o: o.kind, 24),
        Column(_l("Country"), lambda o: country(o.country)),
        Column(_l("City"), lambda o: o.city),
        Column(_l("Website"), lambda o: o.website, 30),
        Column(_l("Tags"), lambda o: o.tag_names, 24),
        Column(_l("Institution"), lambda o: o.institution.code, 12),
        archived_column(),
        Column(_l("Updated"), lambda o: o.updated_at),
        link_column(),
    ]


ORGANIZATIONS = ListExport(
    what="organizations",
    stem=_l("organizations"),
    title=_l("Organizations"),
    columns=columns,
    loads=(selectinload(Organization.tags), selectinload(Organization.institution)),
)
