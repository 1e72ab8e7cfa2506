"""Forms for follow-ups: the edit form, the quick reassignment and the list's filters."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _p
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from crm.core.forms import choices
from crm.core.labels import VISIBILITY_LABELS
from crm.followups.labels import STATUS_LABELS


def _user_choices(users) -> list:
    return choices((u.id, f"{u.name} ({u.institution.code})") for u in users)


class FollowUpForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    due_on = DateField(_l("Due on"), validators=[DataRequired()])
    # Checked by the operation (an active user who may see the follow-up), so that a
    # refused choice gets a message that says why.
    assignee_id = SelectField(
        _l("Assigned to"), coerce=int, validate_choice=False, validators=[Optional()]
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=20000)])
    visibility = SelectField(_l("Visible to"), choices=lambda: choices(VISIBILITY_LABELS.items()))
    version = HiddenField()

    def __init__(self, assignees, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignee_id.choices = _user_choices(assignees)


class FollowUpFilters(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(_l("Status"), default="open")
    assignee = SelectField(_l("Assigned to"))
    due_from = DateField(_l("Due from"), validators=[Optional()])
    due_to = DateField(_l("Due until"), validators=[Optional()])
    institution = SelectField(_l("Institution"))
    overdue = BooleanField(_l("Overdue only"))
    archived = SelectField(_p("follow-ups", "Archived"))

    def __init__(self, institutions, users, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.status.choices = choices([*STATUS_LABELS.items(), ("all", _l("All statuses"))])
        self.assignee.choices = choices(
            [("", _l("Everyone")), ("me", _l("Me"))]
            + [(str(u.id), f"{u.name} ({u.institution.code})") for u in users]
        )
        self.institution.choices = choices(
            [("", _l("All institutions"))] + [(i.code, i.name) for i in institutions]
        )
        self.archived.choices = choices(
            [
                ("", _p("follow-ups", "Current")),
                ("only", _p("follow-ups", "Archived only")),
                ("all", _p("follow-ups", "All")),
            ]
        )
