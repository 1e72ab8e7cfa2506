"""Forms for interactions: the edit form and the list's filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from crm.core.forms import choices
from crm.core.labels import VISIBILITY_LABELS
from crm.interactions.labels import KIND_LABELS

# What <input type="datetime-local"> sends and shows (minutes; seconds when a browser adds them).
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
SEVERAL = _l("Hold Ctrl (⌘ on a Mac) to choose several.")


class InteractionForm(FlaskForm):
    kind = SelectField(_l("Kind"), choices=lambda: choices(KIND_LABELS.items()), default="meeting")
    occurred_at = DateTimeLocalField(
        _l("Date and time"), format=DATETIME_FORMATS, validators=[DataRequired()]
    )
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=300)])
    location = StringField(_l("Location"), validators=[Optional(), Length(max=200)])
    summary = TextAreaField(
        _l("Summary"), validators=[Optional(), Length(max=20000)], render_kw={"rows": 5}
    )
    contact_ids = SelectMultipleField(
        _l("Contacts involved"), coerce=int, description=SEVERAL, render_kw={"size": 8}
    )
    staff_ids = SelectMultipleField(
        _l("Staff involved"), coerce=int, description=SEVERAL, render_kw={"size": 5}
    )
    # Narrows the contacts offered above (a "Find" button re-shows the form, saving nothing).
    find_contacts = StringField(
        _l("Find contacts"), description=_l("A name or an organization, then “Find”.")
    )
    mission_id = SelectField(_l("Mission"))
    agreement_id = SelectField(_l("Agreement"))
    visibility = SelectField(_l("Visible to"), choices=lambda: choices(VISIBILITY_LABELS.items()))
    version = HiddenField()

    def __init__(self, contacts, users, missions, agreements, *args, **kwargs):
        super().__init__(*args, **kwargs)
        contacts, self.more_contacts = contacts
        self.contact_ids.choices = choices(contacts)
        self.staff_ids.choices = choices(users)
        self.mission_id.choices = choices([("", _l("None")), *missions])
        self.agreement_id.choices = choices([("", _l("None")), *agreements])


class InteractionFilters(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Contact or organization"))
    kind = SelectField(_l("Kind"))
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    institution = SelectField(_l("Institution"))
    mission = SelectField(_l("Mission"))
    archived = SelectField(_l("Archived"))

    def __init__(self, institutions, missions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices([("", _l("All kinds")), *KIND_LABELS.items()])
        self.institution.choices = choices(
            [("", _l("All institutions"))] + [(i.code, i.name) for i in institutions]
        )
        self.mission.choices = choices([("", _l("All missions")), *missions])
        self.archived.choices = choices(
            [("", _l("Current")), ("only", _l("Archived only")), ("all", _l("All"))]
        )
