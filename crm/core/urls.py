"""The page of any record, for links from timelines, search results and emails."""

from __future__ import annotations

from flask import current_app, url_for

# model class name -> (endpoint, name of the id argument)
_PAGES = {
    "Organization": ("organizations.detail", "organization_id"),
    "Contact": ("contacts.detail", "contact_id"),
    "Interaction": ("interactions.detail", "interaction_id"),
    "Mission": ("missions.detail", "mission_id"),
    "Agreement": ("agreements.detail", "agreement_id"),
    "Project": ("projects.detail", "project_id"),
    "StudentExchange": ("exchanges.detail", "exchange_id"),
    "FollowUp": ("followups.detail", "follow_up_id"),
}


def record_url(record, **kwargs) -> str | None:
    """The URL of the record's page, or None while that page does not exist."""
    return page_url(type(record).__name__, record.id, **kwargs)


def page_url(model_name: str, record_id: int, **kwargs) -> str | None:
    """The same, from the model's name and the id, without loading the record."""
    endpoint, argument = _PAGES.get(model_name, (None, None))
    if endpoint is None or endpoint not in current_app.view_functions:
        return None
    return url_for(endpoint, **{argument: record_id}, **kwargs)
