"""Contacts: the people the offices deal with, students included."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from crm.core.countries import fold
from crm.core.db import UTCDateTime, str_enum
from crm.core.records import Owned, Visibility
from crm.extensions import db
from crm.organizations.models import Organization
from crm.users.models import Locale


class ConsentSource(enum.StrEnum):
    """Where the information came from (Law 25 asks us to know)."""

    PERSON = "person"  # given by the person, e.g. a business card or a form
    EVENT = "event"  # met at a meeting, fair or mission
    PUBLIC = "public"  # a public source: website, annual report, press release
    PARTNER = "partner"  # passed on by a partner institution
    REGISTRAR = "registrar"  # the college's student records
    OTHER = "other"


class Contact(Owned, db.Model):
    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(sa.String(120))
    family_name: Mapped[str] = mapped_column(sa.String(120))
    # "family given" in lower case without accents: the order of the contacts list.
    sort_key: Mapped[str] = mapped_column(sa.String(250), index=True)
    job_title: Mapped[str | None] = mapped_column(sa.String(200))
    organization_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("organizations.id", ondelete="SET NULL"), index=True
    )
    preferred_language: Mapped[Locale | None] = mapped_column(str_enum(Locale, "locale"))
    is_student: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str | None] = mapped_column(sa.Text)
    source: Mapped[ConsentSource | None] = mapped_column(str_enum(ConsentSource, "source"))
    source_details: Mapped[str | None] = mapped_column(sa.String(500))
    consent_on: Mapped[date | None]
    # Set once the person's data is erased (crm/privacy/anonymize.py); the record stays
    # so that what happened with them still counts.
    anonymized_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    organization: Mapped[Organization | None] = relationship()
    emails: Mapped[list[ContactEmail]] = relationship(
        cascade="all, delete-orphan", order_by="ContactEmail.position"
    )
    phones: Mapped[list[ContactPhone]] = relationship(
        cascade="all, delete-orphan", order_by="ContactPhone.position"
    )

    @validates("given_name", "family_name")
    def _keep_sort_key(self, key: str, value: str) -> str:
        given = value if key == "given_name" else self.given_name
        family = value if key == "family_name" else self.family_name
        self.sort_key = fold(f"{family or ''} {given or ''}".strip())
        return value

    @classmethod
    def initial_visibility(cls, values: dict) -> Visibility:
        # A student's record is communicated to no other cégep unless someone decides so.
        return Visibility.MEMBER if values.get("is_student") else Visibility.CONSORTIUM

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def email(self) -> str | None:
        return self.emails[0].address if self.emails else None

    @property
    def email_addresses(self) -> list[str]:
        """The addresses, the main one first (as the API shows them)."""
        return [email.address for email in self.emails]

    @property
    def phone_numbers(self) -> list[str]:
        return [phone.number for phone in self.phones]

    @property
    def label(self) -> str:
        """How the record is named in lists, links and emails."""
        return self.full_name

    def __repr__(self) -> str:
        return f"<Contact {self.full_name!r}>"


class ContactEmail(db.Model):
    __tablename__ = "contact_emails"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    address: Mapped[str] = mapped_column(sa.String(254), index=True)
    label: Mapped[str | None] = mapped_column(sa.String(40))
    position: Mapped[int] = mapped_column(default=0)

    @property
    def history_label(self) -> str:
        return self.address

    @validates("address")
    def _normalise(self, _key: str, value: str) -> str:
        return value.strip().lower()


class ContactPhone(db.Model):
    __tablename__ = "contact_phones"

    id: Mapped[int] = mapped_column(primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[str] = mapped_column(sa.String(40))
    label: Mapped[str | None] = mapped_column(sa.String(40))

    @property
    def history_label(self) -> str:
        return self.number

    position: Mapped[int] = mapped_column(default=0)
