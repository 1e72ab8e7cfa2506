"""The admins' registers: confidentiality incidents (list, new, page, edit, export) and
communications of personal information (filtered list, export)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.routing import BuildError

from crm.compliance import queries
from crm.compliance.exports import COMMUNICATIONS, INCIDENTS
from crm.compliance.forms import CommunicationFilters, IncidentForm
from crm.compliance.incidents import FIELDS, create_incident, update_incident
from crm.compliance.labels import kind_label
from crm.compliance.models import ConfidentialityIncident
from crm.compliance.partners import lacks_safeguards
from crm.compliance.permissions import can_manage_registers
from crm.core.errors import ValidationError
from crm.core.forms import filter_values
from crm.core.listing import page_number, paginate
from crm.core.permissions import require
from crm.core.views import form_status, save_edit
from crm.exports.lists import export_list
from crm.extensions import db
from crm.institutions.models import MemberInstitution

bp = Blueprint("compliance", __name__, url_prefix="/admin")
bp.add_app_template_global(lacks_safeguards)
bp.add_app_template_global(can_manage_registers)


@bp.before_request
def _admins_only():
    require(can_manage_registers(current_user))


def _form(**kwargs) -> IncidentForm:
    institutions = db.session.scalars(
        sa.select(MemberInstitution).order_by(MemberInstitution.code)
    ).all()
    return IncidentForm(institutions, **kwargs)


def _shown(incident: ConfidentialityIncident) -> dict:
    return {name: getattr(incident, name) for name in FIELDS}


def _submitted(form: IncidentForm) -> dict:
    return {name: getattr(form, name).data for name in FIELDS}


def _refuse(form: IncidentForm, error: ValidationError) -> None:
    db.session.rollback()
    getattr(form, error.field).errors.append(str(error.message))


@bp.route("/incidents/")
def incidents():
    page = paginate(queries.incidents(), page_number(request.args.get("page")))
    return render_template("compliance/incidents.html", page=page)


# One route a format: a URL argument other than records' ids is unknown to the admin
# area's permission tests (tests/test_routes_permissions.py).
@bp.route("/incidents/export.csv")
def export_incidents_csv():
    return export_list(queries.incidents(), INCIDENTS, "csv", current_user)


@bp.route("/incidents/export.xlsx")
def export_incidents_xlsx():
    return export_list(queries.incidents(), INCIDENTS, "xlsx", current_user)


@bp.route("/incidents/new", methods=["GET", "POST"])
def create_incident_page():
    form = _form(data={"institution_id": current_user.institution_id})
    if form.validate_on_submit():
        try:
            incident = create_incident(_submitted(form))
        except ValidationError as error:
            _refuse(form, error)
        else:
            db.session.commit()
            flash(_("Incident recorded in the register."), "success")
            return redirect(url_for("compliance.incident", incident_id=incident.id))
    return render_template("compliance/incident_form.html", form=form, incident=None), (
        form_status(form)
    )


@bp.route("/incidents/<id:incident_id>")
def incident(incident_id: int):
    record = db.get_or_404(ConfidentialityIncident, incident_id)
    return render_template(
        "compliance/incident.html", incident=record, history_url=_history_url(record)
    )


def _history_url(record) -> str | None:
    """The record's History tab, once the history pages know this kind of record."""
    try:
        return url_for("history.record", record_type=record.__tablename__, record_id=record.id)
    except (BuildError, ValueError):  # the converter refuses an unknown kind
        return None


@bp.route("/incidents/<id:incident_id>/edit", methods=["GET", "POST"])
def edit_incident(incident_id: int):
    record = db.get_or_404(ConfidentialityIncident, incident_id)
    form = _form(
        data=None if request.method == "POST" else _shown(record) | {"version": record.version}
    )
    conflict = None
    if form.validate_on_submit():
        submitted = _submitted(form)
        try:
            conflict = save_edit(
                lambda version: update_incident(record, version, submitted), submitted, _shown
            )
        except ValidationError as error:
            _refuse(form, error)
        else:
            if conflict is None:
                flash(_("Incident saved."), "success")
                return redirect(url_for("compliance.incident", incident_id=record.id))
            form.version.data = conflict.record.version
    labels = {name: form[name].label.text for name in FIELDS}
    return render_template(
        "compliance/incident_form.html",
        form=form,
        incident=record,
        conflict=conflict,
        labels=labels,
    ), form_status(form, conflict)


def _communications():
    filters = CommunicationFilters(queries.exporters(), request.args)
    return filters, queries.communications(filter_values(filters))


@bp.route("/communications/")
def communications():
    filters, query = _communications()
    page = paginate(query, page_number(request.args.get("page")))
    return render_template(
        "compliance/communications.html", page=page, filters=filters, kind_label=kind_label
    )


@bp.route("/communications/export.csv")
def export_communications_csv():
    _filters, query = _communications()
    return export_list(query, COMMUNICATIONS, "csv", current_user)


@bp.route("/communications/export.xlsx")
def export_communications_xlsx():
    _filters, query = _communications()
    return export_list(query, COMMUNICATIONS, "xlsx", current_user)
