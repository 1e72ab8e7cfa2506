"""Imports every domain's models so that the metadata, and so Alembic, knows every table."""

import crm.agreements.models
import crm.api.models
import crm.calendar.models
import crm.compliance.models
import crm.contacts.models
import crm.duplicates.models
import crm.exchanges.models
import crm.followups.models
import crm.history.models
import crm.institutions.models
import crm.interactions.models
import crm.missions.models
import crm.organizations.models
import crm.privacy.models
import crm.projects.models
import crm.reminders.models
import crm.search.models
import crm.users.models  # noqa: F401
