"""The organizations an importer sees, by squashed name and acronym: to find a contact's
organization, and an organization row already in Passerelle."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from crm.extensions import db
from crm.imports.columns import squash
from crm.organizations.models import Organization
from crm.users.models import User


class OrganizationIndex:
    def __init__(self, user: User):
        rows = db.session.execute(
            sa.select(
                Organization.id,
                Organization.name,
                Organization.acronym,
                Organization.country,
                Organization.archived_at,
            )
            .where(Organization.visible_to(user))
            .order_by(Organization.id)
        ).all()
        self.by_name: dict[str, list] = {}
        self.by_acronym: dict[str, list] = {}
        for row in rows:
            self.by_name.setdefault(squash(row.name), []).append(row)
            if row.acronym and squash(row.acronym):
                self.by_acronym.setdefault(squash(row.acronym), []).append(row)

    def find(self, text: str):
        """The one current organization named (or abbreviated) ``text``; ValueError when
        there is none or more than one."""
        key = squash(text)
        candidates = self.by_name.get(key) or self.by_acronym.get(key) or []
        current = [row for row in candidates if row.archived_at is None]
        if len(current) == 1:
            return current[0]
        if len(current) > 1:
            raise ValueError(
                _(
                    "Several organizations are named “%(name)s”: write the full name "
                    "of the right one.",
                    name=text,
                )
            )
        if candidates:
            raise ValueError(
                _("The organization “%(name)s” is archived: restore it first.", name=text)
            )
        raise ValueError(
            _(
                "No organization named “%(name)s”: import or create the organization first.",
                name=text,
            )
        )

    def existing(self, name: str, acronym: str, country: str):
        """An organization already in Passerelle with this name, or this acronym, in this
        country (archived ones count: they exist)."""
        for index, key in ((self.by_name, name), (self.by_acronym, acronym)):
            key = squash(key)
            for row in index.get(key, []) if key else []:
                if row.country == country:
                    return row
        return None
