"""The student exchanges list as a spreadsheet: its columns."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from crm.exchanges.models import StudentExchange
from crm.exports.columns import Column, archived_column, country, link_column, shown
from crm.exports.lists import ListExport


def columns(user) -> list[Column]:
    def partner(exchange):
        return shown(user, exchange.partner_organization)

    return [
        Column(_l("Student"), lambda e: s.full_name if (s := shown(user, e.student)) else None),
        Column(_l("Direction"), lambda e: e.direction, 12),
        Column(_l("Partner organization"), lambda e: p.name if (p := partner(e)) else None, 36),
        Column(_l("Country"), lambda e: country(p.country) if (p := partner(e)) else None),
        Column(_l("Agreement"), lambda e: a.title if (a := shown(user, e.agreement)) else None),
        Column(_l("Programme"), lambda e: e.programme, 24),
        Column(_l("Academic year"), lambda e: e.academic_year, 12),
        Column(_l("Start"), lambda e: e.starts_on, 12),
        Column(_l("End"), lambda e: e.ends_on, 12),
        Column(_l("Status"), lambda e: e.status, 14),
        Column(_l("Institution"), lambda e: e.institution.code, 12),
        archived_column(),
        link_column(),
    ]


# The list's query loads the student, the partner and the institution.
EXCHANGES = ListExport(
    what="exchanges",
    stem=_l("exchanges"),
    title=_l("Student exchanges"),
    columns=columns,
    loads=(selectinload(StudentExchange.agreement),),
)
