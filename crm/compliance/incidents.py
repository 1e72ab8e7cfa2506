"""Recording and changing confidentiality incidents. Operations flush; views commit."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from crm.compliance.models import ConfidentialityIncident
from crm.core.clock import today
from crm.core.editing import apply_changes
from crm.core.errors import ValidationError
from crm.extensions import db

FIELDS = (
    "institution_id",
    "information_concerned",
    "information_unknown_reason",
    "circumstances",
    "occurred_on",
    "occurred_until",
    "discovered_on",
    "people_affected",
    "is_estimate",
    "risk_assessment",
    "is_serious_risk",
    "commission_notified_on",
    "people_notified_on",
    "measures",
)


def _clean(values: dict) -> dict:
    return {
        name: (value.strip() or None) if isinstance(value, str) else value
        for name, value in ((name, values.get(name)) for name in FIELDS)
    } | {
        "is_estimate": bool(values.get("is_estimate")),
        "is_serious_risk": bool(values.get("is_serious_risk")),
    }


def check(values: dict) -> None:
    """Raise ValidationError (on the field to fix) unless the incident holds together."""
    if not values["information_concerned"] and not values["information_unknown_reason"]:
        raise ValidationError(
            "information_concerned",
            _l("Describe the personal information concerned, or say why it cannot be."),
        )
    if values["people_affected"] is None or values["people_affected"] < 0:
        raise ValidationError("people_affected", _l("The number of people cannot be negative."))
    start, until, known = values["occurred_on"], values["occurred_until"], values["discovered_on"]
    if until is not None and until < start:
        raise ValidationError("occurred_until", _l("The period cannot end before it starts."))
    if known < start:
        raise ValidationError(
            "discovered_on", _l("The incident cannot be known before it happened.")
        )
    if known > today():
        raise ValidationError("discovered_on", _l("This date is in the future."))
    for name in ("commission_notified_on", "people_notified_on"):
        notified = values[name]
        if notified is not None and notified < known:
            raise ValidationError(name, _l("A notice cannot precede the date it became known."))
        if notified is not None and notified > today():
            raise ValidationError(name, _l("This date is in the future."))


def create_incident(values: dict) -> ConfidentialityIncident:
    values = _clean(values)
    check(values)
    incident = ConfidentialityIncident(**values)
    db.session.add(incident)
    db.session.flush()
    return incident


def update_incident(incident: ConfidentialityIncident, expected_version, values: dict) -> list[str]:
    values = _clean(values)
    check(values)
    return apply_changes(incident, expected_version, values)
