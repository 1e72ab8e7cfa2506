"""Translated names of history actions, kinds of record and fields."""

from flask_babel import lazy_pgettext as _p

from crm.history.models import HistoryAction as A

ACTION_LABELS = {
    A.CREATE: _p("history", "created"),
    A.UPDATE: _p("history", "changed"),
    A.DELETE: _p("history", "deleted"),
    A.ARCHIVE: _p("history", "archived"),
    A.RESTORE: _p("history", "restored"),
    A.TRANSITION: _p("history", "workflow step"),
    A.MERGE: _p("history", "merged"),
    A.IMPORT: _p("history", "imported"),
    A.ANONYMIZE: _p("history", "anonymized"),
    A.EXPORT: _p("history", "personal data exported"),
    A.VIEW: _p("history", "viewed"),
}

RECORD_LABELS = {
    "organizations": _p("history record", "Organization"),
    "contacts": _p("history record", "Contact"),
    "interactions": _p("history record", "Interaction"),
    "missions": _p("history record", "Mission"),
    "agreements": _p("history record", "Agreement"),
    "projects": _p("history record", "Project"),
    "student_exchanges": _p("history record", "Student exchange"),
    "follow_ups": _p("history record", "Follow-up"),
    "users": _p("history record", "User"),
    "member_institutions": _p("history record", "Member institution"),
}

FIELD_LABELS = {
    "acronym": _p("field", "Acronym"),
    "agreement": _p("field", "Agreement"),
    "agreements": _p("field", "Agreements"),
    "archived_at": _p("field", "Archived"),
    "assignee": _p("field", "Assigned to"),
    "cities": _p("field", "Cities"),
    "city": _p("field", "City"),
    "code": _p("field", "Code"),
    "completed_at": _p("field", "Completed"),
    "consent_on": _p("field", "Consent date"),
    "contact": _p("field", "Contact"),
    "contacts": _p("field", "Contacts"),
    "country": _p("field", "Country"),
    "delegates": _p("field", "Delegation members"),
    "delegation_institutions": _p("field", "Delegation institutions"),
    "description": _p("field", "Description"),
    "direction": _p("field", "Direction"),
    "due_on": _p("field", "Due date"),
    "effective_on": _p("field", "Effective date"),
    "email": _p("field", "Email"),
    "emails": _p("field", "Emails"),
    "ends_on": _p("field", "End date"),
    "exchange": _p("field", "Exchange"),
    "expires_on": _p("field", "Expiry date"),
    "family_name": _p("field", "Family name"),
    "given_name": _p("field", "Given name"),
    "institution": _p("field", "Institution"),
    "interaction": _p("field", "Interaction"),
    "is_active": _p("field", "Active"),
    "is_student": _p("field", "Student"),
    "job_title": _p("field", "Job title"),
    "kind": _p("field", "Kind"),
    "locale": _p("field", "Language"),
    "location": _p("field", "Place"),
    "meetings": _p("field", "Meetings"),
    "member_parties": _p("field", "Member institutions that are parties"),
    "milestones": _p("field", "Milestones"),
    "mission": _p("field", "Mission"),
    "missions": _p("field", "Missions"),
    "name": _p("field", "Name"),
    "name_en": _p("field", "Name in English"),
    "name_fr": _p("field", "Name in French"),
    "notes": _p("field", "Notes"),
    "occurred_at": _p("field", "When"),
    "organization": _p("field", "Organization"),
    "organization_parties": _p("field", "Partner organizations"),
    "outcomes": _p("field", "Outcomes"),
    "partner_organization": _p("field", "Partner organization"),
    "partners": _p("field", "Partners"),
    "password_hash": _p("field", "Password"),
    "phones": _p("field", "Phones"),
    "preferred_language": _p("field", "Preferred language"),
    "programme": _p("field", "Programme"),
    "project": _p("field", "Project"),
    "purpose": _p("field", "Purpose"),
    "renewal_notice_days": _p("field", "Renewal notice (days)"),
    "renews": _p("field", "Renews"),
    "role": _p("field", "Role"),
    "signatories": _p("field", "Signatories"),
    "signed_at": _p("field", "Signed at"),
    "signed_on": _p("field", "Signed on"),
    "source": _p("field", "Source of the information"),
    "source_details": _p("field", "Source details"),
    "staff": _p("field", "Staff"),
    "starts_on": _p("field", "Start date"),
    "status": _p("field", "Status"),
    "student": _p("field", "Student"),
    "subject": _p("field", "About"),
    "summary": _p("field", "Summary"),
    "tags": _p("field", "Tags"),
    "title": _p("field", "Title"),
    "visibility": _p("field", "Visible to"),
    "website": _p("field", "Website"),
}

ALL = (ACTION_LABELS,)


def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name.replace("_", " ")))


def record_label(record_type: str) -> str:
    return str(RECORD_LABELS.get(record_type, record_type))
