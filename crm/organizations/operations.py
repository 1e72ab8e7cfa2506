"""Creating and changing organizations. Operations flush; views commit."""

from __future__ import annotations

import sqlalchemy as sa

from crm.core.editing import apply_changes
from crm.extensions import db
from crm.organizations.models import Organization, Tag
from crm.users.models import User

FIELDS = ("name", "acronym", "kind", "country", "city", "website", "notes", "visibility")
FIELDS += ("outside_quebec", "pia_done_on", "data_agreement_on", "privacy_document")


def tags_from_text(text: str | None) -> list[Tag]:
    """Tags named in a comma-separated text, created when new (lower case, no repeats)."""
    names = sorted({part.strip().lower()[:60] for part in (text or "").split(",")} - {""})
    if not names:
        return []
    existing = {t.name: t for t in db.session.scalars(sa.select(Tag).where(Tag.name.in_(names)))}
    for name in names:
        if name not in existing:
            existing[name] = Tag(name=name)
            db.session.add(existing[name])
    return [existing[name] for name in names]


def _clean(values: dict) -> dict:
    return {
        name: (value.strip() or None) if isinstance(value, str) and name != "name" else value
        for name, value in values.items()
    } | {"name": values["name"].strip()}


def _with_outside_quebec(values: dict) -> dict:
    """Left unset, ``outside_quebec`` follows the country (outside Canada: outside Québec)."""
    if values.get("outside_quebec") is None:
        return values | {"outside_quebec": values.get("country") != "CA"}
    return values


def create_organization(values: dict, tags: str | None, user: User) -> Organization:
    given = _with_outside_quebec({k: values.get(k) for k in FIELDS})
    organization = Organization(**_clean(given), institution_id=user.institution_id)
    organization.tags = tags_from_text(tags)
    db.session.add(organization)
    db.session.flush()
    return organization


def update_organization(
    organization: Organization, expected_version, values: dict, tags: str | None
) -> list[str]:
    given = _with_outside_quebec({k: values.get(k) for k in FIELDS})
    changes = _clean(given) | {"tags": tags_from_text(tags)}
    return apply_changes(organization, expected_version, changes)
