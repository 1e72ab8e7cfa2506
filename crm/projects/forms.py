"""Forms for projects: the edit form with its repeated rows (partners, milestones), and the
list's filters."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _p
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional

from crm.agreements.models import Agreement
from crm.core.forms import RowForm, choices
from crm.core.labels import VISIBILITY_LABELS
from crm.extensions import db
from crm.missions.forms import check_dates_in_order, user_choices
from crm.missions.models import Mission
from crm.organizations.models import Organization
from crm.projects.labels import KIND_LABELS, STATUS_LABELS
from crm.projects.models import Project, ProjectPartner
from crm.users.models import User


def _record_id(value) -> int | None:
    """An id the page sent back in a hidden field: a number in range, else none."""
    text = str(value or "")
    if text.isascii() and text.isdigit() and len(text) <= 10 and 0 < int(text) < 2**31:
        return int(text)
    return None


class PartnerRow(RowForm):
    # The partner a row already shows, since several organizations may share its name.
    organization_id = HiddenField(filters=[_record_id])
    organization = StringField(
        _l("Organization"),
        validators=[Optional(), Length(max=300)],
        render_kw={"list": "organization-names", "autocomplete": "off"},
    )
    role = StringField(_l("Role"), validators=[Optional(), Length(max=200)])
    remove = BooleanField(_l("Remove"))

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.organization.data or "").strip():
            self.organization_id.data = None  # a name cleared: the partner is removed
            if (self.role.data or "").strip():
                self.organization.errors.append(_l("Name the organization that plays this role."))
                return False
        return valid


class MilestoneRow(RowForm):
    milestone_id = HiddenField()
    title = StringField(_l("Milestone"), validators=[Optional(), Length(max=300)])
    due_on = DateField(_l("Due on"), validators=[Optional()])
    owner_id = SelectField(_l("Owner"), coerce=lambda v: int(v) if v else None)
    done_on = DateField(_l("Done on"), validators=[Optional()])
    remove = BooleanField(_l("Remove"))

    def validate(self, extra_validators=None) -> bool:
        """A row is blank (ignored) or has both a title and a due date."""
        valid = super().validate(extra_validators)
        titled = bool((self.title.data or "").strip())
        if titled and not self.due_on.data and not self.due_on.errors:
            self.due_on.errors.append(_l("Give the milestone a due date."))
            return False
        if not titled and self.due_on.data:
            self.title.errors.append(_l("Give the milestone a title."))
            return False
        return valid


def _linkable(model, order, user: User, keep: set[int]) -> sa.Select:
    """Records of ``model`` the user may link: visible and current, or already linked."""
    return (
        sa.select(model)
        .where(
            model.visible_to(user),
            sa.or_(model.archived_at.is_(None), model.id.in_(keep)),
        )
        .order_by(order)
    )


class ProjectForm(FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=300)])
    kind = SelectField(_l("Kind"), choices=lambda: choices(KIND_LABELS.items()))
    status = SelectField(_l("Status"), choices=lambda: choices(STATUS_LABELS.items()))
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=20000)])
    starts_on = DateField(_l("Start"), validators=[Optional()])
    ends_on = DateField(_l("End"), validators=[Optional(), check_dates_in_order])
    partners = FieldList(FormField(PartnerRow), min_entries=1, max_entries=100)
    milestones = FieldList(FormField(MilestoneRow), min_entries=1, max_entries=200)
    agreement_ids = SelectMultipleField(_l("Agreements"), coerce=int)
    mission_ids = SelectMultipleField(_l("Missions"), coerce=int)
    visibility = SelectField(_l("Visible to"), choices=lambda: choices(VISIBILITY_LABELS.items()))
    version = HiddenField()
    add_partner = SubmitField(_l("Add a partner"))
    add_milestone = SubmitField(_l("Add a milestone"))

    def __init__(self, *args, user: User, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        agreements = {a.id for a in project.agreements} if project else set()
        missions = {m.id for m in project.missions} if project else set()
        owners = {m.owner_id for m in project.milestones if m.owner_id} if project else set()
        self.agreement_ids.choices = choices(
            (a.id, a.title)
            for a in db.session.scalars(_linkable(Agreement, Agreement.title, user, agreements))
        )
        self.mission_ids.choices = choices(
            (m.id, f"{m.name} ({m.starts_on.year})")
            for m in db.session.scalars(
                _linkable(Mission, Mission.starts_on.desc(), user, missions)
            )
        )
        owner_choices = [choices([("", _p("milestone owner", "No one"))])[0], *user_choices(owners)]
        for row in self.milestones:
            row.form.owner_id.choices = owner_choices

    def wants_a_row(self) -> bool:
        """The user pressed "Add a partner" or "Add a milestone": show one more row."""
        if self.add_partner.data:
            self.partners.append_entry()
            return True
        if self.add_milestone.data:
            self.milestones.append_entry()
            self.milestones[-1].form.owner_id.choices = self.milestones[0].form.owner_id.choices
            return True
        return False


def partner_filter_choices(user: User) -> list:
    """The organizations that are partners of a project the user may see."""
    partners = (
        sa.select(ProjectPartner.organization_id)
        .join(Project, Project.id == ProjectPartner.project_id)
        .where(Project.visible_to(user))
    )
    organizations = db.session.scalars(
        sa.select(Organization)
        .where(Organization.id.in_(partners), Organization.visible_to(user))
        .order_by(Organization.sort_key)
    )
    return [(str(o.id), o.name) for o in organizations]


class ProjectFilters(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Name"))
    kind = SelectField(_l("Kind"))
    status = SelectField(_l("Status"))
    institution = SelectField(_l("Lead institution"))
    partner = SelectField(_l("Partner organization"))
    archived = SelectField(_l("Archived"))

    def __init__(self, institutions, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind.choices = choices([("", _l("All kinds")), *KIND_LABELS.items()])
        self.status.choices = choices([("", _l("All statuses")), *STATUS_LABELS.items()])
        self.institution.choices = choices(
            [("", _l("All institutions"))] + [(i.code, i.name) for i in institutions]
        )
        self.partner.choices = choices([("", _l("All partners")), *partner_filter_choices(user)])
        self.archived.choices = choices(
            [
                ("", _p("projects", "Current")),
                ("only", _p("projects", "Archived only")),
                ("all", _p("projects", "All")),
            ]
        )
