"""The dashboard's and board report's choices: a member institution and a period."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from crm.core.forms import choices
from crm.dashboard.period import CUSTOM, PRESETS, Period, period_errors

PRESET_LABELS = {
    "this_year": _l("This year"),
    "last_year": _l("Last year"),
    "this_academic_year": _l("This academic year"),
    "last_academic_year": _l("Last academic year"),
    "last_12_months": _l("Last 12 months"),
    CUSTOM: _l("Dates chosen below"),
}


class DashboardFilters(FlaskForm):
    class Meta:
        csrf = False

    institution = SelectField(_l("Member institution"), default="")
    period = SelectField(_l("Period"), default="this_year")
    starts_on = DateField(_l("From"), validators=[Optional()])
    ends_on = DateField(_l("To"), validators=[Optional()])

    def __init__(self, institutions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution.choices = choices(
            [("", _l("The whole consortium"))] + [(i.code, i.name) for i in institutions]
        )
        self.period.choices = choices(PRESET_LABELS.items())

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        dates = self.starts_on, self.ends_on
        if self.period.data != CUSTOM or any(field.errors for field in dates):
            return valid
        for name, message in period_errors(self.starts_on.data, self.ends_on.data).items():
            field = getattr(self, name)
            field.errors = [*field.errors, message]
            valid = False
        return valid

    def chosen_period(self, today) -> Period:
        """The period asked for; this year when the choice is not valid."""
        dates = self.starts_on, self.ends_on
        if self.period.data == CUSTOM and all(d.data and not d.errors for d in dates):
            return Period(self.starts_on.data, self.ends_on.data)
        preset = self.period.data if self.period.data in PRESETS else "this_year"
        return Period.preset(preset, today)
