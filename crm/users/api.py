"""Users in the API: everyone reads (and ``/me``); only admins create and change them.
There is no DELETE: a user who leaves is deactivated, so their records keep an author."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, url_for
from flask_login import current_user

from crm.api import responses
from crm.api.auth import API_PREFIX
from crm.api.blueprint import Blueprint
from crm.api.views import creating
from crm.core.errors import ValidationError
from crm.core.permissions import can_manage_users, require
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.users.models import User
from crm.users.operations import UserError, create_user, set_password, update_user
from crm.users.schemas import COLLEAGUE_FIELDS, NewUserSchema, UserArgs, UserPage, UserSchema

bp = Blueprint(
    "users_api",
    __name__,
    url_prefix=f"{API_PREFIX}/users",
    description="The staff, directors and admins of the member institutions.",
)
ITEM = "/<id:user_id>"
schema = UserSchema()
colleague = UserSchema(only=COLLEAGUE_FIELDS)


def _shown() -> UserSchema:
    """All of a user for admins; a colleague's name, role and institution for the others."""
    return schema if can_manage_users(current_user) else colleague


def _user_or_404(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _institution(institution_id: int) -> MemberInstitution:
    institution = db.session.get(MemberInstitution, institution_id)
    if institution is None:
        raise ValidationError("institution_id", "No member institution has this id.")
    return institution


def _refused(error: UserError) -> ValidationError:
    return ValidationError(error.field or "body", str(error))


@bp.get("")
@bp.arguments(UserArgs, location="query", as_kwargs=False)
@bp.response(200, UserPage)
def index(args: dict):
    """List the users you may see, filtered, sorted and paged."""
    query = sa.select(User).order_by(User.name, User.id)
    if text := (args.get("q") or "").strip():
        named = User.name.ilike(f"%{text}%")
        if can_manage_users(current_user):
            named = sa.or_(named, User.email.ilike(f"%{text.lower()}%"))
        query = query.where(named)
    for name in ("institution_id", "role", "is_active"):
        if args.get(name) is not None:
            query = query.where(getattr(User, name) == args[name])
    listed = responses.page(query, args)
    return listed | {"items": _shown().dump(listed["items"], many=True)}


@bp.get("/me")
@bp.response(200, UserSchema)
def me():
    """Get your own user record."""
    return responses.item(current_user, schema)


@bp.post("")
@creating(can_manage_users)
@bp.arguments(NewUserSchema)
@bp.response(201, UserSchema)
def create(values: dict):
    """Create a user."""
    try:
        user = create_user(
            email=values["email"],
            name=values["name"],
            role=values["role"],
            institution=_institution(values["institution_id"]),
            locale=values["locale"],
            password=values["password"],
        )
    except UserError as error:
        raise _refused(error) from None
    user.is_active = values["is_active"]
    return responses.saved(user, schema, 201, url_for(".item", user_id=user.id))


@bp.get(ITEM)
@bp.response(200, UserSchema)
def item(user_id: int):
    """Get a user."""
    return responses.item(_user_or_404(user_id), _shown())


@bp.patch(ITEM)
@creating(can_manage_users)
@bp.arguments(UserSchema(partial=True))
@bp.response(200, UserSchema)
def update(values: dict, user_id: int):
    """Change a user: only the fields sent."""
    user = _user_or_404(user_id)
    require(can_manage_users(current_user))
    version = responses.expected_version(user, values.pop("version", None))
    password = values.pop("password", None)
    if "institution_id" in values:
        _institution(values["institution_id"])
    try:
        update_user(user, version, values)
        if password is not None:
            set_password(user, password)
    except UserError as error:
        raise _refused(error) from None
    return responses.saved(user, schema)
