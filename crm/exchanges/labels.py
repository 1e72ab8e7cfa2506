"""Translated names of exchange statuses and mobility directions."""

from flask_babel import lazy_gettext as _l
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

# The buttons that move an exchange to a status (not in ALL: their keys are statuses too).
ACTION_LABELS = {
    ExchangeStatus.ACCEPTED: _l("Accepted by the host"),
    ExchangeStatus.IN_PROGRESS: _l("Exchange started"),
    ExchangeStatus.COMPLETED: _l("Exchange completed"),
    ExchangeStatus.CANCELLED: _l("Cancel the exchange"),
}
