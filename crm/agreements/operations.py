"""The agreement workflow: draft → under review → approved → signed → active → expired or
terminated, each step recorded. Operations flush; callers commit."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from crm.agreements.labels import ACTION_LABELS, STATUS_LABELS
from crm.agreements.models import (
    TRANSITIONS,
    Agreement,
    AgreementAction,
    AgreementApproval,
    AgreementQuota,
    AgreementStatus,
    AgreementTransition,
)
from crm.agreements.permissions import can_transition
from crm.core.errors import TransitionError, ValidationError
from crm.extensions import db
from crm.users.models import User


def allowed_actions(agreement: Agreement, user: User) -> list[AgreementAction]:
    """The actions the agreement's status allows and the user may take, for buttons."""
    return [
        action
        for action, (sources, _target) in TRANSITIONS.items()
        if agreement.status in sources
        and can_transition(user, agreement, action)
        and not (action == AgreementAction.APPROVE and _has_approved(agreement, user))
    ]


def pending_approvers(agreement: Agreement):
    """The member institutions that have not approved the current review round."""
    approved = {approval.institution_id for approval in agreement.approvals}
    return [i for i in agreement.required_approvers() if i.id not in approved]


def _has_approved(agreement: Agreement, user: User) -> bool:
    return any(a.institution_id == user.institution_id for a in agreement.approvals)


def apply_action(
    agreement: Agreement,
    action: AgreementAction | str,
    user: User,
    *,
    comment: str | None = None,
    signed_on: date | None = None,
    signed_at: str | None = None,
) -> Agreement:
    """Take ``action`` on the agreement as ``user`` (whose permission the caller checked).

    Returns the agreement, or for ``renew`` the new draft that renews it. Raises
    TransitionError when the status does not allow the action, ValidationError when a
    required detail (a comment to send back, the date and place of signature) is missing.
    """
    action = AgreementAction(action)
    sources, target = TRANSITIONS[action]
    if agreement.status not in sources:
        raise TransitionError(
            _l(
                "This agreement is %(status)s: “%(action)s” is not possible.",
                status=STATUS_LABELS[agreement.status],
                action=ACTION_LABELS[action],
            )
        )
    comment = (comment or "").strip() or None
    before = agreement.status
    result = agreement
    if action == AgreementAction.SUBMIT:
        agreement.approvals.clear()
    elif action == AgreementAction.APPROVE:
        if _has_approved(agreement, user):
            raise TransitionError(_l("Your institution has already approved this agreement."))
        agreement.approvals.append(
            AgreementApproval(institution_id=user.institution_id, user_id=user.id)
        )
        db.session.flush()
        target = AgreementStatus.APPROVED if not pending_approvers(agreement) else before
    elif action == AgreementAction.RETURN:
        if not comment:
            raise ValidationError("comment", _l("Say why the agreement is sent back."))
        agreement.approvals.clear()
    elif action == AgreementAction.SIGN:
        _sign(agreement, signed_on, signed_at)
    elif action == AgreementAction.RENEW:
        result = _renewal_of(agreement)
    if target is not None:
        agreement.status = target
    agreement.history.append(
        AgreementTransition(
            action=action,
            from_status=before,
            to_status=agreement.status,
            actor_id=user.id,
            institution_id=user.institution_id if action in _REVIEW else None,
            comment=comment,
        )
    )
    db.session.flush()
    return result


_REVIEW = {AgreementAction.APPROVE, AgreementAction.RETURN}


def _sign(agreement: Agreement, signed_on: date | None, signed_at: str | None) -> None:
    if signed_on is None:
        raise ValidationError("signed_on", _l("Give the date of signature."))
    if not (signed_at or "").strip():
        raise ValidationError("signed_at", _l("Give the place of signature."))
    agreement.signed_on = signed_on
    agreement.signed_at = signed_at.strip()


def _renewal_of(agreement: Agreement) -> Agreement:
    """A new draft with the same parties and terms, linked to the agreement it renews."""
    if agreement.renewed_by:
        raise TransitionError(_l("This agreement has already been renewed."))
    renewal = Agreement(
        title=agreement.title,
        kind=agreement.kind,
        summary=agreement.summary,
        institution_id=agreement.institution_id,
        visibility=agreement.visibility,
        renewal_notice_days=agreement.renewal_notice_days,
        renews=agreement,
        member_parties=list(agreement.member_parties),
        organization_parties=list(agreement.organization_parties),
        quotas=[
            AgreementQuota(academic_year=q.academic_year, direction=q.direction, places=q.places)
            for q in agreement.quotas
        ],
    )
    db.session.add(renewal)
    return renewal
