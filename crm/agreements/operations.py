"""The agreement workflow: draft → under review → approved → signed → active → expired or
terminated, each step recorded; and creating and changing an agreement's terms.
Operations flush; callers commit."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crm.agreements.labels import ACTION_LABELS, STATUS_LABELS
from crm.agreements.models import (
    TRANSITIONS,
    Agreement,
    AgreementAction,
    AgreementApproval,
    AgreementQuota,
    AgreementSignatory,
    AgreementStatus,
    AgreementTransition,
    MobilityDirection,
)
from crm.agreements.permissions import can_transition
from crm.contacts.models import Contact
from crm.core.db import utcnow
from crm.core.editing import apply_changes
from crm.core.errors import TransitionError, ValidationError, check_version
from crm.extensions import db
from crm.history.capture import recorded_as
from crm.history.models import HistoryAction
from crm.institutions.models import MemberInstitution
from crm.organizations.models import Organization
from crm.users.models import User


def allowed_actions(agreement: Agreement, user: User) -> list[AgreementAction]:
    """The actions the agreement's status allows and the user may take, for buttons."""
    return [
        action
        for action, (sources, _target) in TRANSITIONS.items()
        if agreement.status in sources
        and can_transition(user, agreement, action)
        and not (action == AgreementAction.APPROVE and _has_approved(agreement, user))
        and not (action == AgreementAction.RENEW and agreement.renewed_by)
    ]


def pending_approvers(agreement: Agreement):
    """The member institutions that have not approved the current review round."""
    approved = {approval.institution_id for approval in agreement.approvals}
    return [i for i in agreement.required_approvers() if i.id not in approved]


def touch(agreement: Agreement) -> None:
    """Make the next flush save the agreement as a new version: for a change made only to
    its rows in other tables (an approval, a document), which SQLAlchemy does not count."""
    agreement.updated_at = utcnow()


def check_possible(agreement: Agreement, action: AgreementAction) -> None:
    """Raise TransitionError unless the agreement's status allows the action."""
    if agreement.status not in TRANSITIONS[action][0]:
        raise TransitionError(
            _l(
                "This agreement is %(status)s: “%(action)s” is not possible.",
                status=STATUS_LABELS[agreement.status],
                action=ACTION_LABELS[action],
            )
        )


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
    check_possible(agreement, action)
    with recorded_as(HistoryAction.TRANSITION, action.value):
        return _apply(agreement, action, user, comment, signed_on, signed_at)


def _apply(agreement, action, user, comment, signed_on, signed_at) -> Agreement:
    target = TRANSITIONS[action][1]
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
    # Every step changes what the agreement shows (its approvals, the steps left, the
    # renewal it links to) even when the status stays: a new version, a new ETag.
    touch(agreement)
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


# Creating and changing an agreement's terms

FIELDS = (
    "title",
    "kind",
    "summary",
    "effective_on",
    "expires_on",
    "renewal_notice_days",
    "mission_id",
    "visibility",
)


def _clean(values: dict) -> dict:
    cleaned = {
        name: (value.strip() or None) if isinstance(value, str) else value
        for name, value in ((name, values[name]) for name in FIELDS)
    }
    cleaned["title"] = (values["title"] or "").strip()
    if not cleaned["title"]:
        raise ValidationError("title", _l("Give the agreement a title."))
    effective_on, expires_on = cleaned["effective_on"], cleaned["expires_on"]
    if effective_on and expires_on and expires_on < effective_on:
        raise ValidationError(
            "expires_on", _l("The expiry date cannot be before the effective date.")
        )
    return cleaned


def _visible(model, ids, user: User) -> list:
    """The records of ``ids`` the user may see (a hidden one cannot be linked)."""
    if not ids:
        return []
    query = sa.select(model).where(model.id.in_(ids))
    if hasattr(model, "visible_to"):
        query = query.where(model.visible_to(user))
    return list(db.session.scalars(query))


def _same_or(current: list, wanted: list) -> list:
    """The current list when it holds the same records, so that no change is seen."""
    return current if set(current) == set(wanted) else wanted


def _signatories(agreement: Agreement | None, values: dict, user: User) -> list:
    current = list(agreement.signatories) if agreement else []
    contacts = {c.id for c in _visible(Contact, values["signatory_contacts"], user)}
    users = {u.id for u in _visible(User, values["signatory_users"], user)}
    kept = [
        s
        for s in current
        if s.contact_id in contacts
        or s.user_id in users
        or (s.contact is not None and not s.contact.is_visible_to(user))
    ]
    have = {("c", s.contact_id) for s in kept} | {("u", s.user_id) for s in kept}
    added = [AgreementSignatory(contact_id=i) for i in sorted(contacts) if ("c", i) not in have]
    added += [AgreementSignatory(user_id=i) for i in sorted(users) if ("u", i) not in have]
    return _same_or(current, kept + added)


def _sync_quotas(agreement: Agreement, rows) -> bool:
    """Make the agreement's quotas the given (year, direction, places) rows, changing the
    existing rows in place; return whether anything changed."""
    wanted = {(year, MobilityDirection(direction)): places for year, direction, places in rows}
    changed = False
    for quota in list(agreement.quotas):
        key = (quota.academic_year, quota.direction)
        if key not in wanted:
            agreement.quotas.remove(quota)
            changed = True
        elif quota.places != wanted[key]:
            quota.places = wanted[key]
            changed = True
    have = {(q.academic_year, q.direction) for q in agreement.quotas}
    for (year, direction), places in sorted(wanted.items()):
        if (year, direction) not in have:
            agreement.quotas.append(
                AgreementQuota(academic_year=year, direction=direction, places=places)
            )
            changed = True
    return changed


def create_agreement(values: dict, user: User) -> Agreement:
    """A new draft owned by the user's institution."""
    agreement = Agreement(**_clean(values), institution_id=user.institution_id)
    agreement.member_parties = _visible(MemberInstitution, values["member_parties"], user)
    agreement.organization_parties = _visible(Organization, values["organization_parties"], user)
    agreement.signatories = _signatories(None, values, user)
    _sync_quotas(agreement, values["quotas"])
    db.session.add(agreement)
    db.session.flush()
    return agreement


# While directors review or have approved an agreement, its terms are what they approve:
# changing them means sending it back to draft first.
TERMS_LOCKED = frozenset({AgreementStatus.UNDER_REVIEW, AgreementStatus.APPROVED})


def terms_locked(agreement: Agreement) -> bool:
    return agreement.status in TERMS_LOCKED


def update_agreement(agreement: Agreement, expected_version, values: dict, user: User) -> list:
    """Change the agreement's terms; links to records the user may not see are kept."""
    if terms_locked(agreement):
        raise TransitionError(_l("Send the agreement back to draft before changing its terms."))
    check_version(agreement, expected_version)
    changes = _clean(values)
    if agreement.mission is not None and not agreement.mission.is_visible_to(user):
        changes["mission_id"] = agreement.mission_id
    hidden = [o for o in agreement.organization_parties if not o.is_visible_to(user)]
    organizations = hidden + _visible(Organization, values["organization_parties"], user)
    changes |= {
        "member_parties": _same_or(
            list(agreement.member_parties),
            _visible(MemberInstitution, values["member_parties"], user),
        ),
        "organization_parties": _same_or(list(agreement.organization_parties), organizations),
        "signatories": _signatories(agreement, values, user),
    }
    if _sync_quotas(agreement, values["quotas"]):
        agreement.updated_at = utcnow()  # changed places are a new version of the agreement
    return apply_changes(agreement, expected_version, changes)
