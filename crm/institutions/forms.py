"""The form with which admins add and rename member institutions."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, Regexp


class InstitutionForm(FlaskForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=20), Regexp(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")],
        description=_l("A short code such as CSI; letters, digits, - and _."),
    )
    name_fr = StringField(_l("Name in French"), validators=[DataRequired(), Length(max=200)])
    name_en = StringField(_l("Name in English"), validators=[DataRequired(), Length(max=200)])
    version = HiddenField()
