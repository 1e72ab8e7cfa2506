"""Follow-ups in the API."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from marshmallow import fields, validate

from crm.api.fields import MAX_ID, Day, Enum, Id, Text
from crm.api.schemas import ListArgs, RecordSchema, page_of
from crm.core.permissions import can_view
from crm.followups.models import SUBJECT_COLUMNS, FollowUpStatus
from crm.followups.queries import DUE_GROUPS, SORTS


class FollowUpSchema(RecordSchema):
    title = Text(300, required=True)
    due_date = Day(attribute="due_on", required=True)
    assignee_id = Id(
        required=True,
        metadata={"description": "An active user, staff or above, who may see the follow-up."},
    )
    notes = Text(20000)
    status = Enum(
        FollowUpStatus,
        metadata={"description": "open → done or cancelled, and back to open (409 otherwise)."},
    )
    completed_at = fields.DateTime(dump_only=True, allow_none=True)
    subject_type = fields.String(
        attribute="subject_kind",
        allow_none=True,
        validate=validate.OneOf(list(SUBJECT_COLUMNS)),
        metadata={"description": "The kind of record it is about; set on creation only."},
    )
    subject_id = Id(
        allow_none=True,
        metadata={
            "description": "The id of the record it is about; set on creation only. Both "
            "are null when it is about a record you may not see."
        },
    )

    @ma.post_dump(pass_original=True)
    def _hide_what_the_caller_cannot_see(self, data: dict, follow_up, **_kwargs) -> dict:
        if "subject_id" in data and not subject_shown(follow_up):
            data["subject_type"] = data["subject_id"] = None
        return data


def subject_shown(follow_up) -> bool:
    """Whether the caller may see what the follow-up is about (the page shows nothing of
    a subject another member made private)."""
    subject = follow_up.subject
    return subject is None or can_view(current_user, subject)


def _assignee(value: str) -> None:
    if value != "me" and not (value.isascii() and value.isdigit() and 1 <= int(value) <= MAX_ID):
        raise ma.ValidationError('A user\'s id, or "me".')


class FollowUpArgs(ListArgs):
    status = fields.String(
        validate=validate.OneOf([*FollowUpStatus, "all"]),
        metadata={"description": "All statuses when not given."},
    )
    assignee = fields.String(
        validate=_assignee, metadata={"description": 'A user\'s id, or "me" for the caller.'}
    )
    due_from = Day()
    due_to = Day()
    overdue = fields.Boolean(metadata={"description": "Open and due before today."})
    due = fields.String(
        validate=validate.OneOf(DUE_GROUPS),
        metadata={
            "description": "When it is due, as the groups of “My follow-ups”: before today "
            "(overdue), today, after today until Sunday (week), after Sunday (later). By the "
            "due date alone: `assignee=me&status=open&due=week` is that page's “This week”."
        },
    )
    institution = Text(20, metadata={"description": "Code of the owning member institution."})
    archived = fields.String(validate=validate.OneOf(["only", "all"]))
    sort = fields.String(validate=validate.OneOf([*SORTS, *(f"-{key}" for key in SORTS)]))


FollowUpPage = page_of(FollowUpSchema)
