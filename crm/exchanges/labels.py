"""Translated names of exchange statuses and mobility directions."""

from flask_babel import lazy_pgettext as _p

from crm.agreements.models import MobilityDirection
from crm.exchanges.models import ExchangeStatus

STATUS_LABELS = {
    ExchangeStatus.NOMINATED: _p("exchange status", "nominated"),
    ExchangeStatus.ACCEPTED: _p("exchange status", "accepted"),
    ExchangeStatus.IN_PROGRESS: _p("exchange status", "in progress"),
    ExchangeStatus.COMPLETED: _p("exchange status", "completed"),
    ExchangeStatus.CANCELLED: _p("exchange status", "cancelled"),
}

DIRECTION_LABELS = {
    MobilityDirection.OUTGOING: _p("exchange direction", "outgoing"),
    MobilityDirection.INCOMING: _p("exchange direction", "incoming"),
}

ALL = (STATUS_LABELS, DIRECTION_LABELS)
