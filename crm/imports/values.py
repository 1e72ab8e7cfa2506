"""Cell text → the values the forms expect: countries, languages, kinds, yes/no.

Each parser returns the value, or raises ValueError with the message to show.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry
from flask_babel import force_locale
from flask_babel import gettext as _

from crm.core.countries import choices as country_choices
from crm.core.countries import codes
from crm.imports.columns import squash
from crm.organizations.labels import KIND_LABELS
from crm.organizations.models import OrganizationKind

_LANGUAGES = {
    "fr": "fr",
    "fra": "fr",
    "fre": "fr",
    "francais": "fr",
    "french": "fr",
    "en": "en",
    "eng": "en",
    "anglais": "en",
    "english": "en",
}
_YES = {"oui", "o", "yes", "y", "vrai", "true", "1", "x"}
_NO = {"non", "n", "no", "faux", "false", "0"}
_KIND_WORDS = {
    "universite": OrganizationKind.EDUCATION,
    "university": OrganizationKind.EDUCATION,
    "college": OrganizationKind.EDUCATION,
    "cegep": OrganizationKind.EDUCATION,
    "ecole": OrganizationKind.EDUCATION,
    "school": OrganizationKind.EDUCATION,
    "enseignement": OrganizationKind.EDUCATION,
    "ministere": OrganizationKind.MINISTRY,
    "ministry": OrganizationKind.MINISTRY,
    "organismepublic": OrganizationKind.MINISTRY,
    "publicagency": OrganizationKind.MINISTRY,
}


@cache
def _countries() -> dict[str, str]:
    """Squashed names and codes → ISO code: French and English names (CLDR), the official
    and common names, alpha-2 and alpha-3 codes."""
    known: dict[str, str] = {}
    for locale in ("en", "fr"):
        known.update({squash(name): code for code, name in country_choices(locale)})
    for country in pycountry.countries:
        for name in ("name", "official_name", "common_name"):
            if value := getattr(country, name, None):
                known.setdefault(squash(value), country.alpha_2)
        known[squash(country.alpha_3)] = country.alpha_2
    known.update({code.lower(): code for code in codes()})
    return known


def country(text: str) -> str:
    code = _countries().get(squash(text))
    if code is None:
        raise ValueError(_("Unknown country: “%(value)s”.", value=text))
    return code


def language(text: str) -> str:
    if not text:
        return ""
    code = _LANGUAGES.get(squash(text))
    if code is None:
        raise ValueError(_("Unknown language: “%(value)s” (French or English).", value=text))
    return code


@cache
def _kinds() -> dict[str, str]:
    known = {squash(kind.value): kind.value for kind in OrganizationKind}
    for locale in ("en", "fr"):
        with force_locale(locale):
            known.update({squash(str(label)): kind.value for kind, label in KIND_LABELS.items()})
    known.update({word: kind.value for word, kind in _KIND_WORDS.items()})
    return known


def kind(text: str) -> str:
    if not text:
        return OrganizationKind.OTHER.value
    value = _kinds().get(squash(text))
    if value is None:
        raise ValueError(_("Unknown kind of organization: “%(value)s”.", value=text))
    return value


def yes_no(text: str) -> bool:
    key = squash(text)
    if not key or key in _NO:
        return False
    if key in _YES:
        return True
    raise ValueError(_("Write “oui” or “non”, not “%(value)s”.", value=text))


def several(text: str) -> list[str]:
    """Addresses or numbers in one cell, one a line or separated by ";"."""
    return [part.strip() for part in re.split(r"[;\n]+", text or "") if part.strip()]


def emails(text: str) -> list[str]:
    """Addresses separated by ";", "," or spaces (an address holds none of them)."""
    return [part for part in re.split(r"[;,\s]+", text or "") if part]
