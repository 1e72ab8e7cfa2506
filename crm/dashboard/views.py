"""The directors' dashboard and the board report (HTML to print, and PDF)."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from crm.agreements import queries as agreement_queries
from crm.core.clock import today
from crm.dashboard.forms import DashboardFilters
from crm.dashboard.overview import overview, stage_labels
from crm.dashboard.partners import legend
from crm.dashboard.pdf import pdf_of
from crm.dashboard.scope import Scope
from crm.exports.responses import dated_filename, export_file

bp = Blueprint("dashboard", __name__, url_prefix="/dashboard")


def _chosen() -> tuple[DashboardFilters, Scope]:
    institutions = agreement_queries.institutions()
    filters = DashboardFilters(institutions, request.args)
    filters.validate()
    code = filters.institution.data if not filters.institution.errors else None
    institution = next((i for i in institutions if i.code == code), None)
    day = today()
    return filters, Scope(current_user, institution, filters.chosen_period(day), day)


def _page(template: str, **context):
    filters, scope = _chosen()
    return render_template(
        template,
        filters=filters,
        data=overview(scope),
        stages=stage_labels(),
        legend=legend(),
        **context,
    )


@bp.route("/")
def index():
    return _page("dashboard/index.html")


@bp.route("/report")
def report():
    return _page("dashboard/report.html")


@bp.route("/report.pdf")
def report_pdf():
    """Figures and the names of agreements, missions and partners: no one's personal
    information, so no communication to record."""
    pdf = pdf_of(_page("dashboard/report.html", for_pdf=True), request.url_root)
    filename = dated_filename(_("board-report"), "pdf")
    return export_file(pdf, filename, "application/pdf", what="board-report", count=1)
