"""The missions list as a spreadsheet: its columns."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from crm.exports.columns import Column, archived_column, country, link_column
from crm.exports.lists import ListExport
from crm.missions.models import Mission


def columns(_user) -> list[Column]:
    return [
        Column(_l("Name"), lambda m: m.name, 36),
        Column(_l("Country"), lambda m: country(m.country)),
        Column(_l("Cities"), lambda m: m.cities),
        Column(_l("Start"), lambda m: m.starts_on, 12),
        Column(_l("End"), lambda m: m.ends_on, 12),
        Column(_l("Status"), lambda m: m.status, 14),
        Column(_l("Delegation"), lambda m: [i.code for i in m.delegation_institutions], 16),
        Column(_l("Delegates"), lambda m: [u.name for u in m.delegates], 30),
        Column(_l("Purpose"), lambda m: m.purpose, 40),
        Column(_l("Institution"), lambda m: m.institution.code, 12),
        archived_column(),
        link_column(),
    ]


MISSIONS = ListExport(
    what="missions",
    stem=_l("missions"),
    title=_l("Missions"),
    columns=columns,
    loads=(selectinload(Mission.delegates), selectinload(Mission.institution)),
)
