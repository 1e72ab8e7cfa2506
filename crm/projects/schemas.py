"""Projects in the API, with their partners and milestones."""

from __future__ import annotations

import marshmallow as ma
from flask_login import current_user
from marshmallow import fields, validate

from crm.api.fields import Day, Enum, Id, QueryId, Text
from crm.api.schemas import ListArgs, RecordSchema, page_of
from crm.projects.models import ProjectKind, ProjectStatus
from crm.projects.queries import SORTS, visible_partners


class VisibleIds(fields.List):
    """The ids of the linked records (``relation``) that the caller may see; hidden links
    are kept as they are when the list is changed."""

    def __init__(self, relation: str, **kwargs):
        super().__init__(Id(), validate=validate.Length(max=500), **kwargs)
        self.relation = relation

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        return [r.id for r in getattr(obj, self.relation) if r.is_visible_to(current_user)]


class VisiblePartners(fields.List):
    """The partners whose organization the caller may see; the others are kept as they
    are when the list is changed."""

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        return visible_partners(obj, current_user)


class PartnerSchema(ma.Schema):
    organization_id = Id(required=True)
    role = Text(200)


class MilestoneSchema(ma.Schema):
    id = Id(metadata={"description": "To keep an existing milestone; none for a new one."})
    title = Text(300, required=True)
    due_on = Day(required=True)
    owner_id = Id(allow_none=True)
    done_on = Day(allow_none=True)


class ProjectSchema(RecordSchema):
    name = Text(300, required=True)
    kind = Enum(ProjectKind, required=True)
    status = Enum(ProjectStatus, load_default=ProjectStatus.PLANNED)
    description = Text(20000)
    starts_on = Day(allow_none=True)
    ends_on = Day(allow_none=True, metadata={"description": "Not before `starts_on`."})
    partners = VisiblePartners(
        fields.Nested(PartnerSchema),
        validate=validate.Length(max=100),
        load_default=list,
        metadata={
            "description": "Partner organizations and their role; the whole list of those "
            "you may see (partners you may not see are neither shown nor changed)."
        },
    )
    milestones = fields.List(
        fields.Nested(MilestoneSchema),
        validate=validate.Length(max=200),
        load_default=list,
        metadata={"description": "The whole list: milestones left out are removed."},
    )
    agreement_ids = VisibleIds("agreements", load_default=list)
    mission_ids = VisibleIds("missions", load_default=list)


class ProjectArgs(ListArgs):
    q = Text(200, metadata={"description": "In the name or description."})
    kind = Enum(ProjectKind)
    status = Enum(ProjectStatus)
    institution = Text(20, metadata={"description": "Code of the lead member institution."})
    # not Id(): a query string's numbers are text
    partner = QueryId(metadata={"description": "Id of a partner organization."})
    archived = fields.String(validate=validate.OneOf(["only", "all"]))
    sort = fields.String(validate=validate.OneOf([*SORTS, *(f"-{key}" for key in SORTS)]))


ProjectPage = page_of(ProjectSchema)
