"""Projects with their milestones, for tests; each commits and returns it."""

from __future__ import annotations

import itertools

from crm.extensions import db
from crm.projects.models import Project, ProjectMilestone

_n = itertools.count(1)


def project(institution, name=None, kind="training_offer", milestones=(), **values) -> Project:
    """``milestones``: the keyword arguments of each milestone (title, due_on, …)."""
    record = Project(
        name=name or f"Projet {next(_n)}",
        kind=kind,
        institution=institution,
        milestones=[ProjectMilestone(**m) for m in milestones],
        **values,
    )
    db.session.add(record)
    db.session.commit()
    return record
