"""The interactions list as a spreadsheet: its columns."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from crm.exports.columns import Column, archived_column, link_column, names, shown
from crm.exports.lists import ListExport
from crm.interactions.models import Interaction


def columns(user) -> list[Column]:
    def organizations(interaction) -> list[str]:
        linked = [c.organization for c in interaction.contacts if shown(user, c)]
        return list(dict.fromkeys(names(user, filter(None, linked), lambda o: o.name)))

    return [
        Column(_l("Date"), lambda i: i.occurred_at, 17),
        Column(_l("Kind"), lambda i: i.kind, 12),
        Column(_l("Subject"), lambda i: i.subject, 36),
        Column(_l("Contacts"), lambda i: names(user, i.contacts, lambda c: c.full_name), 30),
        Column(_l("Organizations"), organizations, 30),
        Column(_l("Location"), lambda i: i.location),
        Column(_l("Summary"), lambda i: i.summary, 50),
        Column(_l("Staff"), lambda i: [u.name for u in i.staff], 24),
        Column(_l("Mission"), lambda i: m.name if (m := shown(user, i.mission)) else None, 24),
        Column(_l("Agreement"), lambda i: a.title if (a := shown(user, i.agreement)) else None),
        Column(_l("Institution"), lambda i: i.institution.code, 12),
        archived_column(),
        link_column(),
    ]


INTERACTIONS = ListExport(
    what="interactions",
    stem=_l("interactions"),
    title=_l("Interactions"),
    columns=columns,
    loads=(
        selectinload(Interaction.staff),
        selectinload(Interaction.mission),
        selectinload(Interaction.agreement),
    ),
)
