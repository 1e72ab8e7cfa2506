"""The workflow box's posts: one route for every step, the step named by the button.

Refusals come in a fixed order: 403 when the user's role or institution may not take the
step, 409 when the agreement's status does not allow it (or it changed since the page was
shown), 422 when a detail is missing (the comment to send back, the date and place of a
signature), shown next to its field.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from crm.agreements.forms import TransitionForm
from crm.agreements.models import Agreement, AgreementAction, AgreementStatus
from crm.agreements.operations import apply_action, check_possible, pending_approvers
from crm.agreements.permissions import can_transition
from crm.agreements.views import bp, render_detail
from crm.core.errors import ConflictError, TransitionError, ValidationError, check_version
from crm.core.permissions import get_visible_or_404, require
from crm.extensions import db

A = AgreementAction
DONE = {
    A.SUBMIT: _l("The agreement is submitted for review."),
    A.RETURN: _l("The agreement is sent back to draft."),
    A.SIGN: _l("The signature is recorded."),
    A.ACTIVATE: _l("The agreement is active."),
    A.EXPIRE: _l("The agreement is marked expired."),
    A.TERMINATE: _l("The agreement is terminated."),
    A.RENEW: _l("The renewal is created as a draft: check it, then submit it for review."),
}


def _approved_message(agreement: Agreement) -> str:
    if agreement.status == AgreementStatus.APPROVED:
        return _("Your approval is recorded: every institution has approved the agreement.")
    return _(
        "Your approval is recorded. Still to approve: %(codes)s.",
        codes=", ".join(i.code for i in pending_approvers(agreement)),
    )


@bp.route("/<id:agreement_id>/transitions", methods=["POST"])
def transition(agreement_id: int):
    agreement = get_visible_or_404(Agreement, agreement_id)
    try:
        action = AgreementAction(request.form.get("action", ""))
    except ValueError:
        abort(400)
    require(can_transition(current_user, agreement, action))
    # Lock the row (PostgreSQL; SQLite writes one at a time anyway): two directors giving
    # the last two approvals at once must not each miss the other's.
    db.session.refresh(agreement, with_for_update=True)
    form = TransitionForm()
    try:
        check_possible(agreement, action)
        check_version(agreement, form.version.data)
    except TransitionError as error:
        db.session.rollback()
        return render_detail(agreement, 409, problem=str(error))
    except ConflictError:
        db.session.rollback()
        return render_detail(
            agreement,
            409,
            problem=_(
                "Someone else changed this agreement since you opened the page: nothing was "
                "done. Check it and try again."
            ),
        )
    if not form.validate():
        db.session.rollback()
        return render_detail(agreement, 422, transition_form=form)
    try:
        result = apply_action(
            agreement,
            action,
            current_user,
            comment=form.comment.data,
            signed_on=form.signed_on.data,
            signed_at=form.signed_at.data,
        )
    except TransitionError as error:
        db.session.rollback()
        return render_detail(agreement, 409, problem=str(error))
    except ValidationError as error:
        db.session.rollback()
        getattr(form, error.field).errors = [error.message]
        return render_detail(agreement, 422, transition_form=form)
    db.session.commit()
    flash(_approved_message(agreement) if action == A.APPROVE else str(DONE[action]), "success")
    return redirect(url_for("agreements.detail", agreement_id=result.id))
