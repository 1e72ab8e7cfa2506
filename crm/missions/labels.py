"""Translated names of mission statuses."""

from flask_babel import lazy_pgettext as _p

from crm.missions.models import MissionStatus

STATUS_LABELS = {
    MissionStatus.PLANNED: _p("mission status", "planned"),
    MissionStatus.IN_PROGRESS: _p("mission status", "in progress"),
    MissionStatus.COMPLETED: _p("mission status", "completed"),
    MissionStatus.CANCELLED: _p("mission status", "cancelled"),
}

ALL = (STATUS_LABELS,)
