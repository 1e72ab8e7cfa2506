"""Agreements, exchanges under them, and small real documents of each accepted kind."""

from __future__ import annotations

import io
import itertools
import zipfile
from datetime import date

from crm.agreements.models import Agreement, AgreementQuota
from crm.exchanges.models import StudentExchange
from crm.extensions import db
from tests import factories

_n = itertools.count(1)


def agreement(institution, title=None, parties=(), organizations=(), quotas=(), **values):
    values.setdefault("kind", "partnership")
    record = Agreement(
        title=title or f"Entente {next(_n)}",
        institution=institution,
        member_parties=list(parties),
        organization_parties=list(organizations),
        quotas=[AgreementQuota(academic_year=y, direction=d, places=p) for y, d, p in quotas],
        **values,
    )
    db.session.add(record)
    db.session.commit()
    return record


def exchange(agreement, starts_on: date, direction="outgoing", status="accepted", **values):
    """A student exchange under the agreement, owned by the agreement's institution."""
    institution = values.pop("institution", agreement.institution)
    partner = values.pop("partner", None) or factories.organization(institution)
    student = factories.contact(institution, is_student=True)
    record = StudentExchange(
        student=student,
        direction=direction,
        partner_organization=partner,
        agreement=agreement,
        starts_on=starts_on,
        ends_on=date(starts_on.year + 1, 6, 1),
        status=status,
        institution=institution,
        **values,
    )
    db.session.add(record)
    db.session.commit()
    return record


def pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=method)
    return buffer.getvalue()


def docx() -> bytes:
    return _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "word/document.xml": b"<w:document><w:body>Entente</w:body></w:document>",
        }
    )


def odt() -> bytes:
    return _zip(
        {
            "mimetype": b"application/vnd.oasis.opendocument.text",
            "content.xml": b"<office:document-content/>",
        }
    )


def plain_zip() -> bytes:
    return _zip({"notes.txt": b"pas un document"})
