"""The mission pipeline: for each mission of the period, meetings held → people met →
follow-ups created and done → agreements → exchanges (see ``missions.outcomes``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from crm.agreements.models import Agreement
from crm.agreements.queries import IN_FORCE, IN_FORCE_STATUSES
from crm.contacts.models import Contact
from crm.dashboard.scope import Figure, Scope, count_of, list_url
from crm.exchanges.models import ExchangeStatus, StudentExchange
from crm.exchanges.queries import NOT_CANCELLED
from crm.extensions import db
from crm.followups.models import FollowUp, FollowUpStatus
from crm.interactions.models import Interaction
from crm.missions import outcomes, queries
from crm.missions.models import Mission, MissionStatus

SHOWN = 8  # the most recent missions drawn one by one; the totals count them all


@dataclass(frozen=True)
class Counted:
    """How a stage is counted: its outcome pairs, the records they name, a condition those
    meet, the condition of the finer count, and whether a record may come twice (a person
    met at two meetings)."""

    pairs: Callable
    model: type
    condition: sa.ColumnElement[bool] | None = None
    finer: sa.ColumnElement[bool] | None = None
    repeats: bool = False


STAGES = {
    "meetings": Counted(outcomes.meetings, Interaction),
    "people": Counted(outcomes.people_met, Contact, repeats=True),
    "follow_ups": Counted(
        outcomes.follow_ups, FollowUp, finer=FollowUp.status == FollowUpStatus.DONE
    ),
    "agreements": Counted(
        outcomes.agreements, Agreement, finer=Agreement.status.in_(IN_FORCE_STATUSES)
    ),
    "exchanges": Counted(
        outcomes.exchanges,
        StudentExchange,
        condition=StudentExchange.status != ExchangeStatus.CANCELLED,
    ),
}
# stage -> (the list, its filters besides the mission; the finer count's filters)
LISTS = {
    "meetings": ("interactions.index", {}, None),
    "people": ("contacts.index", {}, None),
    "follow_ups": ("followups.index", {"status": "all"}, {"status": FollowUpStatus.DONE}),
    "agreements": ("agreements.index", {}, {"status": IN_FORCE}),
    "exchanges": ("exchanges.index", {"status": NOT_CANCELLED}, None),
}


@dataclass
class Stage:
    name: str
    count: Figure
    finer: Figure | None  # follow-ups done, agreements in force


@dataclass
class MissionPipeline:
    mission: Mission
    stages: list[Stage]


@dataclass
class MissionFigures:
    missions: Figure  # missions of the period, cancelled ones included (as their list)
    shown: list[MissionPipeline]
    totals: dict[str, tuple[int, int | None]]  # stage -> (count, finer count) over all


def mission_figures(scope: Scope) -> MissionFigures:
    period = scope.period
    filters = scope.filters(start_from=period.starts_on, start_until=period.ends_on)
    listed = queries.filtered(scope.user, filters)
    missions = listed.where(Mission.status != MissionStatus.CANCELLED)
    ids = missions.with_only_columns(Mission.id).order_by(None).scalar_subquery()
    found = {name: _stage_counts(scope, name, ids) for name in STAGES}
    shown = db.session.scalars(
        missions.order_by(Mission.starts_on.desc(), Mission.id.desc()).limit(SHOWN)
    ).all()
    totals = {
        name: (
            sum(c for c, _f in per_mission.values()),
            None if STAGES[name].finer is None else sum(f for _c, f in per_mission.values()),
        )
        for name, per_mission in found.items()
    }
    return MissionFigures(
        missions=Figure(count_of(listed), list_url("missions.index", filters)),
        shown=[
            MissionPipeline(m, [_stage(name, m.id, found[name]) for name in STAGES]) for m in shown
        ],
        totals=totals,
    )


def _stage_counts(scope: Scope, name: str, mission_ids) -> dict[int, tuple[int, int]]:
    """{mission id: (records of the stage, of which the finer kind)}, counted per mission
    in one query, of the records the user may see and that are not archived."""
    stage = STAGES[name]
    pairs = stage.pairs(mission_ids, scope.user).subquery()
    mission_id, record_id = pairs.c[0], pairs.c[1]
    model = stage.model
    conditions = [model.visible_to(scope.user), model.archived_at.is_(None)]
    if stage.condition is not None:
        conditions.append(stage.condition)
    count = sa.func.count(sa.distinct(model.id)) if stage.repeats else sa.func.count()
    finer = (
        sa.func.sum(sa.case((stage.finer, 1), else_=0)) if stage.finer is not None else sa.null()
    )
    rows = db.session.execute(
        sa.select(mission_id, count, finer)
        .join(model, model.id == record_id)
        .where(*conditions)
        .group_by(mission_id)
    ).all()
    return {row[0]: (row[1], row[2] or 0) for row in rows}


def _stage(name: str, mission_id: int, per_mission: dict) -> Stage:
    count, finer = per_mission.get(mission_id, (0, 0))
    endpoint, filters, finer_filters = LISTS[name]
    filters = {**filters, "mission": mission_id}
    return Stage(
        name=name,
        count=Figure(count, list_url(endpoint, filters)),
        finer=Figure(finer, list_url(endpoint, {**filters, **finer_filters}))
        if finer_filters
        else None,
    )
