"""Adding and finding member institutions."""

from __future__ import annotations

import re

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from crm.core.editing import apply_changes
from crm.extensions import db
from crm.institutions.models import MemberInstitution

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,19}$")


class InstitutionError(ValueError):
    """An institution cannot be added or found as asked."""


def known_codes() -> list[str]:
    return list(db.session.scalars(sa.select(MemberInstitution.code).order_by("code")))


def get_by_code(code: str) -> MemberInstitution:
    institution = db.session.scalar(
        sa.select(MemberInstitution).where(MemberInstitution.code == code.strip().upper())
    )
    if institution is None:
        known = ", ".join(known_codes()) or "—"
        raise InstitutionError(
            _l("Unknown institution %(code)s (known: %(known)s).", code=code, known=known)
        )
    return institution


def add_institution(*, code: str, name_fr: str, name_en: str) -> MemberInstitution:
    code = code.strip().upper()
    if not _CODE.match(code):
        raise InstitutionError(
            _l("Invalid code %(code)s: use up to 20 letters, digits, - or _.", code=code)
        )
    name_fr, name_en = name_fr.strip(), name_en.strip()
    if not name_fr or not name_en or len(name_fr) > 200 or len(name_en) > 200:
        raise InstitutionError(_l("The French and English names need 1 to 200 characters."))
    exists = db.session.scalar(
        sa.select(MemberInstitution.id).where(MemberInstitution.code == code)
    )
    if exists is not None:
        raise InstitutionError(
            _l("An institution with the code %(code)s already exists.", code=code)
        )
    institution = MemberInstitution(code=code, name_fr=name_fr, name_en=name_en)
    db.session.add(institution)
    db.session.flush()
    return institution


def rename_institution(
    institution: MemberInstitution, expected_version: int | None, name_fr: str, name_en: str
) -> list[str]:
    name_fr, name_en = name_fr.strip(), name_en.strip()
    if not name_fr or not name_en:
        raise InstitutionError(_l("The French and English names need 1 to 200 characters."))
    return apply_changes(institution, expected_version, {"name_fr": name_fr, "name_en": name_en})
