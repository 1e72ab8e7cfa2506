"""Merging: the chosen values, links united without repeats, and the history of both."""

from __future__ import annotations

import sqlalchemy as sa

from crm.agreements.models import AgreementSignatory
from crm.contacts.models import Contact, ContactEmail
from crm.core.audit import acting_as
from crm.duplicates.merge import merge_contacts, merge_organizations
from crm.extensions import db
from crm.history.models import HistoryAction, HistoryEntry
from crm.organizations.models import Tag
from crm.projects.models import ProjectPartner
from tests import factories
from tests.agreements.factories import agreement
from tests.interactions.factories import interaction
from tests.projects.factories import project


def _entries(table: str, record_id: int) -> list[HistoryEntry]:
    return db.session.scalars(
        sa.select(HistoryEntry).where(
            HistoryEntry.record_type == table, HistoryEntry.record_id == record_id
        )
    ).all()


def _merge(merge, kept, merged, values, user):
    with acting_as(user.id):
        merge(kept, merged, (kept.version, merged.version), values)
    db.session.commit()


def test_contacts_merge_values_addresses_meetings_and_signatures(staff, institution):
    kept = factories.contact(
        institution, "Elodie", "Cote", email="e.cote@ema.ma", notes="Vue à Rabat"
    )
    merged = factories.contact(
        institution, "Élodie", "Côté", email="E.Cote@ema.ma", notes="Anglophone", is_student=True
    )
    merged.emails.append(ContactEmail(address="elodie@gmail.com", position=1))
    both = interaction(institution, contacts=[kept, merged])
    alone = interaction(institution, contacts=[merged])
    signed = agreement(institution)
    db.session.add_all(
        [
            AgreementSignatory(agreement_id=signed.id, contact=kept),
            AgreementSignatory(agreement_id=signed.id, contact=merged),
        ]
    )
    db.session.commit()
    kept_id, merged_id = kept.id, merged.id
    values = {"given_name": "Élodie", "family_name": "Côté", "notes": "Vue à Rabat\n\nAnglophone"}
    _merge(merge_contacts, kept, merged, values, staff)

    kept = db.session.get(Contact, kept_id)
    assert (kept.full_name, kept.notes) == ("Élodie Côté", "Vue à Rabat\n\nAnglophone")
    assert kept.email_addresses == ["e.cote@ema.ma", "elodie@gmail.com"]
    assert kept.is_student
    assert [c.id for c in both.contacts] == [kept_id]
    assert [c.id for c in alone.contacts] == [kept_id]
    signatories = db.session.scalars(sa.select(AgreementSignatory)).all()
    assert [(s.agreement_id, s.contact_id) for s in signatories] == [(signed.id, kept_id)]

    note = f"#{merged_id} → #{kept_id}"
    [kept_entry] = [e for e in _entries("contacts", kept_id) if e.action == HistoryAction.MERGE]
    assert kept_entry.note == note and kept_entry.actor_id == staff.id
    assert kept_entry.changes["given_name"] == ["Elodie", "Élodie"]
    [merged_entry] = [e for e in _entries("contacts", merged_id) if e.action == "merge"]
    assert (merged_entry.action, merged_entry.note) == (HistoryAction.MERGE, note)
    [moved] = [e for e in _entries("interactions", both.id) if e.action == "merge"]
    assert moved.note == note


def test_the_kept_record_has_a_merge_entry_even_when_nothing_of_its_own_changed(staff, institution):
    kept = factories.contact(institution, "Léa", "Roy")
    merged = factories.contact(institution, "Léa", "Roy")
    _merge(merge_contacts, kept, merged, {}, staff)
    [entry] = [e for e in _entries("contacts", kept.id) if e.action == "merge"]
    assert entry.changes == {} and entry.note.endswith(f"#{kept.id}")


def test_organizations_merge_tags_roles_and_parties(staff, institution):
    kept = factories.organization(institution, "Managem", city=None)
    merged = factories.organization(institution, "MANAGEM", city="Marrakech", acronym="MNG")
    mines, ocp = Tag(name="mines"), Tag(name="phosphate")
    kept.tags = [mines]
    merged.tags = [mines, ocp]
    joint = project(
        institution,
        partners=[
            ProjectPartner(organization=kept, role="Hôte"),
            ProjectPartner(organization=merged, role="Financement"),
        ],
    )
    party = agreement(institution, organizations=[kept, merged])
    kept_id, merged_id = kept.id, merged.id
    _merge(merge_organizations, kept, merged, {"city": "Marrakech", "acronym": "MNG"}, staff)

    assert (kept.city, kept.acronym, kept.tag_names) == ("Marrakech", "MNG", ["mines", "phosphate"])
    assert [(p.organization_id, p.role) for p in joint.partners] == [(kept_id, "Hôte; Financement")]
    assert [o.id for o in party.organization_parties] == [kept_id]
    note = f"#{merged_id} → #{kept_id}"
    assert [(e.action, e.note) for e in _entries("organizations", merged_id)][1:] == [
        ("merge", note)
    ]
    [entry] = [e for e in _entries("organizations", kept_id) if e.action == "merge"]
    assert entry.note == note and entry.changes["city"] == [None, "Marrakech"]


def test_a_private_record_never_merges_with_another_institutions(
    institution, other_institution, staff
):
    from crm.core.permissions import can_merge

    ours_private = factories.contact(institution, family_name="Tremblay", visibility="member")
    ours_shared = factories.contact(institution, family_name="Tremblay")
    theirs_shared = factories.contact(other_institution, family_name="Tremblay")
    assert can_merge(staff, ours_shared, ours_private)
    assert not can_merge(staff, theirs_shared, ours_private)
    assert can_merge(staff, theirs_shared, ours_shared)
