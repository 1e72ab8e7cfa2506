"""The projects list as a spreadsheet: its columns."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from crm.exports.columns import Column, archived_column, link_column
from crm.exports.lists import ListExport
from crm.projects.queries import visible_partners


def columns(user) -> list[Column]:
    def partners(project) -> list[str]:
        return [
            f"{p.organization.name} ({p.role})" if p.role else p.organization.name
            for p in visible_partners(project, user)
        ]

    return [
        Column(_l("Name"), lambda p: p.name, 36),
        Column(_l("Kind"), lambda p: p.kind, 24),
        Column(_l("Status"), lambda p: p.status, 14),
        Column(_l("Start"), lambda p: p.starts_on, 12),
        Column(_l("End"), lambda p: p.ends_on, 12),
        Column(_l("Lead"), lambda p: p.institution.code, 10),
        Column(_l("Partners"), partners, 40),
        archived_column(),
        link_column(),
    ]


# The list's query loads the institution and the partners' organizations.
PROJECTS = ListExport(what="projects", stem=_l("projects"), title=_l("Projects"), columns=columns)
