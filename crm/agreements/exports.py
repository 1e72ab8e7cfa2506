"""The agreements list as a spreadsheet, and the agreements register for directors: one row
an agreement with its parties, signatories, dates and quotas, and the quotas in long form
on a second sheet."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from crm.agreements.models import Agreement, AgreementSignatory
from crm.agreements.queries import quota_rows, used_places
from crm.contacts.models import Contact
from crm.core.urls import record_url
from crm.exports.columns import (
    Column,
    archived_column,
    country,
    link_column,
    names,
    shown,
    the_user,
)
from crm.exports.lists import ListExport, records
from crm.exports.responses import dated_filename, export_file
from crm.exports.tabular import XLSX_MIMETYPE, Sheet, xlsx_bytes
from crm.labels import label
from crm.users.models import User


def columns(user) -> list[Column]:
    return [
        Column(_l("Title"), lambda a: a.title, 40),
        Column(_l("Kind"), lambda a: a.kind, 26),
        Column(_l("Status"), lambda a: a.status, 14),
        Column(_l("Member parties"), lambda a: [i.code for i in a.member_parties], 16),
        Column(_l("Partner organizations"), lambda a: _partners(user, a), 40),
        Column(_l("Signed on"), lambda a: a.signed_on, 12),
        Column(_l("Effective from"), lambda a: a.effective_on, 12),
        Column(_l("Expires on"), lambda a: a.expires_on, 12),
        Column(_l("Institution"), lambda a: a.institution.code, 12),
        archived_column(),
        Column(_l("Updated"), lambda a: a.updated_at),
        link_column(),
    ]


AGREEMENTS = ListExport(
    what="agreements",
    stem=_l("agreements"),
    title=_l("Agreements"),
    columns=columns,
    loads=(selectinload(Agreement.institution),),
)

REGISTER_LOADS = (
    selectinload(Agreement.institution),
    selectinload(Agreement.quotas),
    selectinload(Agreement.renewed_by),
    selectinload(Agreement.signatories)
    .selectinload(AgreementSignatory.contact)
    .selectinload(Contact.organization),
    selectinload(Agreement.signatories)
    .selectinload(AgreementSignatory.user)
    .selectinload(User.institution),
)


def _partners(user, agreement: Agreement) -> list[str]:
    return names(user, agreement.organization_parties, lambda o: o.name)


def _partners_with_country(user, agreement: Agreement) -> list[str]:
    return names(user, agreement.organization_parties, lambda o: f"{o.name} ({country(o.country)})")


def _signatories(user, agreement: Agreement) -> list[str]:
    signed = []
    for s in agreement.signatories:
        if s.user is not None:
            signed.append(f"{s.user.name} ({s.user.institution.code})")
        elif shown(user, s.contact):
            organization = shown(user, s.contact.organization)
            signed.append(
                f"{s.contact.full_name} ({organization.name})"
                if organization
                else s.contact.full_name
            )
    return sorted(signed)


def register_columns(user, pairs, quotas) -> list[Column]:
    """The register's columns; ``pairs`` are the (academic year, direction) that have
    places or exchanges, ``quotas`` {agreement id: {pair: quota row}}."""

    def quota(key, field):
        return lambda a: quotas[a.id].get(key, {}).get(field)

    per_year = []
    for key in pairs:
        year, direction = key
        named = {"year": year, "direction": label(direction)}
        per_year += [
            Column(_("%(year)s %(direction)s: places", **named), quota(key, "places"), 14),
            Column(_("%(year)s %(direction)s: exchanges", **named), quota(key, "used"), 14),
        ]
    return [
        Column(_l("Title"), lambda a: a.title, 40),
        Column(_l("Kind"), lambda a: a.kind, 26),
        Column(_l("Status"), lambda a: a.status, 14),
        Column(_l("Member parties"), lambda a: [i.code for i in a.member_parties], 16),
        Column(_l("Partner organizations"), lambda a: _partners_with_country(user, a), 44),
        Column(_l("Signatories"), lambda a: _signatories(user, a), 40),
        Column(_l("Signed on"), lambda a: a.signed_on, 12),
        Column(_l("Signed at"), lambda a: a.signed_at),
        Column(_l("Effective from"), lambda a: a.effective_on, 12),
        Column(_l("Expires on"), lambda a: a.expires_on, 12),
        Column(_l("Renewal notice (days)"), lambda a: a.renewal_notice_days, 12),
        Column(_l("Renewed by"), lambda a: names(user, a.renewed_by, lambda r: r.title), 36),
        *per_year,
        link_column(),
    ]


def quota_columns() -> list[Column]:
    """The second sheet's columns, over (agreement, quota row) pairs."""
    return [
        Column(_l("Agreement"), lambda row: row[0].title, 40),
        Column(_l("Academic year"), lambda row: row[1]["academic_year"], 12),
        Column(_l("Direction"), lambda row: row[1]["direction"], 12),
        Column(_l("Places"), lambda row: row[1]["places"], 10),
        Column(_l("Exchanges"), lambda row: row[1]["used"], 10),
        Column(
            _l("Left"),
            lambda row: None if row[1]["places"] is None else row[1]["places"] - row[1]["used"],
            10,
        ),
        Column(_l("Link"), lambda row: record_url(row[0], _external=True), 45),
    ]


def register(query: sa.Select, user) -> Response:
    """The register of the agreements ``query`` selects, as an XLSX file."""
    user = the_user(user)
    agreements = list(records(query, REGISTER_LOADS))
    used = used_places(query.with_only_columns(Agreement.id).order_by(None))
    quotas = {
        a.id: {(q["academic_year"], q["direction"]): q for q in quota_rows(a, used.get(a.id, {}))}
        for a in agreements
    }
    pairs = sorted({pair for rows in quotas.values() for pair in rows})
    long_form = [(a, row) for a in agreements for row in quotas[a.id].values()]
    sheets = [
        Sheet(_("Agreements"), register_columns(user, pairs, quotas), agreements),
        Sheet(_("Mobility quotas"), quota_columns(), long_form),
    ]
    content = xlsx_bytes(sheets)
    filename = dated_filename(_("agreements-register"), "xlsx")
    return export_file(
        content, filename, XLSX_MIMETYPE, what="agreements-register", count=len(agreements)
    )
