"""Likely duplicates among the records a user may see, compared block by block (one
organization's contacts, one country's organizations), never every record with every other.

Names are compared folded (no accents, no case) and with their words sorted, so that
"Élodie Côté" and "cote elodie" are the same name.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations, groupby

import sqlalchemy as sa
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from crm.contacts.models import Contact, ContactEmail
from crm.core.countries import fold
from crm.duplicates.models import DuplicateDismissal, DuplicateKind, ordered
from crm.extensions import db
from crm.organizations.models import Organization

SIMILAR = 90  # token_sort_ratio from which two names are proposed


@dataclass(frozen=True)
class Reason:
    code: str  # "email", "similar_name", "same_name", "acronym"
    value: str | int | None = None  # the address, the score or the acronym


@dataclass
class Pair:
    low_id: int
    high_id: int
    reasons: list[Reason] = field(default_factory=list)


def name_key(text: str) -> str:
    """A name folded, without punctuation, its words in order."""
    return " ".join(sorted(default_process(fold(text or "")).split()))


class _Pairs(dict):
    def add(self, a: int, b: int, reason: Reason) -> None:
        low, high = ordered(a, b)
        pair = self.setdefault((low, high), Pair(low, high))
        if reason not in pair.reasons:
            pair.reasons.append(reason)


def _similar_in_block(pairs: _Pairs, ids: list[int], names: list[str]) -> None:
    """Every pair of the block whose names score at least SIMILAR."""
    if len(ids) < 2:
        return
    if len(ids) == 2:
        score = fuzz.token_sort_ratio(names[0], names[1], processor=default_process)
        if score >= SIMILAR:
            pairs.add(ids[0], ids[1], Reason("similar_name", round(score)))
        return
    # process.extract, not cdist: cdist needs numpy, which the project does not install.
    for i, name in enumerate(names[:-1]):
        found = process.extract(
            name,
            names[i + 1 :],
            scorer=fuzz.token_sort_ratio,
            processor=default_process,
            score_cutoff=SIMILAR,
            limit=None,
        )
        for _match, score, index in found:
            pairs.add(ids[i], ids[i + 1 + index], Reason("similar_name", round(score)))


def _without_dismissed(pairs: _Pairs, kind: DuplicateKind, order: dict[int, str]) -> list[Pair]:
    dismissed = set(
        db.session.execute(
            sa.select(DuplicateDismissal.low_id, DuplicateDismissal.high_id).where(
                DuplicateDismissal.kind == kind
            )
        )
    )
    kept = [pair for key, pair in pairs.items() if key not in dismissed]
    return sorted(kept, key=lambda p: (order[p.low_id], order[p.high_id], p.low_id, p.high_id))


def contact_pairs(user) -> list[Pair]:
    """Contacts sharing an address; at one organization, similar names; without one, the
    same name."""
    visible = Contact.visible_to(user)
    pairs = _Pairs()
    shared = (
        sa.select(ContactEmail.address)
        .join(Contact, Contact.id == ContactEmail.contact_id)
        .where(visible)
        .group_by(ContactEmail.address)
        .having(sa.func.count(sa.distinct(ContactEmail.contact_id)) > 1)
    )
    rows = db.session.execute(
        sa.select(ContactEmail.address, ContactEmail.contact_id)
        .join(Contact, Contact.id == ContactEmail.contact_id)
        .where(visible, ContactEmail.address.in_(shared))
        .order_by(ContactEmail.address)
    )
    for address, group in groupby(rows, key=lambda row: row[0]):
        for (_, a), (_, b) in combinations(sorted(set(group)), 2):
            if a != b:
                pairs.add(a, b, Reason("email", address))

    people = db.session.execute(
        sa.select(Contact.id, Contact.sort_key, Contact.organization_id)
        .where(visible)
        .order_by(Contact.organization_id, Contact.id)
    )
    order: dict[int, str] = {}
    alone: dict[str, list[int]] = defaultdict(list)
    for organization_id, block in groupby(people, key=lambda row: row[2]):
        block = list(block)
        order.update((person_id, key) for person_id, key, _ in block)
        if organization_id is None:
            for person_id, key, _ in block:
                alone[name_key(key)].append(person_id)
        else:
            _similar_in_block(pairs, [row[0] for row in block], [row[1] for row in block])
    for ids in alone.values():
        for a, b in combinations(ids, 2):
            pairs.add(a, b, Reason("same_name"))
    return _without_dismissed(pairs, DuplicateKind.CONTACT, order)


def organization_pairs(user) -> list[Pair]:
    """Organizations of one country with similar names or the same acronym."""
    rows = db.session.execute(
        sa.select(
            Organization.id, Organization.sort_key, Organization.acronym, Organization.country
        )
        .where(Organization.visible_to(user))
        .order_by(Organization.country, Organization.id)
    )
    pairs = _Pairs()
    order: dict[int, str] = {}
    for _country, block in groupby(rows, key=lambda row: row[3]):
        block = list(block)
        order.update((row[0], row[1]) for row in block)
        _similar_in_block(pairs, [row[0] for row in block], [row[1] for row in block])
        acronyms: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for organization_id, _key, acronym, _ in block:
            if acronym and (folded := default_process(fold(acronym)).replace(" ", "")):
                acronyms[folded].append((organization_id, acronym))
        for same in acronyms.values():
            for (a, acronym), (b, _) in combinations(same, 2):
                pairs.add(a, b, Reason("acronym", acronym))
    return _without_dismissed(pairs, DuplicateKind.ORGANIZATION, order)
