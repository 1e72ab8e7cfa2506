"""The consortium's member institutions, which own users and records."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import get_locale
from sqlalchemy.orm import Mapped, mapped_column

from crm.core.records import Audited
from crm.extensions import db


class MemberInstitution(Audited, db.Model):
    __tablename__ = "member_institutions"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(20), unique=True)
    name_fr: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    # Users belong to institutions and stamp them: these two keys break the cycle.
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL", use_alter=True)
    )
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL", use_alter=True)
    )

    @property
    def name(self) -> str:
        """The name in the current locale (French outside a request)."""
        try:
            locale = str(get_locale() or "fr")
        except RuntimeError:
            locale = "fr"
        return self.name_en if locale.startswith("en") else self.name_fr

    def __repr__(self) -> str:
        return f"<MemberInstitution {self.code}>"
