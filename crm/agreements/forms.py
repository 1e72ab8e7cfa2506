"""Forms for agreements: the edit form with its quota rows, the list's filters, the
workflow box and the document upload."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from crm.agreements.labels import KIND_LABELS, STATUS_LABELS
from crm.agreements.models import MobilityDirection
from crm.agreements.queries import IN_FORCE
from crm.core.forms import RowForm, choices
from crm.core.labels import VISIBILITY_LABELS
from crm.exchanges.labels import DIRECTION_LABELS
from crm.organizations.forms import country_select

_ACADEMIC_YEAR = re.compile(r"(\d{4})-(\d{4})")
BLANK_QUOTA_ROWS = 2


def optional_int(value):
    return int(value) if value not in (None, "") else None


def check_academic_year(_form, field) -> None:
    """Two consecutive years, "2026-2027", as Québec's academic years are named."""
    if not field.data:
        return
    match = _ACADEMIC_YEAR.fullmatch(field.data.strip())
    if not match or int(match[2]) != int(match[1]) + 1 or not 1990 <= int(match[1]) <= 2200:
        raise ValidationError(_l("Write two consecutive years, e.g. 2026-2027."))
    field.data = field.data.strip()


class QuotaForm(RowForm):
    """One row of mobility places; a row left blank is ignored."""

    academic_year = StringField(_l("Academic year"), validators=[Optional(), check_academic_year])
    direction = SelectField(
        _l("Direction"),
        choices=lambda: choices([("", "—"), *DIRECTION_LABELS.items()]),
        default="",
    )
    places = IntegerField(_l("Places"), validators=[Optional(), NumberRange(min=0, max=10000)])

    def is_blank(self) -> bool:
        return not (self.academic_year.data or self.direction.data) and self.places.data is None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.is_blank():
            return valid
        for field in (self.academic_year, self.direction, self.places):
            if field.data in (None, "") and not field.errors:
                field.errors.append(_l("Fill in the whole row, or leave it blank."))
                valid = False
        return valid


class AgreementForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind"), choices=lambda: choices(KIND_LABELS.items()))
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=20000)])
    member_parties = SelectMultipleField(_l("Member institutions that are parties"), coerce=int)
    organization_parties = SelectMultipleField(_l("Partner organizations"), coerce=int)
    signatory_contacts = SelectMultipleField(
        _l("Signatories (contacts)"),
        coerce=int,
        description=_l("People of the partner organizations that are parties."),
    )
    signatory_users = SelectMultipleField(_l("Signatories (users)"), coerce=int)
    effective_on = DateField(_l("Effective from"), validators=[Optional()])
    expires_on = DateField(_l("Expires on"), validators=[Optional()])
    renewal_notice_days = IntegerField(
        _l("Renewal notice (days)"),
        validators=[Optional(), NumberRange(min=0, max=3650)],
        description=_l("How many days before expiry the renewal should be prepared."),
    )
    mission_id = SelectField(_l("Originating mission"), coerce=optional_int)
    quotas = FieldList(FormField(QuotaForm), min_entries=4)
    visibility = SelectField(_l("Visible to"), choices=lambda: choices(VISIBILITY_LABELS.items()))
    version = HiddenField()

    def __init__(self, options: dict, *args, **kwargs):
        """``options``: (value, label) pairs for the institutions, organizations, contacts,
        users and missions the user may choose from."""
        super().__init__(*args, **kwargs)
        self.member_parties.choices = choices(options["institutions"])
        self.organization_parties.choices = choices(options["organizations"])
        self.signatory_contacts.choices = choices(options["contacts"])
        self.signatory_users.choices = choices(options["users"])
        self.mission_id.choices = choices([("", "—"), *options["missions"]])

    def validate_expires_on(self, field) -> None:
        if field.data and self.effective_on.data and field.data < self.effective_on.data:
            raise ValidationError(_l("The expiry date cannot be before the effective date."))

    def validate_quotas(self, field) -> None:
        seen = set()
        for row in field:
            key = (row.form.academic_year.data, row.form.direction.data)
            if row.form.is_blank():
                continue
            if key in seen:
                raise ValidationError(_l("Each academic year and direction may appear only once."))
            seen.add(key)

    def quota_values(self) -> list[tuple[str, MobilityDirection, int]]:
        return [
            (
                row.form.academic_year.data,
                MobilityDirection(row.form.direction.data),
                row.form.places.data,
            )
            for row in self.quotas
            if not row.form.is_blank()
        ]


class AgreementFilters(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Title"))
    status = SelectField(_l("Status"))
    kind = SelectField(_l("Kind"))
    institution = SelectField(_l("Member institution"))
    organization = SelectField(_l("Partner organization"), coerce=optional_int)
    country = SelectField(_l("Partner’s country"))
    expires_from = DateField(_l("Expires from"), validators=[Optional()])
    expires_to = DateField(_l("Expires until"), validators=[Optional()])
    signed_from = DateField(_l("Signed from"), validators=[Optional()])
    signed_to = DateField(_l("Signed until"), validators=[Optional()])
    awaiting = SelectField(_l("Approval"))
    archived = SelectField(_l("Archived"))

    def __init__(self, institutions, organizations, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = choices(
            [
                ("", _l("All statuses")),
                (IN_FORCE, _l("In force (signed or active)")),
                *STATUS_LABELS.items(),
            ]
        )
        self.awaiting.choices = choices(
            [("", _l("Any")), ("me", _l("Awaiting my institution’s approval"))]
        )
        self.kind.choices = choices([("", _l("All kinds")), *KIND_LABELS.items()])
        self.institution.choices = choices(
            [("", _l("All institutions"))] + [(i.code, i.name) for i in institutions]
        )
        self.organization.choices = choices(
            [("", _l("All organizations"))] + [(o.id, o.name) for o in organizations]
        )
        self.country.choices = country_select(str(_l("All countries")))
        self.archived.choices = choices(
            [("", _l("Current")), ("only", _l("Archived only")), ("all", _l("All"))]
        )


class TransitionForm(FlaskForm):
    """The workflow box: one button per allowed action, a comment, and for a signature
    its date and place."""

    comment = TextAreaField(
        _l("Comment"),
        validators=[Optional(), Length(max=5000)],
        description=_l("Required to send the agreement back."),
    )
    signed_on = DateField(_l("Date of signature"), validators=[Optional()])
    signed_at = StringField(_l("Place of signature"), validators=[Optional(), Length(max=200)])
    version = HiddenField()


class DocumentForm(FlaskForm):
    file = FileField(
        _l("Document"),
        description=_l("PDF, Word (DOCX) or OpenDocument (ODT)."),
        render_kw={"accept": ".pdf,.docx,.odt"},
    )
