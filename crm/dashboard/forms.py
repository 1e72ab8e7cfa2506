"""The dashboard's and board report's choices: a member institution and a period."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional, ValidationError

from crm.core.forms import choices
from crm.dashboard.period import PRESETS, Period

PRESET_LABELS = {
    "this_year": _l("This year"),
    "last_year": _l("Last year"),
    "this_academic_year": _l("This academic year"),
    "last_academic_year": _l("Last academic year"),
    "last_12_months": _l("Last 12 months"),
    "custom": _l("Dates chosen below"),
}
MAX_YEARS = 10
YEARS = (1900, 2100)  # dates outside are typing errors (and out of Python's range nearby)


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

    def validate_starts_on(self, field) -> None:
        _check_year(field)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.period.data == "custom" and not (self.starts_on.data and self.ends_on.data):
            self.ends_on.errors = [*self.ends_on.errors, _l("Give both dates of the period.")]
            return False
        return valid

    def validate_ends_on(self, field) -> None:
        _check_year(field)
        if self.period.data != "custom" or not self.starts_on.data:
            return
        if field.data < self.starts_on.data:
            raise ValidationError(_l("The end date cannot be before the start date."))
        if (field.data - self.starts_on.data).days > MAX_YEARS * 366:
            raise ValidationError(_l("Choose a period of at most %(n)d years.", n=MAX_YEARS))

    def chosen_period(self, today) -> Period:
        """The period asked for; this year when the choice is not valid."""
        dates = self.starts_on, self.ends_on
        if self.period.data == "custom" and all(d.data and not d.errors for d in dates):
            return Period(self.starts_on.data, self.ends_on.data)
        preset = self.period.data if self.period.data in PRESETS else "this_year"
        return Period.preset(preset, today)


def _check_year(field) -> None:
    if field.data and not YEARS[0] <= field.data.year <= YEARS[1]:
        raise ValidationError(
            _l("Choose a date between %(first)d and %(last)d.", first=YEARS[0], last=YEARS[1])
        )
