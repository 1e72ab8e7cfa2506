"""Forms for missions: the edit form, the list's filters, the quick entry of a meeting and
the follow-ups button."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from crm.core.clock import zone_label
from crm.core.forms import choices
from crm.core.labels import VISIBILITY_LABELS
from crm.extensions import db
from crm.institutions.models import MemberInstitution
from crm.missions.labels import STATUS_LABELS
from crm.organizations.forms import country_select
from crm.users.models import User


def user_choices(keep: set[int] = frozenset()) -> list:
    """Active users (and any already chosen), by name, with their institution's code."""
    users = db.session.scalars(
        sa.select(User).where(sa.or_(User.is_active, User.id.in_(keep))).order_by(User.name)
    )
    return choices((u.id, f"{u.name} ({u.institution.code})") for u in users)


def institution_choices() -> list:
    institutions = db.session.scalars(sa.select(MemberInstitution).order_by(MemberInstitution.code))
    return choices((i.id, f"{i.code} — {i.name}") for i in institutions)


def check_dates_in_order(form, field) -> None:
    """End dates may not come before start dates (a validator for ``ends_on``)."""
    if field.data and form.starts_on.data and field.data < form.starts_on.data:
        raise ValidationError(_l("The end date cannot be before the start date."))


class MissionForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=300)])
    country = SelectField(_l("Destination country"), validators=[DataRequired()])
    cities = StringField(
        _l("Cities"),
        validators=[Optional(), Length(max=300)],
        description=_l("Separated by commas, e.g. Rabat, Casablanca"),
    )
    starts_on = DateField(_l("Start"), validators=[DataRequired()])
    ends_on = DateField(_l("End"), validators=[DataRequired(), check_dates_in_order])
    purpose = TextAreaField(_l("Purpose"), validators=[Optional(), Length(max=20000)])
    outcomes = TextAreaField(_l("Outcomes"), validators=[Optional(), Length(max=20000)])
    status = SelectField(_l("Status"), choices=lambda: choices(STATUS_LABELS.items()))
    delegates = SelectMultipleField(_l("Delegation members"), coerce=int)
    delegation_institutions = SelectMultipleField(
        _l("Member institutions of the delegation"), coerce=int
    )
    visibility = SelectField(_l("Visible to"), choices=lambda: choices(VISIBILITY_LABELS.items()))
    version = HiddenField()

    def __init__(self, *args, delegates: set[int] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_select()
        self.delegates.choices = user_choices(delegates)
        self.delegation_institutions.choices = institution_choices()


class MissionFilters(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Name or city"))
    status = SelectField(_l("Status"))
    country = SelectField(_l("Destination country"))
    institution = SelectField(_l("Delegation"))
    start_from = DateField(_l("Starting on or after"), validators=[Optional()])
    start_until = DateField(_l("Starting on or before"), validators=[Optional()])
    archived = SelectField(_l("Archived"))

    def __init__(self, institutions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = choices([("", _l("All statuses")), *STATUS_LABELS.items()])
        self.country.choices = country_select(str(_l("All countries")))
        self.institution.choices = choices(
            [("", _l("All institutions"))] + [(i.code, i.name) for i in institutions]
        )
        self.archived.choices = choices(
            [("", _l("Current")), ("only", _l("Archived only")), ("all", _l("All"))]
        )


class MeetingForm(FlaskForm):
    """A meeting typed on a phone during the mission: who, when, notes."""

    contact_ids = SelectMultipleField(_l("People met"), coerce=int, validate_choice=False)
    new_given_name = StringField(_l("Given name"), validators=[Optional(), Length(max=120)])
    new_family_name = StringField(_l("Family name"), validators=[Length(max=120)])
    new_organization = StringField(
        _l("Organization"),
        validators=[Optional(), Length(max=300)],
        render_kw={"list": "organization-names", "autocomplete": "off"},
    )
    occurred_at = DateTimeLocalField(
        _l("When"), format=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"], validators=[DataRequired()]
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=20000)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.occurred_at.description = zone_label()

    def validate_new_family_name(self, field) -> None:
        if bool((self.new_given_name.data or "").strip()) != bool((field.data or "").strip()):
            raise ValidationError(_l("Give both the given name and the family name."))

    def validate_contact_ids(self, field) -> None:
        if not field.data and not (self.new_family_name.data or "").strip():
            raise ValidationError(
                _l("Choose at least one person, or type the name of a new person.")
            )


class FollowUpsForm(FlaskForm):
    due_in_days = IntegerField(
        _l("Due in (days)"), default=7, validators=[Optional(), NumberRange(min=0, max=365)]
    )
