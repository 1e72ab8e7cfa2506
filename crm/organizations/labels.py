"""Translated names of organization kinds."""

from flask_babel import lazy_gettext as _l

from crm.organizations.models import OrganizationKind

KIND_LABELS = {
    OrganizationKind.EDUCATION: _l("Educational institution"),
    OrganizationKind.COMPANY: _l("Company"),
    OrganizationKind.MINISTRY: _l("Ministry or public agency"),
    OrganizationKind.ASSOCIATION: _l("Association"),
    OrganizationKind.OTHER: _l("Other"),
}
ALL = (KIND_LABELS,)
