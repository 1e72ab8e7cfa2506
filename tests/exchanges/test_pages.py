"""The student exchanges' pages: list with filters, sort and pages; page, create (with a
new student typed in place), edit, status steps, archive and delete; and Law 25: another
institution's users never see a member exchange."""

import re
from datetime import date

import pytest
import sqlalchemy as sa

from crm.contacts.models import Contact
from crm.core.records import Visibility
from crm.exchanges.models import ExchangeStatus, StudentExchange
from crm.extensions import db
from tests import factories
from tests.conftest import snapshot
from tests.exchanges import factories as exchange_factories


def _names(page: str) -> list[str]:
    return re.findall(r'href="/exchanges/\d+">([^<]+)</a>', page)


def _fresh(exchange_id: int) -> StudentExchange:
    db.session.rollback()
    return db.session.get(StudentExchange, exchange_id)


def _form(student, partner, **values) -> dict:
    return {
        "student_id": str(student.id) if student else "",
        "partner_organization_id": str(partner.id),
        "direction": "outgoing",
        "agreement_id": "",
        "programme": "Génie minier",
        "starts_on": "2026-08-24",
        "ends_on": "2026-12-18",
        "status": "nominated",
        "visibility": "member",
    } | values


def test_list_filters_and_sorts_by_start_date(sign_in, staff, institution, other_institution):
    ema = factories.organization(institution, name="École des mines de l’Atlas", country="MA")
    lyon = factories.organization(institution, name="Lycée de Lyon", country="FR")
    agreement = exchange_factories.agreement(institution, parties=[ema])

    def exchange(given_name, **values):
        student = exchange_factories.student_contact(institution, given_name=given_name)
        return exchange_factories.exchange(institution, student=student, **values)

    exchange(
        "Amine",
        partner=ema,
        starts_on=date(2026, 8, 20),
        ends_on=date(2026, 12, 20),
        agreement=agreement,
    )
    exchange(
        "Brigitte",
        partner=lyon,
        direction="incoming",
        starts_on=date(2027, 1, 10),
        ends_on=date(2027, 5, 1),
        status=ExchangeStatus.ACCEPTED,
    )
    exchange("Chloé", partner=lyon, starts_on=date(2027, 9, 1), ends_on=date(2027, 12, 1))
    theirs = exchange_factories.student_contact(other_institution, given_name="Secrète")
    exchange_factories.exchange(other_institution, student=theirs, partner=ema)
    browser = sign_in(staff)

    def names(query: str = "") -> list[str]:
        response = browser.get("/exchanges/" + query)
        assert response.status_code == 200
        return [name.split()[0] for name in _names(response.get_data(as_text=True))]

    assert names() == ["Chloé", "Brigitte", "Amine"]  # newest start first
    assert names("?sort=start") == ["Amine", "Brigitte", "Chloé"]
    assert names("?direction=incoming") == ["Brigitte"]
    assert names("?status=accepted") == ["Brigitte"]
    assert names(f"?partner={lyon.id}") == ["Chloé", "Brigitte"]
    assert names(f"?agreement={agreement.id}") == ["Amine"]
    assert names("?country=MA") == ["Amine"]
    assert names("?institution=CSI") == ["Chloé", "Brigitte", "Amine"]
    assert names("?institution=CTH") == []
    # 2026-2027 runs from August 2026 to July 2027.
    assert names("?year=2026-2027") == ["Brigitte", "Amine"]
    assert names("?year=2027-2028") == ["Chloé"]
    page = browser.get("/exchanges/").get_data(as_text=True)
    assert '<option value="2027-2028">2027-2028</option>' in page
    assert "Secrète" not in page
    # Values that no choice has filter nothing instead of failing.
    assert len(names("?year=1999-2000&partner=abc&status=lost&country=ZZ&page=-1")) == 3


def test_list_pages(sign_in, staff, institution):
    student = exchange_factories.student_contact(institution)
    partner = factories.organization(institution)
    db.session.add_all(
        StudentExchange(
            student=student,
            partner_organization=partner,
            direction="outgoing",
            institution=institution,
            starts_on=date(2026, 1, 1).replace(day=1 + n % 28),
            ends_on=date(2026, 6, 30),
        )
        for n in range(55)
    )
    db.session.commit()
    page = sign_in(staff).get("/exchanges/?page=2").get_data(as_text=True)
    assert len(_names(page)) == 5
    assert "51–55 sur 55" in page.replace("\u202f", " ").replace("\xa0", " ")


def test_member_exchanges_of_others_do_not_exist(sign_in, staff, other_institution):
    hidden = exchange_factories.exchange(other_institution)
    assert hidden.visibility == Visibility.MEMBER
    browser = sign_in(staff)
    for url in ("", "/edit"):
        assert browser.get(f"/exchanges/{hidden.id}{url}").status_code == 404
    before = snapshot()
    for action in ("edit", "transition", "archive", "delete"):
        response = browser.post(
            f"/exchanges/{hidden.id}/{action}", {"version": "1", "status": "accepted"}
        )
        assert response.status_code == 404
    assert snapshot() == before
    # Nor can their students be chosen for an exchange of mine.
    page = browser.get("/exchanges/new").get_data(as_text=True)
    assert hidden.student.family_name not in page


def test_detail_page(sign_in, staff, institution):
    partner = factories.organization(institution, name="École des mines de l’Atlas", country="MA")
    agreement = exchange_factories.agreement(institution, title="Protocole EMA", parties=[partner])
    student = exchange_factories.student_contact(institution, given_name="Léa", family_name="Roy")
    exchange = exchange_factories.exchange(
        institution,
        student=student,
        partner=partner,
        agreement=agreement,
        programme="Technologie minérale",
        notes="Logement réservé",
    )
    factories.follow_up(staff, title="Vérifier le visa", exchange=exchange, visibility="member")
    page = sign_in(staff).get(f"/exchanges/{exchange.id}").get_data(as_text=True)
    for text in (
        "Léa Roy",
        "sortant",
        'Établissement d’origine</dt><dd class="col-sm-8">Cégep de Sept-Îles',
        "Protocole EMA",
        "Technologie minérale",
        "24 août 2026",
        "18 déc. 2026",
        "2026-2027",
        "Maroc",
        "Logement réservé",
        "Vérifier le visa",
        f'href="/follow-ups/new?exchange_id={exchange.id}&amp;next=/exchanges/{exchange.id}"',
    ):
        assert text in page, text
    assert "École des mines de l’Atlas</a>" in page  # the host, linked
    # The next steps only: accepted, or cancelled.
    assert re.findall(r'name="status" value="(\w+)"', page) == ["accepted", "cancelled"]


def test_create_with_an_existing_student(sign_in, staff, institution):
    student = exchange_factories.student_contact(institution, given_name="Léa", family_name="Roy")
    factories.contact(institution, given_name="Pas", family_name="Étudiant")
    partner = factories.organization(institution)
    browser = sign_in(staff)
    page = browser.get("/exchanges/new").get_data(as_text=True)
    assert "Léa Roy" in page and "Pas Étudiant" not in page
    assert '<option selected value="member">' in page
    response = browser.post("/exchanges/new", _form(student, partner))
    assert response.status_code == 302
    exchange = db.session.scalar(sa.select(StudentExchange))
    assert response.headers["Location"] == f"/exchanges/{exchange.id}"
    assert (exchange.student_id, exchange.partner_organization_id) == (student.id, partner.id)
    assert exchange.visibility == Visibility.MEMBER
    assert exchange.institution_id == institution.id and exchange.created_by_id == staff.id
    assert exchange.status == ExchangeStatus.NOMINATED
    assert exchange.programme == "Génie minier"


def test_create_with_a_new_student(sign_in, staff, institution):
    partner = factories.organization(institution, name="Lycée de Lyon")
    response = sign_in(staff).post(
        "/exchanges/new",
        _form(
            None,
            partner,
            direction="incoming",
            new_given_name="Jeanne",
            new_family_name="Martin",
            new_email="Jeanne.Martin@example.fr",
        ),
    )
    assert response.status_code == 302
    exchange = db.session.scalar(sa.select(StudentExchange))
    student = exchange.student
    assert (student.full_name, student.email) == ("Jeanne Martin", "jeanne.martin@example.fr")
    assert student.is_student and student.visibility == Visibility.MEMBER
    assert student.organization_id == partner.id  # an incoming student comes from the partner
    assert student.source == "partner"


def test_create_refuses_bad_input_and_keeps_it(sign_in, staff, institution):
    partner = factories.organization(institution)
    browser = sign_in(staff)
    before = snapshot()
    response = browser.post(
        "/exchanges/new",
        _form(None, partner, new_given_name="Jeanne", starts_on="2026-12-18", ends_on="2026-08-24"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "La date de fin ne peut pas précéder la date de début." in page
    assert 'value="Jeanne"' in page and 'value="Génie minier"' in page
    response = browser.post("/exchanges/new", _form(None, partner, new_given_name="Jeanne"))
    assert response.status_code == 422
    assert "inscrivez le prénom et le nom de famille" in response.get_data(as_text=True)
    response = browser.post(
        "/exchanges/new",
        _form(exchange_factories.student_contact(institution), partner)
        | {"partner_organization_id": ""},
    )
    assert "Choisissez l’organisation partenaire." in response.get_data(as_text=True)
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(StudentExchange.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(Contact.id))) == 1  # the one made above
    del before


def test_a_private_student_makes_a_private_exchange(sign_in, staff, institution):
    student = exchange_factories.student_contact(institution)
    partner = factories.organization(institution)
    response = sign_in(staff).post(
        "/exchanges/new", _form(student, partner, visibility="consortium")
    )
    assert response.status_code == 422
    assert "cet échange aussi" in response.get_data(as_text=True)


def test_hidden_students_partners_and_agreements_are_refused(
    sign_in, staff, institution, other_institution
):
    theirs = exchange_factories.student_contact(other_institution)
    secret_partner = factories.organization(other_institution, visibility="member")
    secret_agreement = exchange_factories.agreement(other_institution, visibility="member")
    mine = exchange_factories.student_contact(institution)
    partner = factories.organization(institution)
    not_a_student = factories.contact(institution)
    browser = sign_in(staff)
    before = snapshot()
    for form, message in [
        (_form(theirs, partner), "Choisissez un étudiant ou une étudiante."),
        (_form(not_a_student, partner), "Choisissez un étudiant ou une étudiante."),
        (_form(mine, secret_partner), "Choisissez l’organisation partenaire."),
        (
            _form(mine, partner, agreement_id=str(secret_agreement.id)),
            "Choisissez une entente que vous pouvez voir.",
        ),
    ]:
        response = browser.post("/exchanges/new", form)
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert snapshot() == before


def test_agreements_offered_are_those_of_the_partner(sign_in, staff, institution):
    partner = factories.organization(institution)
    other = factories.organization(institution)
    exchange_factories.agreement(institution, title="Avec ce partenaire", parties=[partner])
    exchange_factories.agreement(institution, title="Avec un autre", parties=[other])
    browser = sign_in(staff)
    page = browser.get(f"/exchanges/new?partner_organization_id={partner.id}").get_data(
        as_text=True
    )
    assert "Avec ce partenaire" in page and "Avec un autre" not in page
    assert f'<option selected value="{partner.id}">' in page
    page = browser.get("/exchanges/new").get_data(as_text=True)
    assert "Avec ce partenaire" in page and "Avec un autre" in page


def test_edit_and_a_stale_edit(sign_in, staff, director, institution):
    exchange = exchange_factories.exchange(institution)
    first, second = sign_in(staff), sign_in(director)
    url = f"/exchanges/{exchange.id}/edit"
    page = first.get(url).get_data(as_text=True)
    assert 'value="2026-08-24"' in page
    # The status may stay or take one of its next steps, no other.
    assert re.findall(r'<option (?:selected )?value="(\w+)">', page.split('id="status"')[1])[
        :3
    ] == ["nominated", "accepted", "cancelled"]
    form = _form(exchange.student, exchange.partner_organization, version="1")
    assert first.post(url, form | {"programme": "Électromécanique"}).status_code == 302
    response = second.post(url, form | {"programme": "Géologie"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Électromécanique" in page and 'value="Géologie"' in page
    assert _fresh(exchange.id).programme == "Électromécanique"
    response = first.post(url, form | {"version": "2", "status": "completed"})
    assert response.status_code == 422
    assert _fresh(exchange.id).status == ExchangeStatus.NOMINATED


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        ("nominated", "accepted", True),
        ("nominated", "in_progress", False),
        ("accepted", "in_progress", True),
        ("in_progress", "completed", True),
        ("in_progress", "cancelled", True),
        ("accepted", "nominated", False),
        ("completed", "cancelled", False),
        ("cancelled", "accepted", False),
    ],
)
def test_status_steps(sign_in, staff, institution, start, target, allowed):
    exchange = exchange_factories.exchange(institution, status=start)
    browser = sign_in(staff)
    response = browser.post(
        f"/exchanges/{exchange.id}/transition", {"status": target, "version": "1"}
    )
    assert response.status_code == 302
    assert _fresh(exchange.id).status == (target if allowed else start)
    page = browser.get(f"/exchanges/{exchange.id}").get_data(as_text=True)
    assert ("L’échange est maintenant" in page) == allowed
    assert ("il ne peut pas devenir" in page) == (not allowed)


def test_status_step_from_a_stale_page_does_nothing(sign_in, staff, institution):
    exchange = exchange_factories.exchange(institution)
    browser = sign_in(staff)
    url = f"/exchanges/{exchange.id}/transition"
    browser.post(url, {"status": "accepted", "version": "1"})
    browser.post(url, {"status": "cancelled", "version": "1"})
    assert _fresh(exchange.id).status == ExchangeStatus.ACCEPTED
    assert browser.post(url, {"status": "nonsense", "version": "2"}).status_code == 400


def test_viewer_changes_nothing(sign_in, viewer, institution):
    exchange = exchange_factories.exchange(institution)
    browser = sign_in(viewer)
    page = browser.get(f"/exchanges/{exchange.id}").get_data(as_text=True)
    assert "/transition" not in page and "Modifier" not in page
    assert browser.get("/exchanges/new").status_code == 403
    before = snapshot()
    for action in ("transition", "archive", "delete"):
        response = browser.post(
            f"/exchanges/{exchange.id}/{action}", {"status": "accepted", "version": "1"}
        )
        assert response.status_code == 403
    assert snapshot() == before


def test_archive_and_delete(sign_in, staff, institution):
    exchange = exchange_factories.exchange(institution)
    browser = sign_in(staff)
    url = f"/exchanges/{exchange.id}"
    name = exchange.student.full_name
    assert browser.post(url + "/archive", {"version": "1"}).status_code == 302
    assert name not in browser.get("/exchanges/").get_data(as_text=True)
    assert name in browser.get("/exchanges/?archived=only").get_data(as_text=True)
    assert browser.post(url + "/delete", {"version": "2"}).headers["Location"] == "/exchanges/"
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(StudentExchange.id))) == 0
