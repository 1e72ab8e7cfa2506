"""Planning an import and writing its new rows through the domains' own operations.

The caller commits once: every row of a confirmation is in, or none is.
"""

from __future__ import annotations

from crm.contacts.operations import create_contact
from crm.extensions import db
from crm.history.capture import recorded_as
from crm.history.models import HistoryAction
from crm.imports.columns import CONTACTS
from crm.imports.contact_rows import plan_contacts
from crm.imports.organization_rows import plan_organizations
from crm.imports.planning import Plan
from crm.imports.reading import Table
from crm.organizations.operations import create_organization
from crm.users.models import User


def plan(kind: str, table: Table, mapping: list[str], user: User, filename: str) -> Plan:
    if kind == CONTACTS:
        # Law 25: a contact says where its information came from.
        return plan_contacts(table, mapping, user, f"Import: {filename}"[:500])
    return plan_organizations(table, mapping, user)


def apply(plan: Plan, user: User, filename: str) -> int:
    """Create the plan's new records, recorded in the history as imported from
    ``filename``; flushes, never commits. Returns how many."""
    with recorded_as(HistoryAction.IMPORT, filename[:500]):
        for row in plan.new_rows:
            values = dict(row.values)
            if plan.kind == CONTACTS:
                create_contact(values, values.pop("emails"), values.pop("phones"), user)
            else:
                create_organization(values, values.pop("tags"), user)
        db.session.flush()
    return len(plan.new_rows)
