"""The agreements part of the dashboard: by status, awaiting approval, expiring, signed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from crm.agreements import queries
from crm.agreements.models import Agreement, AgreementStatus
from crm.dashboard.period import Period
from crm.dashboard.scope import Figure, Scope, count_of, counts, list_url
from crm.extensions import db
from crm.users.models import Role

EXPIRING_DAYS = 180
LISTED = 10  # agreements named on the dashboard in each list; the figure links to all


@dataclass
class AgreementFigures:
    by_status: list[tuple[AgreementStatus, Figure]]
    awaiting: Figure | None  # None: the user approves nothing (not a director)
    awaiting_listed: list[Agreement]
    expiring: Figure
    expiring_listed: list[Agreement]
    signed: Figure
    signed_listed: list[Agreement]  # the latest signed in the period
    signed_before: Figure
    previous: Period


def agreement_figures(scope: Scope) -> AgreementFigures:
    by_status = counts(queries.filtered(scope.user, scope.filters()), "status")
    awaiting = awaiting_listed = None
    if scope.user.has_role(Role.DIRECTOR):  # my approval, whichever member is looked at
        awaiting, awaiting_listed = _first_ones(scope, {"awaiting": "me"})
    expiring, expiring_listed = _first_ones(
        scope,
        scope.filters(
            status=queries.IN_FORCE,
            expires_from=scope.today,
            expires_to=scope.today + timedelta(days=EXPIRING_DAYS),
        ),
    )
    previous = scope.period.previous()
    signed, signed_listed = _signed(scope, scope.period)
    return AgreementFigures(
        by_status=[
            (
                status,
                Figure(by_status.get(status, 0), scope.link("agreements.index", status=status)),
            )
            for status in AgreementStatus
        ],
        awaiting=awaiting,
        awaiting_listed=awaiting_listed or [],
        expiring=expiring,
        expiring_listed=expiring_listed,
        signed=signed,
        signed_listed=signed_listed,
        signed_before=_signed(scope, previous)[0],
        previous=previous,
    )


def _first_ones(scope: Scope, filters: dict) -> tuple[Figure, list[Agreement]]:
    """How many agreements the list with ``filters`` shows, and the first to expire."""
    query = queries.filtered(scope.user, filters)
    first = db.session.scalars(
        query.order_by(Agreement.expires_on.asc().nulls_last(), Agreement.id).limit(LISTED)
    ).all()
    url = list_url("agreements.index", {**filters, "sort": "expires"})
    return Figure(count_of(query), url), list(first)


def _signed(scope: Scope, period: Period) -> tuple[Figure, list[Agreement]]:
    filters = scope.filters(signed_from=period.starts_on, signed_to=period.ends_on)
    query = queries.filtered(scope.user, filters)
    latest = db.session.scalars(
        query.order_by(Agreement.signed_on.desc(), Agreement.id.desc()).limit(LISTED)
    ).all()
    url = list_url("agreements.index", {**filters, "sort": "-signed"})
    return Figure(count_of(query), url), list(latest)
