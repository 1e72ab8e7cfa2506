"""Student exchanges: list, page, create, edit, status changes, archive and delete."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crm.compliance.partners import warn_about_partner
from crm.core.errors import ConflictError, TransitionError, ValidationError
from crm.core.forms import filter_values
from crm.core.listing import page_number, paginate, sort
from crm.core.permissions import can_create, can_edit, get_visible_or_404, require
from crm.core.views import change_state as state_change
from crm.core.views import form_status, save_edit
from crm.exchanges import queries
from crm.exchanges.exports import EXCHANGES
from crm.exchanges.forms import ExchangeFilters, ExchangeForm, optional_int
from crm.exchanges.labels import ACTION_LABELS, STATUS_LABELS
from crm.exchanges.models import ExchangeStatus, StudentExchange
from crm.exchanges.operations import FIELDS, change_status, create_exchange, update_exchange
from crm.exports.lists import export_list
from crm.extensions import db
from crm.followups.models import FollowUp
from crm.missions.scope import scoped
from crm.privacy.journal import log_view

bp = Blueprint("exchanges", __name__, url_prefix="/exchanges")

NEW_STUDENT = {
    "given_name": "new_given_name",
    "family_name": "new_family_name",
    "email": "new_email",
}


def _shown(exchange: StudentExchange) -> dict:
    return {name: getattr(exchange, name) for name in FIELDS}


def _submitted(form: ExchangeForm) -> dict:
    return {name: getattr(form, name).data for name in FIELDS}


def _partner_id(exchange: StudentExchange | None) -> int | None:
    """The partner chosen so far, whose agreements the form offers."""
    known = exchange.partner_organization_id if exchange else None
    raw = request.form.get("partner_organization_id") or request.args.get("partner_organization_id")
    try:
        return optional_int(raw) or known
    except ValueError:
        return known


def _refuse(form: ExchangeForm, error: ValidationError | TransitionError) -> None:
    db.session.rollback()
    field, message = (
        (error.field, error.message) if isinstance(error, ValidationError) else ("status", error)
    )
    getattr(form, field).errors.append(str(message))


def _listed() -> tuple[ExchangeFilters, sa.Select, str]:
    """The list as the query string asks: the filters, the query and the sort, shared by
    the page and its exports."""
    filters = ExchangeFilters(queries.filter_options(current_user), request.args)
    query, current_sort = sort(
        queries.filtered(current_user, filter_values(filters) | scoped()),
        request.args.get("sort"),
        queries.SORTS,
        "-start",
        StudentExchange.id,
    )
    return filters, query, current_sort


@bp.route("/export.<any(csv, xlsx):fmt>")
def export(fmt: str):
    _filters, query, _sort = _listed()
    return export_list(query, EXCHANGES, fmt, current_user)


@bp.route("/")
def index():
    filters, query, current_sort = _listed()
    page = paginate(query, page_number(request.args.get("page")))
    return render_template("exchanges/index.html", page=page, filters=filters, sort=current_sort)


@bp.route("/<id:exchange_id>")
def detail(exchange_id: int):
    exchange = get_visible_or_404(StudentExchange, exchange_id)
    log_view(exchange)
    follow_ups = db.session.scalars(
        sa.select(FollowUp)
        .where(FollowUp.exchange_id == exchange.id, FollowUp.visible_to(current_user))
        .order_by(FollowUp.due_on.desc())
    ).all()
    return render_template(
        "exchanges/detail.html",
        exchange=exchange,
        follow_ups=follow_ups,
        exchange_actions=ACTION_LABELS,
    )


@bp.route("/new", methods=["GET", "POST"])
def create():
    """A new exchange; ``?student_id=``, ``?partner_organization_id=``, ``?agreement_id=``
    and ``?direction=`` from another page's button fill the form in."""
    require(can_create(current_user))
    prefill = {
        name: request.args.get(name)
        for name in ("student_id", "partner_organization_id", "agreement_id", "direction")
        if request.args.get(name)
    }
    form = ExchangeForm(
        queries.form_options(current_user, None, _partner_id(None)),
        list(ExchangeStatus),
        data={"status": ExchangeStatus.NOMINATED, "visibility": "member"} | prefill,
    )
    if form.validate_on_submit():
        names = {key: getattr(form, field).data for key, field in NEW_STUDENT.items()}
        try:
            exchange = create_exchange(_submitted(form), current_user, names)
        except ValidationError as error:
            _refuse(form, error)
        else:
            db.session.commit()
            flash(_("Exchange of %(name)s created.", name=exchange.student.full_name), "success")
            warn_about_partner(exchange.partner_organization)
            return redirect(url_for("exchanges.detail", exchange_id=exchange.id))
    return render_template("exchanges/form.html", form=form, exchange=None), form_status(form)


@bp.route("/<id:exchange_id>/edit", methods=["GET", "POST"])
def edit(exchange_id: int):
    exchange = get_visible_or_404(StudentExchange, exchange_id)
    require(can_edit(current_user, exchange))
    form = ExchangeForm(
        queries.form_options(current_user, exchange, _partner_id(exchange)),
        [ExchangeStatus(exchange.status), *exchange.next_statuses],
        new_student=False,
        data=None if request.method == "POST" else _shown(exchange) | {"version": exchange.version},
    )
    conflict = None
    if form.validate_on_submit():
        submitted = _submitted(form)
        try:
            conflict = save_edit(
                lambda version: update_exchange(exchange, version, submitted, current_user),
                submitted,
                _shown,
            )
        except (ValidationError, TransitionError) as error:
            _refuse(form, error)
        else:
            if conflict is None:
                flash(_("Exchange of %(name)s saved.", name=exchange.student.full_name), "success")
                warn_about_partner(exchange.partner_organization)
                return redirect(url_for("exchanges.detail", exchange_id=exchange.id))
            form.version.data = conflict.record.version
    return render_template(
        "exchanges/form.html", form=form, exchange=exchange, conflict=conflict
    ), form_status(form, conflict)


@bp.route("/<id:exchange_id>/transition", methods=["POST"])
def transition(exchange_id: int):
    """One step of the exchange's workflow: accepted, started, completed or cancelled."""
    exchange = get_visible_or_404(StudentExchange, exchange_id)
    require(can_edit(current_user, exchange))
    if request.form.get("status") not in set(ExchangeStatus):
        abort(400)
    try:
        change_status(exchange, request.form["status"], request.form.get("version"))
    except ConflictError:
        db.session.rollback()
        flash(
            _(
                "Someone else changed this record in the meantime: nothing was done. "
                "Check it and try again."
            ),
            "warning",
        )
    except TransitionError as error:
        db.session.rollback()
        flash(str(error), "danger")
    else:
        db.session.commit()
        flash(
            _("The exchange is now %(status)s.", status=STATUS_LABELS[exchange.status]), "success"
        )
    return redirect(url_for("exchanges.detail", exchange_id=exchange_id))


@bp.route("/<id:exchange_id>/<any(archive, restore, delete):action>", methods=["POST"])
def change_state(exchange_id: int, action: str):
    return state_change(StudentExchange, exchange_id, action, "exchanges.index")
