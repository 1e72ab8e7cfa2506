"""The incident form, the communication details asked before a personal export, and the
register's filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from crm.compliance.partners import lacks_safeguards
from crm.core.forms import choices

TEXT = [Optional(), Length(max=20000)]


def optional_int(value):
    return None if value in (None, "") else int(value)


class IncidentForm(FlaskForm):
    institution_id = SelectField(_l("Member institution concerned"), coerce=optional_int)
    information_concerned = TextAreaField(_l("Personal information concerned"), validators=TEXT)
    information_unknown_reason = TextAreaField(
        _l("Why it cannot be described"),
        validators=TEXT,
        description=_l("Only when the information concerned is not known."),
    )
    circumstances = TextAreaField(
        _l("Circumstances"), validators=[DataRequired(), Length(max=20000)]
    )
    occurred_on = DateField(_l("Incident date (or start of the period)"), [DataRequired()])
    occurred_until = DateField(_l("End of the period"), validators=[Optional()])
    discovered_on = DateField(_l("Date it became known"), validators=[DataRequired()])
    people_affected = IntegerField(
        _l("Number of people affected"),
        validators=[InputRequired(), NumberRange(min=0, max=100_000_000)],
    )
    is_estimate = BooleanField(_l("This number is an estimate"))
    risk_assessment = TextAreaField(
        _l("Assessment of the risk of serious injury"),
        validators=[DataRequired(), Length(max=20000)],
    )
    is_serious_risk = BooleanField(_l("Risk of serious injury"))
    commission_notified_on = DateField(
        _l("Commission d’accès à l’information notified on"), validators=[Optional()]
    )
    people_notified_on = DateField(_l("People concerned notified on"), validators=[Optional()])
    measures = TextAreaField(_l("Measures taken"), validators=TEXT)
    version = HiddenField()

    def __init__(self, institutions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution_id.choices = choices(
            [("", "—")] + [(i.id, f"{i.code} — {i.name}") for i in institutions]
        )
        self.institution_id.validators = [DataRequired()]


class CommunicationForm(FlaskForm):
    """Sent with the export's own query string (GET) or form (POST), under a prefix."""

    recipient = StringField(
        _l("Recipient"),
        validators=[DataRequired(), Length(max=300)],
        description=_l("The person or service the file is for."),
    )
    purpose = TextAreaField(
        _l("Purpose"), validators=[DataRequired(), Length(max=1000)], render_kw={"rows": 2}
    )
    organization_id = SelectField(
        _l("Recipient organization"), coerce=optional_int, validators=[Optional()]
    )
    outside_quebec = BooleanField(_l("The recipient is outside Québec"))
    understood = BooleanField(
        _l(
            "I understand that this partner has no privacy impact assessment and written "
            "agreement, and I take responsibility for this communication."
        )
    )

    def __init__(self, organizations, *args, **kwargs):
        super().__init__(*args, prefix="communication", **kwargs)
        self.organization_id.choices = choices(
            [("", _l("None"))] + [(o.id, _option(o)) for o in organizations]
        )


def _option(organization) -> str:
    if lacks_safeguards(organization):
        return str(
            _l(
                "%(name)s (outside Québec, no assessment or agreement)",
                name=organization.name,
            )
        )
    return organization.name


class CommunicationFilters(FlaskForm):
    class Meta:
        csrf = False

    exported_from = DateField(_l("From"), validators=[Optional()])
    exported_until = DateField(_l("Until"), validators=[Optional()])
    person = SelectField(_l("Exported by"), coerce=optional_int, validators=[Optional()])
    outside = SelectField(_l("Outside Québec"), validators=[Optional()])

    def __init__(self, users, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.person.choices = choices([("", _l("Everyone"))] + [(u.id, u.name) for u in users])
        self.outside.choices = choices(
            [("", _l("All")), ("yes", _l("Outside Québec")), ("no", _l("In Québec"))]
        )
