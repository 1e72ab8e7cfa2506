"""Agreements in the API: their terms, the workflow's steps and history, their documents."""

from __future__ import annotations

from types import SimpleNamespace

import marshmallow as ma
from flask import url_for
from flask_login import current_user
from flask_smorest.fields import Upload
from marshmallow import fields, validate
from wtforms.validators import ValidationError as FormValidationError

from crm.agreements.forms import check_academic_year
from crm.agreements.models import (
    Agreement,
    AgreementAction,
    AgreementDocument,
    AgreementKind,
    AgreementStatus,
    MobilityDirection,
)
from crm.agreements.operations import allowed_actions, pending_approvers
from crm.agreements.queries import SORTS
from crm.agreements.terms import terms_of
from crm.api.fields import MAX_ID, Country, Day, Enum, Id, IdList, QueryId, Text
from crm.api.schemas import ListArgs, RecordSchema, page_of


def _academic_year(value: str) -> None:
    """The edit form's rule: two consecutive years, "2026-2027"."""
    try:
        check_academic_year(None, SimpleNamespace(data=value))
    except FormValidationError as error:
        raise ma.ValidationError(str(error)) from None


def _one_row_per_year_and_direction(rows: list[dict]) -> None:
    keys = [(row.get("academic_year"), row.get("direction")) for row in rows]
    if len(set(keys)) != len(keys):
        raise ma.ValidationError("Each academic year and direction may appear only once.")


class QuotaSchema(ma.Schema):
    """Mobility places for an academic year and direction."""

    academic_year = Text(9, required=True, validate=_academic_year)
    direction = Enum(MobilityDirection, required=True)
    places = fields.Integer(strict=True, required=True, validate=validate.Range(0, 10000))

    @ma.validates_schema
    def _whole(self, data: dict, **_kwargs) -> None:
        """A quota is sent whole, even in a PATCH (which makes the others' fields optional)."""
        missing = [name for name in ("academic_year", "direction", "places") if name not in data]
        if missing:
            raise ma.ValidationError(
                {name: ["Missing data for required field."] for name in missing}
            )


class DocumentSchema(ma.Schema):
    """A file attached to the agreement."""

    id = fields.Integer()
    name = fields.String(attribute="filename")
    size = fields.Integer(metadata={"description": "In bytes."})
    content_type = fields.String()
    uploaded_at = fields.DateTime()
    url = fields.String(
        metadata={"description": "The page's download, for a signed-in browser."},
    )
    api_url = fields.String(
        metadata={"description": "The API's download, for a token: GET it for the file."},
    )

    @ma.pre_dump
    def _with_urls(self, document: AgreementDocument, **_kwargs) -> dict:
        ids = {"agreement_id": document.agreement_id, "document_id": document.id}
        names = ("id", "filename", "size", "content_type", "uploaded_at")
        return {name: getattr(document, name) for name in names} | {
            "url": url_for("agreements.download", **ids),
            "api_url": url_for("agreements_api.document", **ids),
        }


DocumentPage = page_of(DocumentSchema)


class DocumentUploadSchema(ma.Schema):
    """A new document, sent as multipart/form-data."""

    file = Upload(
        required=True,
        metadata={
            "description": "A PDF, Word (DOCX) or OpenDocument (ODT) file whose name ends "
            "in its kind's extension; a larger one than the server accepts is refused (413)."
        },
    )


class ApprovalSchema(ma.Schema):
    institution_id = fields.Integer()
    user_id = fields.Integer(allow_none=True)
    approved_at = fields.DateTime()


_DUMPED = (
    *("id", "institution_id", "visibility", "is_archived", "version", "created_at"),
    *("updated_at", "created_by_id", "updated_by_id", "status", "signed_on", "signed_at"),
    *("documents", "approvals"),
)


def visible_terms(agreement: Agreement, user) -> dict:
    """The terms as the caller may see them: the originating mission too is left out
    (null) when it is another member's private one, as the page leaves it out. The API
    compares a PATCH with these, so sending back null for a hidden mission changes
    nothing; the operation keeps a hidden mission whatever is sent."""
    terms = terms_of(agreement, user)
    if agreement.mission is not None and not agreement.mission.is_visible_to(user):
        terms["mission_id"] = None
    return terms


class AgreementSchema(RecordSchema):
    title = Text(300, required=True)
    kind = Enum(AgreementKind, required=True)
    status = Enum(
        AgreementStatus,
        dump_only=True,
        metadata={"description": "Changed only by the workflow: POST …/transitions."},
    )
    summary = Text(20000)
    member_institution_ids = IdList(
        attribute="member_parties",
        load_default=list,
        metadata={
            "description": "Member institutions that are parties; each one's director "
            "must approve (none: the owning institution's)."
        },
    )
    organization_ids = IdList(
        attribute="organization_parties",
        load_default=list,
        metadata={"description": "Partner organizations that are parties."},
    )
    signatory_contact_ids = IdList(
        attribute="signatory_contacts",
        load_default=list,
        metadata={
            "description": "Signatories on the partners' side: people (not students) "
            "of the partner organizations that are parties."
        },
    )
    signatory_user_ids = IdList(
        attribute="signatory_users",
        load_default=list,
        metadata={"description": "Signatories on the members' side (users)."},
    )
    effective_on = Day(allow_none=True)
    expires_on = Day(allow_none=True)
    renewal_notice_days = fields.Integer(
        strict=True, allow_none=True, validate=validate.Range(0, 3650)
    )
    mission_id = Id(
        allow_none=True,
        metadata={
            "description": "The originating mission; null when it is one you may not see, "
            "which stays as it is whatever you send."
        },
    )
    quotas = fields.List(
        fields.Nested(QuotaSchema),
        load_default=list,
        validate=[validate.Length(max=200), _one_row_per_year_and_direction],
    )
    signed_on = Day(
        dump_only=True, allow_none=True, metadata={"description": "Set by the sign step."}
    )
    signed_at = fields.String(
        dump_only=True, allow_none=True, metadata={"description": "Place of signature."}
    )
    renews_id = fields.Integer(
        dump_only=True, allow_none=True, metadata={"description": "The agreement this one renews."}
    )
    renewed_by_ids = fields.List(fields.Integer(), dump_only=True)
    approvals = fields.List(
        fields.Nested(ApprovalSchema),
        dump_only=True,
        metadata={"description": "The member institutions that approved this review round."},
    )
    pending_institution_ids = fields.List(
        fields.Integer(),
        dump_only=True,
        metadata={"description": "Member institutions whose approval is still awaited."},
    )
    actions = fields.List(
        Enum(AgreementAction),
        dump_only=True,
        metadata={"description": "The workflow steps you may take now."},
    )
    documents = fields.List(fields.Nested(DocumentSchema), dump_only=True)

    @ma.pre_dump
    def _as_the_form_has_it(self, agreement: Agreement, **_kwargs) -> dict:
        """The terms as the edit form shows them to the caller (hidden links left out)."""
        terms = visible_terms(agreement, current_user)
        pending = [i.id for i in pending_approvers(agreement)]
        renews = agreement.renews
        return (
            {name: getattr(agreement, name) for name in _DUMPED}
            | terms
            | {
                "quotas": [
                    {"academic_year": y, "direction": d, "places": p} for y, d, p in terms["quotas"]
                ],
                "renews_id": renews.id if renews and renews.is_visible_to(current_user) else None,
                "renewed_by_ids": [
                    a.id for a in agreement.renewed_by if a.is_visible_to(current_user)
                ],
                "pending_institution_ids": (
                    pending if agreement.status == AgreementStatus.UNDER_REVIEW else []
                ),
                "actions": allowed_actions(agreement, current_user),
            }
        )


class AgreementArgs(ListArgs):
    q = Text(200, metadata={"description": "In the title, any case or accents."})
    status = Enum(AgreementStatus)
    kind = Enum(AgreementKind)
    institution = Text(
        20, metadata={"description": "Code of a member institution: owner or party."}
    )
    organization = QueryId(
        metadata={"description": "Id of a partner organization that is a party."}
    )
    country = Country(metadata={"description": "A partner's country (ISO 3166-1 alpha-2)."})
    expires_from = Day()
    expires_to = Day()
    archived = fields.String(validate=validate.OneOf(["only", "all"]))
    sort = fields.String(validate=validate.OneOf([*SORTS, *(f"-{key}" for key in SORTS)]))


AgreementPage = page_of(AgreementSchema)


class TransitionSchema(ma.Schema):
    """One step of the workflow."""

    action = Enum(AgreementAction, required=True)
    comment = Text(5000, metadata={"description": "Required to send the agreement back."})
    signed_on = Day(allow_none=True, metadata={"description": "For sign: the date."})
    signed_at = Text(200, metadata={"description": "For sign: the place."})
    version = fields.Integer(
        strict=True,
        validate=validate.Range(1, MAX_ID),
        metadata={"description": "The version the step was decided on (like If-Match)."},
    )


class HistorySchema(ma.Schema):
    """One step of an agreement's history."""

    id = fields.Integer()
    action = Enum(AgreementAction)
    from_status = Enum(AgreementStatus)
    to_status = Enum(AgreementStatus)
    user_id = fields.Integer(attribute="actor_id", allow_none=True)
    institution_id = fields.Integer(
        allow_none=True, metadata={"description": "For approve and return: the reviewer's."}
    )
    comment = fields.String(allow_none=True)
    at = fields.DateTime()


HistoryPage = page_of(HistorySchema)
