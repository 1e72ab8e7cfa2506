"""Organizations: partner institutions, companies, ministries, associations."""

from __future__ import annotations

import enum
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from crm.core.countries import fold, normalise_country
from crm.core.db import str_enum
from crm.core.records import Owned
from crm.extensions import db


class OrganizationKind(enum.StrEnum):
    EDUCATION = "education"  # colleges, universities, training institutes
    COMPANY = "company"
    MINISTRY = "ministry"  # ministries and public agencies
    ASSOCIATION = "association"
    OTHER = "other"


organization_tags = sa.Table(
    "organization_tags",
    db.Model.metadata,
    sa.Column(
        "organization_id", sa.ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Column("tag_id", sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
)


class Tag(db.Model):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(60), unique=True)


def _outside_quebec_by_default(context) -> bool:
    """Unless someone says otherwise, a partner outside Canada is outside Québec."""
    return context.get_current_parameters().get("country") != "CA"


class Organization(Owned, db.Model):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(300))
    # The name in lower case without accents, so that "École" sorts among the E's.
    sort_key: Mapped[str] = mapped_column(sa.String(300), index=True)
    acronym: Mapped[str | None] = mapped_column(sa.String(30))
    kind: Mapped[OrganizationKind] = mapped_column(
        str_enum(OrganizationKind, "organization_kind"), default=OrganizationKind.OTHER
    )
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    city: Mapped[str | None] = mapped_column(sa.String(120))
    website: Mapped[str | None] = mapped_column(sa.String(500))
    notes: Mapped[str | None] = mapped_column(sa.Text)
    # Law 25: a partner outside Québec receiving personal information needs a privacy
    # impact assessment and a written agreement (crm/compliance/partners.py warns).
    outside_quebec: Mapped[bool] = mapped_column(sa.Boolean, default=_outside_quebec_by_default)
    pia_done_on: Mapped[date | None]
    data_agreement_on: Mapped[date | None]
    privacy_document: Mapped[str | None] = mapped_column(sa.String(500))  # where it is kept

    tags: Mapped[list[Tag]] = relationship(secondary=organization_tags, order_by=Tag.name)

    @validates("name")
    def _keep_sort_key(self, _key: str, value: str) -> str:
        self.sort_key = fold(value or "")
        return value

    @validates("country")
    def _check_country(self, _key: str, value: str) -> str:
        return normalise_country(value)

    @property
    def tag_names(self) -> list[str]:
        return [tag.name for tag in self.tags]

    @property
    def label(self) -> str:
        """How the record is named in lists, links and emails."""
        return self.name

    def __repr__(self) -> str:
        return f"<Organization {self.name!r}>"
