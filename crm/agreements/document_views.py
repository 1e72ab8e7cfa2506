"""An agreement's documents: upload, download, delete."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.agreements.documents import add_document, remove_document, remove_unused, send_document
from crm.agreements.forms import DocumentForm
from crm.agreements.models import Agreement, AgreementDocument
from crm.agreements.views import bp, render_detail
from crm.core.errors import ValidationError
from crm.core.permissions import can_edit, get_visible_or_404, require
from crm.extensions import db


def _document_or_404(agreement: Agreement, document_id: int) -> AgreementDocument:
    document = db.session.get(AgreementDocument, document_id)
    if document is None or document.agreement_id != agreement.id:
        abort(404)
    return document


def _detail_url(agreement_id: int) -> str:
    return url_for("agreements.detail", agreement_id=agreement_id, _anchor="documents")


@bp.errorhandler(413)
def too_large(_error):
    db.session.rollback()
    limit = current_app.config["CRM_SETTINGS"].max_upload_mb
    return render_template("agreements/too_large.html", limit=limit), 413


@bp.route("/<id:agreement_id>/documents", methods=["POST"])
def upload(agreement_id: int):
    agreement = get_visible_or_404(Agreement, agreement_id)
    require(can_edit(current_user, agreement))
    form = DocumentForm()
    upload = form.file.data
    try:
        if not form.validate() or upload is None:
            raise ValidationError("file", _("Choose a file."))
        document, stored = add_document(agreement, upload.filename, upload.read(), current_user)
    except ValidationError as error:
        db.session.rollback()
        form.file.errors = [error.message]
        return render_detail(agreement, 422, document_form=form)
    try:
        db.session.commit()
    except Exception:
        db.session.rollback()
        stored.discard()
        raise
    flash(_("Document “%(name)s” added.", name=document.filename), "success")
    return redirect(_detail_url(agreement.id))


@bp.route("/<id:agreement_id>/documents/<id:document_id>")
def download(agreement_id: int, document_id: int):
    agreement = get_visible_or_404(Agreement, agreement_id)
    return send_document(_document_or_404(agreement, document_id))


@bp.route("/<id:agreement_id>/documents/<id:document_id>/delete", methods=["POST"])
def delete_document(agreement_id: int, document_id: int):
    agreement = get_visible_or_404(Agreement, agreement_id)
    require(can_edit(current_user, agreement))
    document = _document_or_404(agreement, document_id)
    name = document.filename
    checksum = remove_document(document)
    db.session.commit()
    remove_unused([checksum])
    flash(_("Document “%(name)s” deleted.", name=name), "success")
    return redirect(_detail_url(agreement.id))
