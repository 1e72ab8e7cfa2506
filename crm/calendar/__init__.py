"""Private iCalendar feeds and .ics downloads of follow-ups, missions and agreement expiries."""
