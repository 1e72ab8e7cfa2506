"""The admins' history filters."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import Optional

from crm.core.forms import choices
from crm.extensions import db
from crm.history.labels import ACTION_LABELS, RECORD_LABELS
from crm.users.models import User


class HistoryFilters(FlaskForm):
    class Meta:
        csrf = False

    action = SelectField(_l("Action"), default="")
    record_type = SelectField(_l("Kind of record"), default="")
    actor_id = SelectField(_l("By"), default="", coerce=lambda v: int(v) if v else None)
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action.choices = choices([("", _l("All actions")), *ACTION_LABELS.items()])
        self.record_type.choices = choices([("", _l("All records")), *RECORD_LABELS.items()])
        users = db.session.execute(sa.select(User.id, User.name).order_by(User.name)).all()
        self.actor_id.choices = choices([(None, _l("Anyone")), *users])
