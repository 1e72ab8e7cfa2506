"""Translated names of project kinds and statuses."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _p

from crm.projects.models import ProjectKind, ProjectStatus

KIND_LABELS = {
    ProjectKind.TRAINING_OFFER: _l("Joint training offer"),
    ProjectKind.APPLIED_RESEARCH: _l("Applied research"),
    ProjectKind.BUSINESS_SERVICES: _l("Services to companies"),
    ProjectKind.OTHER: _l("Other"),
}

STATUS_LABELS = {
    ProjectStatus.PLANNED: _p("project status", "planned"),
    ProjectStatus.ACTIVE: _p("project status", "under way"),
    ProjectStatus.COMPLETED: _p("project status", "completed"),
    ProjectStatus.CANCELLED: _p("project status", "cancelled"),
}

ALL = (KIND_LABELS, STATUS_LABELS)
