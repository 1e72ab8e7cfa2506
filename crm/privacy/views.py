"""A person's data exported or anonymized from their page; the retention rules' admin page."""

from __future__ import annotations

import io

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from crm.compliance.communications import ask_or_record
from crm.contacts.models import Contact
from crm.core.clock import today
from crm.core.errors import ValidationError
from crm.core.permissions import get_visible_or_404, require
from crm.core.views import form_status
from crm.extensions import db
from crm.privacy import retention
from crm.privacy.anonymize import anonymize
from crm.privacy.forms import AnonymizeForm
from crm.privacy.permissions import (
    can_anonymize,
    can_apply_retention,
    can_export_person,
    exports_everything,
)
from crm.privacy.person_export import export_zip

bp = Blueprint("privacy", __name__)
bp.add_app_template_global(can_export_person)
bp.add_app_template_global(can_anonymize)


@bp.route("/contacts/<id:contact_id>/personal-data", methods=["POST"])
def export(contact_id: int):
    contact = get_visible_or_404(Contact, contact_id)
    require(can_export_person(current_user, contact))
    filename = _("personal-data")
    # Law 25: a person's data leaving the app is a communication, in the register first.
    asked = ask_or_record("person", 1, f"{filename}-{contact.id}.zip", contact.is_student)
    if asked is not None:
        return asked
    content = export_zip(contact, current_user, exports_everything(current_user), current_user.name)
    db.session.commit()
    return send_file(
        io.BytesIO(content),
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"{filename}-{contact.id}.zip",
    )


@bp.route("/contacts/<id:contact_id>/anonymize", methods=["GET", "POST"])
def anonymize_contact(contact_id: int):
    contact = get_visible_or_404(Contact, contact_id)
    require(can_anonymize(current_user, contact))
    if contact.anonymized_at is not None:
        flash(_("This person’s data was already anonymized."), "info")
        return redirect(url_for("contacts.detail", contact_id=contact.id))
    form = AnonymizeForm()
    if form.validate_on_submit():
        try:
            anonymize(contact, form.reason.data)
        except ValidationError as error:
            form.reason.errors.append(str(error.message))
        else:
            db.session.commit()
            flash(_("The person’s data was anonymized."), "success")
            return redirect(url_for("contacts.detail", contact_id=contact.id))
    return render_template("privacy/anonymize.html", form=form, contact=contact), form_status(form)


@bp.route("/admin/privacy/retention")
def retention_report():
    require(can_apply_retention(current_user))
    report = retention.report(today())
    listed = [item.contact_id for item in (*report.to_anonymize, *report.to_review)]
    # Another institution's private record is named by its number only, as elsewhere.
    visible = set(
        db.session.scalars(
            sa.select(Contact.id).where(Contact.id.in_(listed), Contact.visible_to(current_user))
        )
    )
    return render_template(
        "privacy/retention.html",
        report=report,
        visible=visible,
        last_run=retention.last_run(),
        review_years=retention.REVIEW_AFTER_YEARS,
    )


@bp.route("/admin/privacy/retention/apply", methods=["POST"])
def apply_retention():
    require(can_apply_retention(current_user))
    result, _run = retention.apply(today(), current_user.id)
    db.session.commit()
    count = len(result.to_anonymize)
    flash(
        ngettext(
            "Retention rules applied: %(num)d person anonymized.",
            "Retention rules applied: %(num)d people anonymized.",
            count,
        ),
        "success",
    )
    return redirect(url_for("privacy.retention_report"))
