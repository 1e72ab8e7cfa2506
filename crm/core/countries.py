"""ISO 3166-1 alpha-2 country codes (pycountry) with names in French and English (CLDR, Babel)."""

from __future__ import annotations

import unicodedata
from functools import cache

import pycountry
from babel import Locale


@cache
def codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


def is_country(code: str | None) -> bool:
    return bool(code) and code.upper() in codes()


@cache
def _names(locale: str) -> dict[str, str]:
    territories = Locale.parse(locale).territories
    return {
        code: territories.get(code) or pycountry.countries.get(alpha_2=code).name
        for code in codes()
    }


def normalise_country(value: str | None) -> str:
    """The upper-case code, or ValueError when it is no ISO 3166-1 alpha-2 code."""
    code = (value or "").strip().upper()
    if not is_country(code):
        raise ValueError(f"not an ISO 3166-1 alpha-2 country code: {value!r}")
    return code


def fold(text: str) -> str:
    """Lower case without accents, for sorting and comparing names."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def country_name(code: str | None, locale: str = "fr") -> str:
    if not code:
        return ""
    return _names(locale[:2]).get(code.upper(), code)


def choices(locale: str = "fr") -> list[tuple[str, str]]:
    """(code, name) pairs sorted by name in that locale, for select boxes."""
    return sorted(_names(locale[:2]).items(), key=lambda item: fold(item[1]))
