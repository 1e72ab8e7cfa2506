"""Forms with which admins manage users."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Email, Length

from crm.core.forms import choices
from crm.core.labels import ROLE_LABELS
from crm.users.forms import LOCALE_CHOICES
from crm.users.models import Role


def role_choices():
    return choices((role.value, ROLE_LABELS[role]) for role in Role)


class UserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    role = SelectField(_l("Role"), choices=role_choices)
    institution_id = SelectField(_l("Institution"), coerce=int)
    locale = SelectField(_l("Language"), choices=LOCALE_CHOICES)
    is_active = BooleanField(_l("Active (may sign in)"), default=True)
    version = HiddenField()
