"""The dashboard in the API: the choices it takes and the figures it gives, each with the
address of the page listing what it counts."""

from __future__ import annotations

import marshmallow as ma
import sqlalchemy as sa
from marshmallow import fields, validate

from crm.api.fields import Day, Text
from crm.dashboard.period import CUSTOM, PRESETS, period_errors
from crm.extensions import db
from crm.institutions.models import MemberInstitution


class DashboardArgs(ma.Schema):
    institution = Text(
        20, metadata={"description": "A member institution's code; none or empty: all of them."}
    )
    period = fields.String(
        load_default="this_year",
        validate=validate.OneOf([*PRESETS, CUSTOM]),
        metadata={"description": "A period by name, or `custom` with starts_on and ends_on."},
    )
    starts_on = Day()
    ends_on = Day()

    @ma.validates("institution")
    def _known(self, code: str | None, **_kwargs) -> None:
        if not code:
            return
        found = db.session.scalar(
            sa.select(MemberInstitution.id).where(MemberInstitution.code == code)
        )
        if found is None:
            raise ma.ValidationError("No member institution has this code.")

    @ma.validates_schema
    def _dates(self, data: dict, **_kwargs) -> None:
        if data.get("period") == CUSTOM:
            errors = period_errors(data.get("starts_on"), data.get("ends_on"))
            if errors:
                raise ma.ValidationError({name: [message] for name, message in errors.items()})


class FigureSchema(ma.Schema):
    count = fields.Integer(required=True)
    url = fields.String(required=True, metadata={"description": "The page listing them."})


class PeriodSchema(ma.Schema):
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)


class AgreementFiguresSchema(ma.Schema):
    by_status = fields.Dict(keys=fields.String(), values=fields.Nested(FigureSchema), required=True)
    awaiting_my_approval = fields.Nested(FigureSchema, allow_none=True, required=True)
    expiring_within_180_days = fields.Nested(FigureSchema, required=True)
    signed_in_period = fields.Nested(FigureSchema, required=True)
    signed_in_previous_period = fields.Nested(FigureSchema, required=True)
    previous_period = fields.Nested(PeriodSchema, required=True)


class StageSchema(ma.Schema):
    count = fields.Nested(FigureSchema, required=True)
    finer = fields.Nested(
        FigureSchema,
        allow_none=True,
        required=True,
        metadata={"description": "Follow-ups done; agreements in force."},
    )


class PipelineSchema(ma.Schema):
    mission_id = fields.Integer(required=True)
    name = fields.String(required=True)
    country = fields.String(required=True)
    starts_on = fields.Date(required=True)
    stages = fields.Dict(keys=fields.String(), values=fields.Nested(StageSchema), required=True)


class MissionFiguresSchema(ma.Schema):
    missions = fields.Nested(FigureSchema, required=True)
    totals = fields.Dict(keys=fields.String(), values=fields.Dict(), required=True)
    pipelines = fields.List(fields.Nested(PipelineSchema), required=True)


class DirectionRowSchema(ma.Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    outgoing = fields.Nested(FigureSchema, required=True)
    incoming = fields.Nested(FigureSchema, required=True)


class QuotaUseSchema(ma.Schema):
    agreement_id = fields.Integer(required=True)
    title = fields.String(required=True)
    academic_year = fields.String(required=True)
    direction = fields.String(required=True)
    places = fields.Integer(required=True)
    used = fields.Nested(FigureSchema, required=True)


class ExchangeFiguresSchema(ma.Schema):
    academic_years = fields.List(fields.Nested(DirectionRowSchema), required=True)
    countries = fields.List(fields.Nested(DirectionRowSchema), required=True)
    partners = fields.List(fields.Nested(DirectionRowSchema), required=True)
    others = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)
    quotas = fields.List(fields.Nested(QuotaUseSchema), required=True)


class CountrySchema(ma.Schema):
    country = fields.String(required=True)
    organizations = fields.Nested(FigureSchema, required=True)
    agreements_in_force = fields.Nested(FigureSchema, required=True)


class DashboardSchema(ma.Schema):
    institution = fields.String(allow_none=True, required=True)
    period = fields.Nested(PeriodSchema, required=True)
    agreements = fields.Nested(AgreementFiguresSchema, required=True)
    missions = fields.Nested(MissionFiguresSchema, required=True)
    exchanges = fields.Nested(ExchangeFiguresSchema, required=True)
    partners = fields.List(fields.Nested(CountrySchema), required=True)
