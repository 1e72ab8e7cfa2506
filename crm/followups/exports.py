"""The follow-ups list as a spreadsheet: its columns."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from crm.core.records import label_seen_by
from crm.exports.columns import Column, archived_column, link_column, shown
from crm.exports.lists import ListExport
from crm.followups.models import FollowUp

SUBJECT_KINDS = {
    "organization": _l("Organization"),
    "contact": _l("Contact"),
    "interaction": _l("Interaction"),
    "mission": _l("Mission"),
    "agreement": _l("Agreement"),
    "project": _l("Project"),
    "exchange": _l("Student exchange"),
}


def columns(user) -> list[Column]:
    def subject(follow_up):
        """What it is about, named as the user may see it (nothing when hidden)."""
        record = shown(user, follow_up.subject)
        if record is None:
            return None
        return label_seen_by(record, user)

    def about(follow_up):
        return SUBJECT_KINDS[follow_up.subject_kind] if subject(follow_up) else None

    return [
        Column(_l("Follow-up"), lambda f: f.title, 36),
        Column(_l("About"), about, 14),
        Column(_l("Subject"), subject, 30),
        Column(_l("Due on"), lambda f: f.due_on, 12),
        Column(_l("Status"), lambda f: f.status, 12),
        Column(_l("Assigned to"), lambda f: f.assignee.name, 22),
        Column(_l("Institution"), lambda f: f.institution.code, 12),
        archived_column(),
        link_column(),
    ]


# The list's query loads the subjects and the assignee.
FOLLOW_UPS = ListExport(
    what="follow-ups",
    stem=_l("follow-ups"),
    title=_l("Follow-ups"),
    columns=columns,
    loads=(selectinload(FollowUp.institution),),
)
