"""Forms for organizations: the edit form and the list's filters."""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import URL, DataRequired, Length, Optional

from crm.core.countries import choices as country_choices
from crm.core.forms import choices
from crm.core.labels import VISIBILITY_LABELS
from crm.organizations.labels import KIND_LABELS


def yes_no_or_unset(value) -> bool | None:
    """A select's "yes", "no" or "" (unset) as True, False or None."""
    if value is None or isinstance(value, bool):
        return value
    return {"yes": True, "no": False}.get(value)


def country_select(blank: str = "—"):
    """Countries by name in the user's language, after a blank choice."""
    return choices([("", blank), *country_choices(str(get_locale() or "fr"))])


class OrganizationForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=300)])
    acronym = StringField(_l("Acronym"), validators=[Optional(), Length(max=30)])
    kind = SelectField(_l("Kind"), choices=lambda: choices(KIND_LABELS.items()))
    country = SelectField(_l("Country"), validators=[DataRequired()])
    city = StringField(_l("City"), validators=[Optional(), Length(max=120)])
    website = StringField(
        _l("Website"), validators=[Optional(), URL(require_tld=False), Length(max=500)]
    )
    tags = StringField(
        _l("Tags"),
        validators=[Optional(), Length(max=500)],
        description=_l("Separated by commas, e.g. mines, formation continue"),
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=20000)])
    visibility = SelectField(_l("Visible to"), choices=lambda: choices(VISIBILITY_LABELS.items()))
    outside_quebec = SelectField(
        _l("Outside Québec"),
        coerce=yes_no_or_unset,
        choices=lambda: choices(
            [("", _l("According to the country")), ("yes", _l("Yes")), ("no", _l("No"))]
        ),
        validators=[Optional()],
        description=_l("Personal information sent there is a communication outside Québec."),
    )
    pia_done_on = DateField(_l("Privacy impact assessment on"), validators=[Optional()])
    data_agreement_on = DateField(_l("Written data agreement on"), validators=[Optional()])
    privacy_document = StringField(
        _l("Where these documents are kept"),
        validators=[Optional(), Length(max=500)],
        description=_l("A reference: folder, file name or link."),
    )
    version = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_select()


class OrganizationFilters(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Name"))
    country = SelectField(_l("Country"))
    kind = SelectField(_l("Kind"))
    institution = SelectField(_l("Institution"))
    archived = SelectField(_l("Archived"))

    def __init__(self, institutions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = country_select(str(_l("All countries")))
        self.kind.choices = choices([("", _l("All kinds")), *KIND_LABELS.items()])
        self.institution.choices = choices(
            [("", _l("All institutions"))] + [(i.code, i.name) for i in institutions]
        )
        self.archived.choices = choices(
            [("", _l("Current")), ("only", _l("Archived only")), ("all", _l("All"))]
        )
