"""Timelines: records of several kinds, merged newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

LIMIT = 50


@dataclass
class Entry:
    when: date | datetime
    kind: str  # interaction, follow_up, agreement, exchange
    record: object

    @property
    def day(self) -> date:
        return self.when.date() if isinstance(self.when, datetime) else self.when


def _key(entry: Entry) -> tuple:
    if isinstance(entry.when, datetime):
        return entry.when.date(), 1, entry.when.time()
    return entry.when, 0, time.min


def newest_first(entries: list[Entry], limit: int = LIMIT) -> list[Entry]:
    """Merge entries by day, newest first; on one day, timed entries before dated ones."""
    return sorted(entries, key=_key, reverse=True)[:limit]
