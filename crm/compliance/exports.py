"""The two registers as CSV and XLSX (through crm/exports, like every list)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from crm.compliance.labels import kind_label
from crm.exports.columns import Column
from crm.exports.lists import ListExport


def incident_columns(_user) -> list[Column]:
    return [
        Column(_l("Member institution"), lambda i: i.institution.code, 12),
        Column(_l("Incident date (or start of the period)"), lambda i: i.occurred_on, 14),
        Column(_l("End of the period"), lambda i: i.occurred_until, 14),
        Column(_l("Date it became known"), lambda i: i.discovered_on, 14),
        Column(_l("Personal information concerned"), lambda i: i.information_concerned, 40),
        Column(_l("Why it cannot be described"), lambda i: i.information_unknown_reason, 30),
        Column(_l("Circumstances"), lambda i: i.circumstances, 50),
        Column(_l("Number of people affected"), lambda i: i.people_affected, 12),
        Column(_l("Estimate"), lambda i: i.is_estimate, 10),
        Column(_l("Assessment of the risk of serious injury"), lambda i: i.risk_assessment, 50),
        Column(_l("Risk of serious injury"), lambda i: i.is_serious_risk, 10),
        Column(
            _l("Commission d’accès à l’information notified on"),
            lambda i: i.commission_notified_on,
            14,
        ),
        Column(_l("People concerned notified on"), lambda i: i.people_notified_on, 14),
        Column(_l("Measures taken"), lambda i: i.measures, 50),
        Column(_l("Updated"), lambda i: i.updated_at),
    ]


def communication_columns(_user) -> list[Column]:
    return [
        Column(_l("Exported at"), lambda c: c.exported_at, 17),
        Column(_l("Exported by"), lambda c: c.exported_by.name if c.exported_by else None, 24),
        Column(_l("What"), lambda c: kind_label(c.kind), 24),
        Column(_l("Filters"), lambda c: c.description, 40),
        Column(_l("File"), lambda c: c.filename, 28),
        Column(_l("Records"), lambda c: c.record_count, 10),
        Column(_l("Recipient"), lambda c: c.recipient, 28),
        Column(_l("Recipient organization"), lambda c: c.recipient_organization_name, 30),
        Column(_l("Purpose"), lambda c: c.purpose, 40),
        Column(_l("Outside Québec"), lambda c: c.is_outside_quebec, 10),
        Column(_l("Students’ information"), lambda c: c.includes_students, 10),
    ]


INCIDENTS = ListExport(
    what="incidents-register",
    stem=_l("confidentiality-incidents"),
    title=_l("Confidentiality incidents"),
    columns=incident_columns,
)
COMMUNICATIONS = ListExport(
    what="communications-register",
    stem=_l("communications"),
    title=_l("Communications"),
    columns=communication_columns,
)
