"""Forms for student exchanges: the edit form (with a new student typed in place) and the
list's filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _p
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from crm.core.forms import choices
from crm.core.labels import VISIBILITY_LABELS
from crm.exchanges.labels import DIRECTION_LABELS, STATUS_LABELS
from crm.exchanges.queries import NOT_CANCELLED
from crm.organizations.forms import country_select


def optional_int(value):
    if value in (None, ""):
        return None
    return int(value)


class ExchangeForm(FlaskForm):
    # The choices are records the user may see; the operation checks the submitted ones.
    student_id = SelectField(
        _l("Student"), coerce=optional_int, validate_choice=False, validators=[Optional()]
    )
    new_given_name = StringField(_l("Given name"), validators=[Optional(), Length(max=120)])
    new_family_name = StringField(_l("Family name"), validators=[Optional(), Length(max=120)])
    new_email = StringField(_l("Email"), validators=[Optional(), Email(), Length(max=254)])
    direction = SelectField(_l("Direction"), choices=lambda: choices(DIRECTION_LABELS.items()))
    partner_organization_id = SelectField(
        _l("Partner organization"), coerce=optional_int, validate_choice=False
    )
    agreement_id = SelectField(
        _l("Agreement"), coerce=optional_int, validate_choice=False, validators=[Optional()]
    )
    programme = StringField(_l("Programme"), validators=[Optional(), Length(max=200)])
    starts_on = DateField(_l("Start"), validators=[DataRequired()])
    ends_on = DateField(_l("End"), validators=[DataRequired()])
    status = SelectField(_l("Status"))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=20000)])
    visibility = SelectField(_l("Visible to"), choices=lambda: choices(VISIBILITY_LABELS.items()))
    version = HiddenField()

    def __init__(self, options: dict, statuses, *args, new_student=True, **kwargs):
        """``options``: (value, label) pairs for "students", "organizations" and
        "agreements"; ``statuses``: those the exchange may have once saved;
        ``new_student``: whether a new student may be typed in."""
        super().__init__(*args, **kwargs)
        blank = [("", _l("A new student (type the names below)"))] if new_student else []
        self.student_id.choices = choices([*blank, *options["students"]])
        self.partner_organization_id.choices = choices([("", "—"), *options["organizations"]])
        self.agreement_id.choices = choices([("", _p("agreement", "None")), *options["agreements"]])
        self.status.choices = choices((s, STATUS_LABELS[s]) for s in statuses)

    def validate_partner_organization_id(self, field) -> None:
        if field.data is None:
            raise ValidationError(_l("Choose the partner organization."))

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date cannot be before the start date."))


class ExchangeFilters(FlaskForm):
    class Meta:
        csrf = False

    direction = SelectField(_l("Direction"))
    status = SelectField(_l("Status"))
    institution = SelectField(_l("Institution"))
    partner = SelectField(_l("Partner organization"), coerce=optional_int)
    agreement = SelectField(_l("Agreement"), coerce=optional_int)
    year = SelectField(_l("Academic year"))
    country = SelectField(_l("Partner’s country"))
    starts_from = DateField(_l("Starting on or after"), validators=[Optional()])
    starts_to = DateField(_l("Starting on or before"), validators=[Optional()])
    archived = SelectField(_p("exchanges", "Archived"))

    def __init__(self, options: dict, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.direction.choices = choices([("", _l("Both directions")), *DIRECTION_LABELS.items()])
        self.status.choices = choices(
            [("", _l("All statuses")), (NOT_CANCELLED, _l("Not cancelled")), *STATUS_LABELS.items()]
        )
        self.institution.choices = choices(
            [("", _l("All institutions"))] + [(i.code, i.name) for i in options["institutions"]]
        )
        self.partner.choices = choices([("", _l("All partners")), *options["organizations"]])
        self.agreement.choices = choices([("", _l("All agreements")), *options["agreements"]])
        self.year.choices = choices(
            [("", _l("All years"))] + [(year, year) for year in options["years"]]
        )
        self.country.choices = country_select(str(_l("All countries")))
        self.archived.choices = choices(
            [
                ("", _p("exchanges", "Current")),
                ("only", _p("exchanges", "Archived only")),
                ("all", _p("exchanges", "All")),
            ]
        )
