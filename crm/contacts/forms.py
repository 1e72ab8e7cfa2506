"""Forms for contacts: the edit form and the list's filters."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _p
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from crm.contacts.labels import SOURCE_LABELS
from crm.core.forms import choices
from crm.core.labels import VISIBILITY_LABELS
from crm.organizations.forms import country_select

LANGUAGE_CHOICES = [("", "—"), ("fr", "Français"), ("en", "English")]


def lines(text: str | None) -> list[str]:
    """The non-blank lines of a text area, trimmed, in order, without repeats."""
    seen: dict[str, None] = {}
    for line in (text or "").splitlines():
        if line := line.strip():
            seen.setdefault(line, None)
    return list(seen)


def email_lines(text: str | None) -> list[str]:
    return list(dict.fromkeys(line.lower() for line in lines(text)))


def _valid_emails(_form, field) -> None:
    for address in email_lines(field.data):
        try:
            validate_email(address, check_deliverability=False)
        except EmailNotValidError:
            raise ValidationError(
                _("“%(address)s” is not a valid email address.", address=address)
            ) from None
        if len(address) > 254:
            raise ValidationError(_("“%(address)s” is too long.", address=address))


def _short_lines(_form, field) -> None:
    for number in lines(field.data):
        if len(number) > 40:
            raise ValidationError(_("“%(number)s” is too long.", number=number))


class ContactForm(FlaskForm):
    given_name = StringField(_l("Given name"), validators=[DataRequired(), Length(max=120)])
    family_name = StringField(_l("Family name"), validators=[DataRequired(), Length(max=120)])
    job_title = StringField(_l("Job title"), validators=[Optional(), Length(max=200)])
    organization_id = SelectField(_l("Organization"), validate_choice=True)
    emails = TextAreaField(
        _l("Email addresses"),
        validators=[Optional(), _valid_emails],
        description=_l("One a line, the main one first."),
        render_kw={"rows": 2},
    )
    phones = TextAreaField(
        _l("Phone numbers"),
        validators=[Optional(), _short_lines],
        description=_l("One a line, the main one first."),
        render_kw={"rows": 2},
    )
    preferred_language = SelectField(_l("Preferred language"), choices=choices(LANGUAGE_CHOICES))
    is_student = BooleanField(_l("Student"))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=20000)])
    source = SelectField(_l("Source of the information"))
    source_details = StringField(
        _l("Details of the source"),
        validators=[Optional(), Length(max=500)],
        description=_l("E.g. business card given in Rabat, partner's website"),
    )
    consent_on = DateField(_l("Consent date"), validators=[Optional()])
    visibility = SelectField(_l("Visible to"))
    version = HiddenField()

    def __init__(self, organizations, *args, new: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization_id.choices = choices(
            [("", _l("None"))] + [(str(o.id), o.name) for o in organizations]
        )
        self.source.choices = choices([("", "—"), *SOURCE_LABELS.items()])
        # A new contact left on "automatic" gets the model's initial visibility:
        # a student's record stays with the institution (Law 25).
        automatic = [("", _l("Automatic: my institution only for a student"))] if new else []
        self.visibility.choices = choices([*automatic, *VISIBILITY_LABELS.items()])


class ContactFilters(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Name"))
    organization = StringField(_l("Organization"))
    country = SelectField(_l("Country"))
    institution = SelectField(_l("Institution"))
    student = SelectField(_l("Students"))
    archived = SelectField(_p("contacts", "Archived"))

    def __init__(self, institutions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_select(str(_l("All countries")))
        self.institution.choices = choices(
            [("", _l("All institutions"))] + [(i.code, i.name) for i in institutions]
        )
        self.student.choices = choices(
            [("", _l("Everyone")), ("yes", _l("Students only")), ("no", _l("Not students"))]
        )
        self.archived.choices = choices(
            [
                ("", _p("contacts", "Current")),
                ("only", _p("contacts", "Archived only")),
                ("all", _p("contacts", "All")),
            ]
        )
