"""Partners on the world map: organizations and agreements in force, per country."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from crm.agreements import queries as agreement_queries
from crm.agreements.models import Agreement, agreement_organization_parties
from crm.dashboard.scope import Figure, Scope, counts
from crm.dashboard.world_map import world_map
from crm.extensions import db
from crm.organizations import queries as organization_queries
from crm.organizations.models import Organization

# A sequential palette readable with any colour vision (ColorBrewer "Blues"), and
# the lowest count of each class: 1, 2–4, 5–9, 10–24, 25 and more.
SHADES = ("#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b")
CLASS_FLOORS = (1, 2, 5, 10, 25)


@dataclass
class CountryRow:
    code: str
    organizations: Figure
    agreements: Figure

    @property
    def shade(self) -> str | None:
        return shade_of(self.organizations.value)


@dataclass
class PartnerMap:
    view_box: str
    shapes: dict[str, str]  # country code -> SVG path
    countries: list[CountryRow]  # most partners first
    source: str


def shade_of(count: int) -> str | None:
    shade = None
    for floor, colour in zip(CLASS_FLOORS, SHADES, strict=True):
        if count >= floor:
            shade = colour
    return shade


def legend() -> list[tuple[str, str]]:
    """(colour, "2–4") for each class, for the map's key."""
    bounds = [*CLASS_FLOORS[1:], None]
    return [
        (colour, str(low) if high == low + 1 else (f"{low}–{high - 1}" if high else f"{low}+"))
        for colour, low, high in zip(SHADES, CLASS_FLOORS, bounds, strict=True)
    ]


def partner_map(scope: Scope) -> PartnerMap:
    organizations = counts(organization_queries.filtered(scope.user, scope.filters()), "country")
    in_force = agreement_queries.filtered(
        scope.user, scope.filters(status=agreement_queries.IN_FORCE)
    )
    per_country = db.session.execute(
        sa.select(Organization.country, sa.func.count(sa.distinct(Agreement.id)))
        .select_from(Agreement)
        .join(
            agreement_organization_parties,
            agreement_organization_parties.c.agreement_id == Agreement.id,
        )
        .join(Organization, Organization.id == agreement_organization_parties.c.organization_id)
        .where(
            Agreement.id.in_(in_force.with_only_columns(Agreement.id).order_by(None)),
            Organization.visible_to(scope.user),
        )
        .group_by(Organization.country)
    ).all()
    agreements = dict(per_country)
    codes = sorted(
        organizations.keys() | agreements.keys(),
        key=lambda c: (-organizations.get(c, 0), -agreements.get(c, 0), c),
    )
    shapes = world_map()
    return PartnerMap(
        view_box=shapes.view_box,
        shapes=shapes.countries,
        countries=[
            CountryRow(
                code,
                Figure(organizations.get(code, 0), scope.link("organizations.index", country=code)),
                Figure(
                    agreements.get(code, 0),
                    scope.link("agreements.index", country=code, status=agreement_queries.IN_FORCE),
                ),
            )
            for code in codes
        ],
        source=shapes.source,
    )
