"""A contact's page: the timeline of what they took part in, and the two-click buttons
that log an interaction or add a follow-up about them (also on their organization's page)."""

from datetime import UTC, date, datetime

from crm.agreements.models import Agreement, AgreementSignatory
from crm.exchanges.models import StudentExchange
from crm.extensions import db
from tests import factories
from tests.interactions.factories import interaction


def test_timeline_shows_what_they_took_part_in_newest_first(
    sign_in, staff, institution, other_institution
):
    organization = factories.organization(institution, name="École des mines")
    student = factories.contact(institution, "Yasmine", "Idrissi", is_student=True)
    interaction(
        institution, [student], datetime(2026, 3, 23, 14, 0, tzinfo=UTC), "Entrevue à Rabat"
    )
    interaction(
        other_institution,
        [student],
        datetime(2026, 4, 1, 14, 0, tzinfo=UTC),
        "Rencontre secrète",
        visibility="member",
    )
    factories.follow_up(staff, title="Envoyer l’offre", today=date(2026, 5, 2), contact=student)
    db.session.add_all(
        [
            StudentExchange(
                student=student,
                direction="outgoing",
                partner_organization=organization,
                starts_on=date(2026, 9, 1),
                ends_on=date(2026, 12, 20),
                institution=institution,
            ),
            Agreement(
                title="Entente de stage",
                kind="student_exchange",
                institution=institution,
                signed_on=date(2026, 1, 15),
                signatories=[AgreementSignatory(contact=student)],
            ),
        ]
    )
    db.session.commit()
    page = sign_in(staff).get(f"/contacts/{student.id}").get_data(as_text=True)
    timeline = page[page.index("Historique") :]
    order = [
        "Idrissi — École des mines",
        "Envoyer l’offre",
        "Entrevue à Rabat",
        "Entente de stage",
    ]
    assert [timeline.index(text) for text in order] == sorted(
        timeline.index(text) for text in order
    )
    assert "Rencontre secrète" not in page


def test_contact_page_buttons_prefill_the_forms_and_come_back(sign_in, staff, institution):
    contact = factories.contact(institution, "Fatima", "Zahra")
    page = sign_in(staff).get(f"/contacts/{contact.id}").get_data(as_text=True)
    back = f"next=/contacts/{contact.id}"
    assert f'href="/interactions/new?contact_id={contact.id}&amp;{back}"' in page
    assert "Consigner une interaction" in page
    assert f'href="/follow-ups/new?contact_id={contact.id}&amp;{back}"' in page
    assert "Ajouter un suivi" in page


def test_organization_page_lists_its_people_and_has_the_buttons(
    sign_in, staff, institution, other_institution
):
    organization = factories.organization(institution, name="École des mines")
    factories.contact(institution, "Amina", "Alaoui", organization=organization)
    factories.contact(institution, "Omar", "Ancien", organization=organization, archived_at=None)
    factories.contact(
        other_institution, "Secret", "Étudiant", organization=organization, is_student=True
    )
    page = sign_in(staff).get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert "Amina Alaoui" in page and "Omar Ancien" in page
    assert "Secret" not in page
    back = f"next=/organizations/{organization.id}"
    assert f'href="/interactions/new?organization_id={organization.id}&amp;{back}"' in page
    assert f'href="/follow-ups/new?organization_id={organization.id}&amp;{back}"' in page
    assert f'href="/contacts/new?organization_id={organization.id}"' in page


def test_viewers_do_not_get_the_buttons(sign_in, viewer, institution):
    organization = factories.organization(institution)
    page = sign_in(viewer).get(f"/organizations/{organization.id}").get_data(as_text=True)
    assert "Consigner une interaction" not in page and "Nouveau contact" not in page
