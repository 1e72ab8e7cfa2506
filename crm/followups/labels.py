"""Translated names of follow-up statuses."""

from flask_babel import lazy_pgettext as _p

from crm.followups.models import FollowUpStatus

STATUS_LABELS = {
    FollowUpStatus.OPEN: _p("follow-up status", "open"),
    FollowUpStatus.DONE: _p("follow-up status", "done"),
    FollowUpStatus.CANCELLED: _p("follow-up status", "cancelled"),
}

ALL = (STATUS_LABELS,)
