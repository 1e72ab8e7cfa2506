"""The anonymization's confirmation: a typed reason and a box to tick."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length

from crm.privacy.anonymize import REASON_MAX


class AnonymizeForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[
            DataRequired(_l("Give the reason for the anonymization.")),
            Length(max=REASON_MAX),
        ],
        description=_l("Kept in the history, e.g. the person’s request and its date."),
    )
    confirm = BooleanField(
        _l("I understand that the person’s data will be erased for good."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
