"""Everything the dashboard and the board report show for a scope, with their charts."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import pgettext

from crm.agreements.labels import STATUS_LABELS
from crm.dashboard.agreements import AgreementFigures, agreement_figures
from crm.dashboard.charts import Chart, funnel, grouped_columns, horizontal_bars
from crm.dashboard.exchanges import ExchangeFigures, exchange_figures
from crm.dashboard.missions import MissionFigures, MissionPipeline, mission_figures
from crm.dashboard.partners import PartnerMap, partner_map
from crm.dashboard.scope import Scope
from crm.exchanges.labels import DIRECTION_LABELS


@dataclass
class Overview:
    scope: Scope
    agreements: AgreementFigures
    missions: MissionFigures
    exchanges: ExchangeFigures
    partners: PartnerMap
    status_chart: Chart
    exchange_chart: Chart
    funnels: list[tuple[MissionPipeline, Chart]]


def overview(scope: Scope) -> Overview:
    agreements = agreement_figures(scope)
    missions = mission_figures(scope)
    exchanges = exchange_figures(scope)
    return Overview(
        scope=scope,
        agreements=agreements,
        missions=missions,
        exchanges=exchanges,
        partners=partner_map(scope),
        status_chart=horizontal_bars(
            _("Agreements by status"),
            [(str(STATUS_LABELS[status]), figure) for status, figure in agreements.by_status],
        ),
        exchange_chart=grouped_columns(
            _("Exchanges per academic year"),
            [
                (row.label, [(str(DIRECTION_LABELS[d]), f) for d, f in row.figures.items()])
                for row in exchanges.years
            ],
        ),
        funnels=[(pipeline, pipeline_chart(pipeline)) for pipeline in missions.shown],
    )


def stage_labels() -> dict[str, tuple[str, str | None]]:
    """Each stage's name and that of its finer count."""
    return {
        "meetings": (_("Meetings held"), None),
        "people": (_("People met"), None),
        "follow_ups": (_("Follow-ups"), pgettext("follow-ups", "done")),
        "agreements": (_("Agreements"), pgettext("agreements", "in force")),
        "exchanges": (_("Student exchanges"), None),
    }


def pipeline_chart(pipeline: MissionPipeline) -> Chart:
    labels = stage_labels()
    return funnel(
        _("What the mission “%(name)s” produced", name=pipeline.mission.name),
        [
            (labels[stage.name][0], stage.count, labels[stage.name][1], stage.finer)
            for stage in pipeline.stages
        ],
    )
