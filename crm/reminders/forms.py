"""The profile page's reminder settings."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectMultipleField
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput, ListWidget

from crm.core.forms import choices
from crm.reminders.labels import DELIVERY_LABELS, KIND_LABELS


class ReminderSettingsForm(FlaskForm):
    delivery = RadioField(
        _l("How I get my reminders"),
        choices=choices(DELIVERY_LABELS.items()),
        validators=[InputRequired()],
    )
    kinds = SelectMultipleField(
        _l("The reminders I get"),
        choices=choices(KIND_LABELS.items()),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        description=_l(
            "Untick a kind to stop its emails. Overdue follow-ups come in a daily email."
        ),
    )
