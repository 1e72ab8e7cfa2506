"""Partners outside Québec: whether one may receive students' personal information.

Law 25 asks for a privacy impact assessment and a written agreement before personal
information leaves Québec; the app warns (it does not block) when a partner has neither.
"""

from __future__ import annotations

from flask import flash
from flask_babel import gettext as _

from crm.organizations.models import Organization


def lacks_safeguards(organization: Organization | None) -> bool:
    """Outside Québec without both a privacy impact assessment and a written agreement."""
    return bool(
        organization is not None
        and organization.outside_quebec
        and not (organization.pia_done_on and organization.data_agreement_on)
    )


def warn_about_partner(organization: Organization | None) -> None:
    """A flash warning when a student's exchange is with such a partner."""
    if lacks_safeguards(organization):
        flash(
            _(
                "%(name)s is outside Québec without a privacy impact assessment and a "
                "written agreement: check before sharing the student’s personal information.",
                name=organization.name,
            ),
            "warning",
        )
