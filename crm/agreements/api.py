"""Agreements in the API: /api/v1/agreements, and their workflow under …/transitions."""

from __future__ import annotations

import sqlalchemy as sa
from flask import url_for
from flask_login import current_user
from sqlalchemy.orm import selectinload

from crm.agreements import queries
from crm.agreements.documents import remove_unused
from crm.agreements.models import Agreement, AgreementSignatory, AgreementTransition
from crm.agreements.operations import (
    FIELDS,
    apply_action,
    check_possible,
    create_agreement,
    update_agreement,
)
from crm.agreements.permissions import can_transition
from crm.agreements.schemas import (
    AgreementArgs,
    AgreementPage,
    AgreementSchema,
    HistoryPage,
    TransitionSchema,
    visible_terms,
)
from crm.api import responses
from crm.api.auth import API_PREFIX
from crm.api.blueprint import Blueprint
from crm.api.schemas import ListArgs
from crm.api.views import changed_values, creating, delete, editable, new_values, set_archived
from crm.core.errors import ValidationError
from crm.core.listing import sort
from crm.core.permissions import can_create, get_visible_or_404, require
from crm.extensions import db

bp = Blueprint(
    "agreements_api",
    __name__,
    url_prefix=f"{API_PREFIX}/agreements",
    description="Agreements, their review and approval, signature, renewal and expiry.",
)
ITEM = "/<id:agreement_id>"
schema = AgreementSchema()

# The operations' name of each linked list -> (the API's field, the edit form's choices).
LINKS = {
    "member_parties": ("member_institution_ids", "institutions"),
    "organization_parties": ("organization_ids", "organizations"),
    "signatory_contacts": ("signatory_contact_ids", "contacts"),
    "signatory_users": ("signatory_user_ids", "users"),
    "mission_id": ("mission_id", "missions"),
}
TERMS = (*FIELDS, *LINKS, "quotas")


def _check_links(values: dict, agreement: Agreement | None) -> None:
    """Refuse, like an unknown id, a link the edit form would not offer the caller: a
    record they cannot see, an archived one, a contact who is no partner's signatory."""
    if not any(values.get(name) for name in LINKS):
        return
    current = [o.id for o in agreement.organization_parties] if agreement else []
    options = queries.form_options(
        current_user, agreement, values.get("organization_parties", current)
    )
    for name, (field, choices) in LINKS.items():
        sent = values.get(name)
        sent = [sent] if isinstance(sent, int) else sent or []
        unknown = sorted(set(sent) - {value for value, _label in options[choices]})
        if unknown:
            ids = ", ".join(str(i) for i in unknown)
            raise ValidationError(field, f"Unknown, hidden or not a possible choice: {ids}.")


def _as_operations_take(values: dict) -> dict:
    if "quotas" in values:
        values["quotas"] = [
            (row["academic_year"], row["direction"], row["places"]) for row in values["quotas"]
        ]
    return values


@bp.get("")
@bp.arguments(AgreementArgs, location="query", as_kwargs=False)
@bp.response(200, AgreementPage)
def index(args: dict):
    # What each item shows beyond the list page's columns, loaded for the page at once.
    """List the agreements you may see, filtered, sorted and paged."""
    query = queries.filtered(current_user, args).options(
        selectinload(Agreement.institution),
        selectinload(Agreement.signatories).selectinload(AgreementSignatory.contact),
        selectinload(Agreement.quotas),
        selectinload(Agreement.documents),
        selectinload(Agreement.approvals),
        selectinload(Agreement.renewed_by),
        selectinload(Agreement.mission),
    )
    query, _key = sort(query, args.get("sort"), queries.SORTS, "-updated", Agreement.id)
    return responses.page(query, args)


@bp.post("")
@creating(can_create)
@bp.arguments(AgreementSchema)
@bp.response(201, AgreementSchema)
def create(values: dict):
    """Create an agreement."""
    _check_links(values, None)
    agreement = create_agreement(
        new_values(_as_operations_take(values), TERMS, Agreement), current_user
    )
    set_archived(agreement, values.get("is_archived"))
    return responses.saved(agreement, schema, 201, url_for(".item", agreement_id=agreement.id))


@bp.get(ITEM)
@bp.response(200, AgreementSchema)
def item(agreement_id: int):
    """Get an agreement."""
    return responses.item(get_visible_or_404(Agreement, agreement_id), schema)


@bp.patch(ITEM)
@editable(Agreement, "agreement_id")
@bp.arguments(AgreementSchema(partial=True))
@bp.response(200, AgreementSchema)
def update(values: dict, agreement_id: int):
    """Change the terms (refused while under review or approved: 409) or archive."""
    agreement = get_visible_or_404(Agreement, agreement_id)
    version = responses.expected_version(agreement, values.get("version"))
    if any(name in values for name in TERMS):
        _check_links(values, agreement)
        update_agreement(
            agreement,
            version,
            changed_values(
                agreement,
                _as_operations_take(values),
                TERMS,
                lambda record: visible_terms(record, current_user),
            ),
            current_user,
        )
    set_archived(agreement, values.get("is_archived"))
    return responses.saved(agreement, schema)


@bp.delete(ITEM)
@bp.response(204)
def remove(agreement_id: int):
    """Delete an agreement (its institution, or an admin; 422 while others refer to it)."""
    checksums = [d.sha256 for d in get_visible_or_404(Agreement, agreement_id).documents]
    response = delete(Agreement, agreement_id)
    remove_unused(checksums)
    return response


@bp.post(f"{ITEM}/transitions")
@editable(Agreement, "agreement_id")
@bp.arguments(TransitionSchema)
@bp.response(200, AgreementSchema)
@bp.alt_response(201, schema=AgreementSchema, description="renew: the new draft it created.")
def transition(values: dict, agreement_id: int):
    """Take a step of the workflow: 403 when your role or institution may not, 409 when
    the agreement's status does not allow it, 422 when a detail is missing."""
    agreement = get_visible_or_404(Agreement, agreement_id)
    action = values["action"]
    require(can_transition(current_user, agreement, action))
    # As in the pages: two directors giving the last two approvals at once both count.
    db.session.refresh(agreement, with_for_update=True)
    check_possible(agreement, action)
    responses.expected_version(agreement, values.get("version"))
    result = apply_action(
        agreement,
        action,
        current_user,
        comment=values.get("comment"),
        signed_on=values.get("signed_on"),
        signed_at=values.get("signed_at"),
    )
    if result is agreement:
        return responses.saved(agreement, schema)
    return responses.saved(result, schema, 201, url_for(".item", agreement_id=result.id))


@bp.get(f"{ITEM}/transitions")
@bp.arguments(ListArgs, location="query", as_kwargs=False)
@bp.response(200, HistoryPage)
def history(args: dict, agreement_id: int):
    """The agreement's workflow history, oldest step first."""
    agreement = get_visible_or_404(Agreement, agreement_id)
    query = (
        sa.select(AgreementTransition)
        .where(AgreementTransition.agreement_id == agreement.id)
        .order_by(AgreementTransition.id)
    )
    return responses.page(query, args)


# The documents' routes, on this blueprint.
from crm.agreements import document_api  # noqa: E402, F401
