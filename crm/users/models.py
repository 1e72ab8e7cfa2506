"""Users of the CRM: staff, directors and admins of the member institutions."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from crm.core.db import UTCDateTime, str_enum, utcnow
from crm.core.records import Audited
from crm.extensions import db
from crm.institutions.models import MemberInstitution


class Role(enum.StrEnum):
    """Roles from least to most powerful; each can do what the ones before it can."""

    VIEWER = "viewer"
    STAFF = "staff"
    DIRECTOR = "director"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)


class Locale(enum.StrEnum):
    FR = "fr"
    EN = "en"


class User(UserMixin, Audited, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    institution_id: Mapped[int] = mapped_column(
        sa.ForeignKey("member_institutions.id", ondelete="RESTRICT"), index=True
    )
    locale: Mapped[Locale] = mapped_column(str_enum(Locale, "locale"), default=Locale.FR)
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    institution: Mapped[MemberInstitution] = relationship(
        foreign_keys=[institution_id], lazy="joined"
    )

    __table_args__ = (sa.CheckConstraint("email = lower(email)", name="email_lowercase"),)

    @validates("email")
    def _normalise_email(self, _key: str, value: str) -> str:
        return value.strip().lower()

    def has_role(self, role: Role) -> bool:
        return self.role.rank >= role.rank

    # The token of the sign-in session this object was loaded for (see users/sessions.py).
    session_token = None

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class UserSession(db.Model):
    """One signed-in browser. Signing out deletes it, so a copied cookie dies with it."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ApiToken(db.Model):
    """A personal token for the API. Only its hash is kept; revoking deletes the row."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    # The first characters of the token, shown so that its owner can tell tokens apart.
    hint: Mapped[str] = mapped_column(sa.String(12))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
