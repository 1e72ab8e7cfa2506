"""Who may take which step of an agreement's workflow (pages and API both ask here)."""

from __future__ import annotations

from crm.agreements.models import Agreement, AgreementAction
from crm.core.permissions import can_edit
from crm.users.models import Role, User

_STAFF_ACTIONS = {
    AgreementAction.SUBMIT,
    AgreementAction.SIGN,
    AgreementAction.ACTIVATE,
    AgreementAction.EXPIRE,
    AgreementAction.RENEW,
}


def approving_institution_ids(agreement: Agreement) -> set[int]:
    return {institution.id for institution in agreement.required_approvers()}


def can_review(user: User, agreement: Agreement) -> bool:
    """A director (or admin) of a member institution whose approval the agreement needs."""
    return (
        can_edit(user, agreement)
        and user.has_role(Role.DIRECTOR)
        and user.institution_id in approving_institution_ids(agreement)
    )


def can_transition(user: User, agreement: Agreement, action: AgreementAction) -> bool:
    """Whether the user's role and institution allow the action (not whether the
    agreement's status does: see ``agreements.operations.allowed_actions``)."""
    action = AgreementAction(action)
    if action in _STAFF_ACTIONS:
        return can_edit(user, agreement)
    if action in {AgreementAction.APPROVE, AgreementAction.RETURN}:
        return can_review(user, agreement)
    if action == AgreementAction.TERMINATE:
        return (
            can_edit(user, agreement)
            and user.has_role(Role.DIRECTOR)
            and (
                user.institution_id in approving_institution_ids(agreement)
                or user.institution_id == agreement.institution_id
            )
        )
    return False
