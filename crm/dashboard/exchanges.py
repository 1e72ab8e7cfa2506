"""Student exchanges: per academic year, outgoing and incoming, by country and by partner,
and the use of each agreement's quotas, over the academic years the period touches."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import url_for

from crm.agreements.models import Agreement, AgreementQuota, MobilityDirection
from crm.agreements.queries import filtered as agreement_list
from crm.dashboard.period import academic_year_bounds, academic_year_label
from crm.dashboard.scope import Figure, Scope, counts
from crm.exchanges import queries
from crm.exchanges.models import ExchangeStatus, StudentExchange
from crm.exchanges.queries import academic_year_start
from crm.extensions import db
from crm.organizations.models import Organization

TOP = 10  # countries and partners shown; the rest are summed as "others"
QUOTAS_SHOWN = 15
DIRECTIONS = (MobilityDirection.OUTGOING, MobilityDirection.INCOMING)


@dataclass
class Row:
    """One line of a table: outgoing and incoming exchanges, each linked to its list."""

    label: str
    key: str | int | None
    figures: dict[MobilityDirection, Figure]

    @property
    def total(self) -> int:
        return sum(f.value for f in self.figures.values())


@dataclass
class QuotaUse:
    agreement: Agreement
    label: str
    academic_year: str
    direction: MobilityDirection
    places: int
    used: Figure


@dataclass
class ExchangeFigures:
    years: list[Row]  # every academic year the period touches, oldest first
    countries: list[Row]  # most exchanges first
    partners: list[Row]
    # exchanges with countries and partners beyond the top ones, and with partners unseen
    others: dict[str, int]
    quotas: list[QuotaUse]


def exchange_figures(scope: Scope) -> ExchangeFigures:
    years = scope.period.academic_years()
    first, last = scope.period.academic_span()
    span = {"status": queries.NOT_CANCELLED, "starts_from": first, "starts_to": last}
    base = queries.filtered(scope.user, scope.filters(**span))

    per_year = counts(base, lambda found: academic_year_start(found.c.starts_on), "direction")
    year_rows = [
        _row(scope, academic_year_label(year), year, per_year, _year_span(year)) for year in years
    ]
    # By country and partner: only partners the user sees (another institution's private
    # partner is neither named nor placed); the exchanges with the others are summed.
    seen_partner = base.join(
        Organization,
        sa.and_(
            Organization.id == StudentExchange.partner_organization_id,
            Organization.visible_to(scope.user),
        ),
    ).add_columns(Organization.country.label("partner_country"))
    by_country = counts(seen_partner, "partner_country", "direction")
    by_partner = counts(seen_partner, "partner_organization_id", "direction")
    countries, other_countries = _rows(scope, by_country, span, "country")
    partners, other_partners = _rows(scope, by_partner, span, "partner")
    names = _partner_names([row.key for row in partners])
    for row in partners:
        row.label = names[row.key]
    in_years = sum(per_year.values())
    return ExchangeFigures(
        years=year_rows,
        countries=countries,
        partners=partners,
        others={
            "countries": other_countries,
            "partners": other_partners,
            "unseen_partners": in_years - sum(by_country.values()),
        },
        quotas=_quota_use(scope),
    )


def _year_span(year: int) -> dict:
    first, last = academic_year_bounds(year)
    return {"status": queries.NOT_CANCELLED, "starts_from": first, "starts_to": last}


def _rows(scope: Scope, found: dict, span: dict, filter_name: str) -> tuple[list[Row], int]:
    """The ``TOP`` keys with the most exchanges as rows, and how many exchanges the others
    have between them."""
    totals: dict = {}
    for (key, _direction), count in found.items():
        totals[key] = totals.get(key, 0) + count
    ranked = sorted(totals, key=lambda key: (-totals[key], str(key)))
    rows = [_row(scope, str(key), key, found, {**span, filter_name: key}) for key in ranked[:TOP]]
    return rows, sum(totals[key] for key in ranked[TOP:])


def _row(scope: Scope, label: str, key, found: dict, filters: dict) -> Row:
    """Outgoing and incoming exchanges of ``key`` in ``found``, each linked to the exchanges
    list with ``filters`` and its direction."""
    return Row(
        label,
        key,
        {
            d: Figure(found.get((key, d), 0), scope.link("exchanges.index", **filters, direction=d))
            for d in DIRECTIONS
        },
    )


def _partner_names(ids: list[int]) -> dict[int, str]:
    return dict(
        db.session.execute(
            sa.select(Organization.id, Organization.name).where(Organization.id.in_(ids))
        ).all()
    )


def quota_table_url(agreement: Agreement) -> str:
    return url_for("agreements.detail", agreement_id=agreement.id, _anchor="quotas-title")


def _quota_use(scope: Scope) -> list[QuotaUse]:
    """The quotas of the academic years, fullest first, of the agreements the user sees.
    Places used count the exchanges of every institution, as the agreement's quota table
    does (a figure links there): a count tells nothing about any student."""
    labels = [academic_year_label(year) for year in scope.period.academic_years()]
    first, last = scope.period.academic_span()
    agreements = agreement_list(scope.user, scope.filters())
    year = academic_year_start(StudentExchange.starts_on).label("year")
    counted = (
        sa.select(
            StudentExchange.agreement_id,
            year,
            StudentExchange.direction,
            sa.func.count().label("n"),
        )
        .where(
            StudentExchange.agreement_id.is_not(None),
            StudentExchange.status != ExchangeStatus.CANCELLED,
            StudentExchange.starts_on >= first,
            StudentExchange.starts_on <= last,
        )
        .group_by(StudentExchange.agreement_id, year, StudentExchange.direction)
        .subquery()
    )
    used = sa.func.coalesce(counted.c.n, 0)
    rows = db.session.execute(
        sa.select(Agreement, AgreementQuota, used)
        .join(AgreementQuota, AgreementQuota.agreement_id == Agreement.id)
        .outerjoin(
            counted,
            sa.and_(
                counted.c.agreement_id == AgreementQuota.agreement_id,
                counted.c.direction == AgreementQuota.direction,
                counted.c.year
                == sa.cast(sa.func.substr(AgreementQuota.academic_year, 1, 4), sa.Integer),
            ),
        )
        .where(
            Agreement.id.in_(agreements.with_only_columns(Agreement.id).order_by(None)),
            AgreementQuota.academic_year.in_(labels),
            AgreementQuota.places > 0,
        )
        .order_by(
            (sa.cast(used, sa.Float) / AgreementQuota.places).desc(),
            AgreementQuota.academic_year,
            Agreement.title,
        )
        .limit(QUOTAS_SHOWN)
    ).all()
    return [
        QuotaUse(
            agreement=agreement,
            label=agreement.title,
            academic_year=quota.academic_year,
            direction=quota.direction,
            places=quota.places,
            used=Figure(count, quota_table_url(agreement)),
        )
        for agreement, quota, count in rows
    ]
