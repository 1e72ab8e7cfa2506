"""The dashboard in the API: /api/v1/dashboard, the same figures as the page."""

from __future__ import annotations

import sqlalchemy as sa
from flask_login import current_user

from crm.api.auth import API_PREFIX
from crm.api.blueprint import Blueprint
from crm.core.clock import today
from crm.dashboard.overview import Overview, overview
from crm.dashboard.period import CUSTOM, Period
from crm.dashboard.schemas import DashboardArgs, DashboardSchema
from crm.dashboard.scope import Figure, Scope
from crm.extensions import db
from crm.institutions.models import MemberInstitution

bp = Blueprint(
    "dashboard_api",
    __name__,
    url_prefix=f"{API_PREFIX}/dashboard",
    description="What the partnerships and missions produced, as the dashboard shows it.",
)


@bp.get("")
@bp.arguments(DashboardArgs, location="query", as_kwargs=False)
@bp.response(200, DashboardSchema)
def index(args: dict):
    """The dashboard's figures for a member institution (or the consortium) and a period;
    each counts what the caller may see and names the page that lists it."""
    day = today()
    institution = None
    if args.get("institution"):
        institution = db.session.scalar(
            sa.select(MemberInstitution).where(MemberInstitution.code == args["institution"])
        )
    if args["period"] == CUSTOM:
        period = Period(args["starts_on"], args["ends_on"])
    else:
        period = Period.preset(args["period"], day)
    return as_json(overview(Scope(current_user, institution, period, day)))


def _figure(figure: Figure | None) -> dict | None:
    return None if figure is None else {"count": figure.value, "url": figure.url}


def _period(period: Period) -> dict:
    return {"starts_on": period.starts_on, "ends_on": period.ends_on}


def as_json(data: Overview) -> dict:
    a, m, e = data.agreements, data.missions, data.exchanges

    def rows(found):
        return [
            {"key": str(row.key), "label": row.label}
            | {str(d): _figure(f) for d, f in row.figures.items()}
            for row in found
        ]

    return {
        "institution": data.scope.code,
        "period": _period(data.scope.period),
        "agreements": {
            "by_status": {str(status): _figure(f) for status, f in a.by_status},
            "awaiting_my_approval": _figure(a.awaiting),
            "expiring_within_180_days": _figure(a.expiring),
            "signed_in_period": _figure(a.signed),
            "signed_in_previous_period": _figure(a.signed_before),
            "previous_period": _period(a.previous),
        },
        "missions": {
            "missions": _figure(m.missions),
            "totals": {
                name: {"count": count, "finer": finer} for name, (count, finer) in m.totals.items()
            },
            "pipelines": [
                {
                    "mission_id": p.mission.id,
                    "name": p.mission.name,
                    "country": p.mission.country,
                    "starts_on": p.mission.starts_on,
                    "stages": {
                        s.name: {"count": _figure(s.count), "finer": _figure(s.finer)}
                        for s in p.stages
                    },
                }
                for p in m.shown
            ],
        },
        "exchanges": {
            "academic_years": rows(e.years),
            "countries": rows(e.countries),
            "partners": rows(e.partners),
            "others": e.others,
            "quotas": [
                {
                    "agreement_id": q.agreement.id,
                    "title": q.label,
                    "academic_year": q.academic_year,
                    "direction": str(q.direction),
                    "places": q.places,
                    "used": _figure(q.used),
                }
                for q in e.quotas
            ],
        },
        "partners": [
            {
                "country": row.code,
                "organizations": _figure(row.organizations),
                "agreements_in_force": _figure(row.agreements),
            }
            for row in data.partners.countries
        ],
    }
