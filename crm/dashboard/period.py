"""The period a dashboard or a board report covers, and the academic years it touches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _

from crm.exchanges.queries import year_bounds

# Quebec academic years start in August ("2026-2027" runs from 1 August 2026).
ACADEMIC_YEAR_START_MONTH = 8
PRESETS = ("this_year", "last_year", "this_academic_year", "last_academic_year", "last_12_months")
CUSTOM = "custom"  # the period of two dates
YEARS = (1900, 2100)  # dates outside are typing errors (and near the limits of Python's)
MAX_DAYS = 10 * 366


def academic_year_of(day: date) -> int:
    """The first calendar year of the academic year ``day`` is in (2027-03-01 → 2026)."""
    return day.year if day.month >= ACADEMIC_YEAR_START_MONTH else day.year - 1


def academic_year_label(start: int) -> str:
    return f"{start}-{start + 1}"


def academic_year_bounds(start: int) -> tuple[date, date]:
    """The first and last days of the academic year starting in August of ``start``."""
    first, next_first = year_bounds(academic_year_label(start))
    return first, next_first - timedelta(days=1)


@dataclass(frozen=True)
class Period:
    starts_on: date
    ends_on: date

    @classmethod
    def preset(cls, name: str, today: date) -> Period:
        if name == "last_year":
            return cls(date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
        if name in ("this_academic_year", "last_academic_year"):
            start = academic_year_of(today) - (name == "last_academic_year")
            return cls(*academic_year_bounds(start))
        if name == "last_12_months":
            return cls(_one_year_before(today) + timedelta(days=1), today)
        return cls(date(today.year, 1, 1), date(today.year, 12, 31))

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def previous(self) -> Period:
        """The period of the same length just before: last year for a calendar year."""
        if self.starts_on.replace(month=1, day=1) == self.starts_on and (
            self.ends_on == self.starts_on.replace(month=12, day=31)
        ):
            year = self.starts_on.year - 1
            return Period(date(year, 1, 1), date(year, 12, 31))
        return Period(
            self.starts_on - timedelta(days=self.days), self.starts_on - timedelta(days=1)
        )

    def academic_years(self) -> list[int]:
        """The academic years the period touches, oldest first (their first calendar year)."""
        return list(range(academic_year_of(self.starts_on), academic_year_of(self.ends_on) + 1))

    def academic_span(self) -> tuple[date, date]:
        """From the first day of the first academic year touched to the last of the last."""
        years = self.academic_years()
        return academic_year_bounds(years[0])[0], academic_year_bounds(years[-1])[1]


def period_errors(starts_on: date | None, ends_on: date | None) -> dict[str, str]:
    """What is wrong with two dates as a period: {"starts_on" or "ends_on": message}."""
    errors = {}
    for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
        if day is None:
            errors[name] = _("Give both dates of the period.")
        elif not YEARS[0] <= day.year <= YEARS[1]:
            errors[name] = _(
                "Choose a date between %(first)d and %(last)d.", first=YEARS[0], last=YEARS[1]
            )
    if errors:
        return errors
    if ends_on < starts_on:
        return {"ends_on": _("The end date cannot be before the start date.")}
    if (ends_on - starts_on).days > MAX_DAYS:
        return {"ends_on": _("Choose a period of at most %(n)d years.", n=MAX_DAYS // 366)}
    return {}


def _one_year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
