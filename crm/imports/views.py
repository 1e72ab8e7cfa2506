"""The import pages: upload → columns → preview → confirm → result."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from crm.core.errors import ValidationError
from crm.core.permissions import require
from crm.extensions import db
from crm.imports import applying, results, storage
from crm.imports.columns import guess_mapping, mapping_errors
from crm.imports.forms import ConfirmForm, UploadForm, chosen_mapping, mapping_form
from crm.imports.permissions import can_import
from crm.imports.reading import MAX_BYTES, FileError, read_table

bp = Blueprint("imports", __name__, url_prefix="/imports")
KIND = "<any(contacts, organizations):kind>"


@bp.before_request
def _creators_only() -> None:
    require(can_import(current_user))


def _upload_or_404(kind: str, token: str) -> storage.Upload:
    upload = storage.load(token, kind, current_user)
    if upload is None:
        abort(404)
    return upload


def _url(endpoint: str, upload: storage.Upload) -> str:
    return url_for(endpoint, kind=upload.meta["kind"], token=upload.token)


def _upload_page(kind: str, form: UploadForm, status: int = 200):
    return render_template("imports/upload.html", kind=kind, form=form), status


@bp.errorhandler(413)
def too_large(_error):
    form = UploadForm(formdata=None)
    form.file.errors = [_too_large()]
    return _upload_page(request.view_args.get("kind", "contacts"), form, 413)


def _too_large() -> str:
    limit = min(MAX_BYTES, current_app.config["MAX_CONTENT_LENGTH"] or MAX_BYTES)
    return _("The file is too large: at most %(size)s MB.", size=limit // (1024 * 1024))


@bp.route(f"/{KIND}/", methods=["GET", "POST"])
def upload(kind: str):
    form = UploadForm()
    if not form.validate_on_submit():
        return _upload_page(kind, form, 422 if form.errors else 200)
    file = form.file.data
    if file is None or not file.filename:
        form.file.errors = [_("Choose a file.")]
        return _upload_page(kind, form, 422)
    filename = file.filename.replace("\\", "/").rsplit("/", 1)[-1][:200]
    data = file.read(MAX_BYTES + 1)
    try:
        table = read_table(filename, data)
    except FileError as error:
        form.file.errors = [str(error)]
        return _upload_page(kind, form, 422)
    saved = storage.save(kind, filename, data, current_user)
    storage.save_mapping(saved, guess_mapping(table.headers, kind))
    return redirect(_url("imports.columns", saved))


@bp.route(f"/{KIND}/<token>/columns", methods=["GET", "POST"])
def columns(kind: str, token: str):
    upload = _upload_or_404(kind, token)
    table = read_table(upload.filename, upload.data)
    form = mapping_form(kind, table.headers, upload.mapping)
    errors = []
    if form.validate_on_submit():
        mapping = chosen_mapping(form, len(table.headers))
        errors = mapping_errors(mapping, kind)
        if not errors:
            storage.save_mapping(upload, mapping)
            return redirect(_url("imports.preview", upload))
    status = 422 if errors or form.errors else 200
    return render_template(
        "imports/columns.html", kind=kind, upload=upload, table=table, form=form, errors=errors
    ), status


@bp.route(f"/{KIND}/<token>/preview")
def preview(kind: str, token: str):
    upload = _upload_or_404(kind, token)
    if mapping_errors(upload.mapping, kind):
        return redirect(_url("imports.columns", upload))
    table = read_table(upload.filename, upload.data)
    plan = applying.plan(kind, table, upload.mapping, current_user, upload.filename)
    db.session.rollback()  # the preview reads only
    return render_template(
        "imports/preview.html",
        kind=kind,
        upload=upload,
        plan=plan,
        counts=results.counts(plan),
        mapped=[index for index, name in enumerate(upload.mapping) if name],
        form=ConfirmForm(),
    )


@bp.route(f"/{KIND}/<token>/confirm", methods=["POST"])
def confirm(kind: str, token: str):
    state = storage.state(token, kind, current_user)
    if state is None:
        abort(404)
    if state == "done":
        flash(_("This file was already imported: nothing was added again."), "info")
        return redirect(url_for("imports.result", kind=kind, token=token))
    upload = storage.load(token, kind, current_user)
    claimed = storage.claim(upload) if upload else None
    if claimed is None:
        flash(_("This file is being imported already."), "warning")
        return redirect(url_for(f"{kind}.index"))
    try:
        table = read_table(claimed.filename, claimed.data)
        plan = applying.plan(kind, table, claimed.mapping, current_user, claimed.filename)
        applying.apply(plan, current_user, claimed.filename)
        db.session.commit()
    except (SQLAlchemyError, ValidationError):
        # A rule the form does not check (a record changed since the preview): all or
        # nothing, the preview shows the rows again.
        db.session.rollback()
        storage.release(claimed)
        flash(
            _("The database refused the import: nothing was imported. Try again later."),
            "danger",
        )
        return redirect(url_for("imports.preview", kind=kind, token=token))
    except BaseException:
        db.session.rollback()
        storage.release(claimed)
        raise
    storage.finish(claimed, results.summary(plan))
    return redirect(url_for("imports.result", kind=kind, token=token))


@bp.route(f"/{KIND}/<token>/result")
def result(kind: str, token: str):
    summary = storage.result(token, kind, current_user)
    if summary is None:
        abort(404)
    return render_template("imports/result.html", kind=kind, token=token, result=summary)


@bp.route(f"/{KIND}/<token>/refused.csv")
def refused(kind: str, token: str):
    summary = storage.result(token, kind, current_user)
    if summary is None or not summary["refused"]:
        abort(404)
    name = _("refused-rows") + ".csv"
    return results.refused_csv(summary), {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "private, no-store",
    }
