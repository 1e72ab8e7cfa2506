"""A confidentiality incident for tests."""

from __future__ import annotations

from datetime import date

from crm.compliance.models import ConfidentialityIncident
from crm.extensions import db


def incident(institution, **values) -> ConfidentialityIncident:
    record = ConfidentialityIncident(
        institution=institution,
        information_concerned=values.pop("information_concerned", "Noms et courriels"),
        circumstances=values.pop("circumstances", "Courriel envoyé au mauvais destinataire"),
        occurred_on=values.pop("occurred_on", date(2026, 10, 1)),
        discovered_on=values.pop("discovered_on", date(2026, 10, 3)),
        people_affected=values.pop("people_affected", 12),
        risk_assessment=values.pop("risk_assessment", "Faible : destinataire de confiance"),
        **values,
    )
    db.session.add(record)
    db.session.commit()
    return record
