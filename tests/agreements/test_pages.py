"""The agreements' pages: list with filters, sorting and pages; the page of an agreement;
create, edit, archive and delete; what other institutions may not see."""

import re
from datetime import date, timedelta

import sqlalchemy as sa

from crm.agreements.models import Agreement, AgreementQuota, AgreementSignatory
from crm.core.clock import today
from crm.extensions import db
from tests import factories
from tests.agreements import factories as agreements
from tests.conftest import snapshot


def _titles(page: str) -> list[str]:
    return re.findall(r'href="/agreements/\d+">([^<]+)</a>', page)


def _text(response) -> str:
    return response.get_data(as_text=True).replace("\u202f", " ").replace("\xa0", " ")


def _form(**values) -> dict:
    return {"title": "Entente", "kind": "partnership", "visibility": "consortium"} | values


def test_list_filters(sign_in, staff, institution, other_institution):
    moroccan = factories.organization(institution, name="École des mines", country="MA")
    french = factories.organization(other_institution, name="Lycée minier", country="FR")
    agreements.agreement(
        institution,
        title="Protocole Maroc",
        kind="memorandum",
        organizations=[moroccan],
        expires_on=date(2027, 6, 30),
    )
    agreements.agreement(
        other_institution,
        title="Entente France",
        status="signed",
        organizations=[french],
        expires_on=date(2029, 1, 1),
    )
    agreements.agreement(other_institution, title="Consortium", parties=[institution])
    browser = sign_in(staff)

    def titles(query: str) -> list[str]:
        return sorted(_titles(browser.get("/agreements/?" + query).get_data(as_text=True)))

    assert titles("status=signed") == ["Entente France"]
    assert titles("kind=memorandum") == ["Protocole Maroc"]
    assert titles("institution=CSI") == ["Consortium", "Protocole Maroc"]  # party or owner
    assert titles("institution=CTH") == ["Consortium", "Entente France"]
    assert titles(f"organization={french.id}") == ["Entente France"]
    assert titles("country=MA") == ["Protocole Maroc"]
    assert titles("expires_from=2027-01-01&expires_to=2027-12-31") == ["Protocole Maroc"]
    assert titles("expires_from=2028-01-01") == ["Entente France"]
    assert titles("q=maroc") == ["Protocole Maroc"]
    # Values that no choice has filter nothing instead of failing.
    response = browser.get("/agreements/?status=lost&expires_from=demain&organization=x&page=z")
    assert response.status_code == 200
    assert len(_titles(response.get_data(as_text=True))) == 3


def test_list_sorts_and_pages(sign_in, staff, institution):
    db.session.add_all(
        Agreement(
            title=f"Entente {n:03}",
            kind="partnership",
            institution=institution,
            expires_on=date(2030, 1, 1) - timedelta(days=n),
            signed_on=date(2020, 1, 1) + timedelta(days=n),
        )
        for n in range(60)
    )
    db.session.commit()
    browser = sign_in(staff)
    assert _titles(browser.get("/agreements/?sort=title").get_data(as_text=True))[0] == (
        "Entente 000"
    )
    assert _titles(browser.get("/agreements/?sort=expires").get_data(as_text=True))[0] == (
        "Entente 059"
    )
    assert _titles(browser.get("/agreements/?sort=-signed").get_data(as_text=True))[0] == (
        "Entente 059"
    )
    second = _text(browser.get("/agreements/?sort=title&page=2"))
    assert _titles(second) == [f"Entente {n:03}" for n in range(50, 60)]
    assert "51–60 sur 60" in second


def test_member_agreements_of_others_do_not_exist(sign_in, staff, other_institution):
    hidden = agreements.agreement(other_institution, title="Secrète", visibility="member")
    browser = sign_in(staff)
    assert "Secrète" not in browser.get("/agreements/").get_data(as_text=True)
    for url in ("", "/edit"):
        assert browser.get(f"/agreements/{hidden.id}{url}").status_code == 404
    before = snapshot()
    assert browser.post(f"/agreements/{hidden.id}/archive", {"version": "1"}).status_code == 404
    assert snapshot() == before


def test_create_with_parties_signatories_and_quotas(sign_in, staff, institution, other_institution):
    school = factories.organization(institution, name="École des mines de l'Atlas")
    person = factories.contact(
        institution, given_name="Amina", family_name="Alaoui", organization=school
    )
    factories.contact(institution, given_name="Hors", family_name="Partie")
    director = factories.user(role="director", institution=other_institution, name="Dir CTH")
    browser = sign_in(staff)
    form = browser.get("/agreements/new").get_data(as_text=True)
    assert "École des mines de l&#39;Atlas" in form
    # Signatories are offered among the people of the parties (there may be 200,000 contacts).
    assert "Amina Alaoui" not in form and "Hors Partie" not in form
    response = browser.post(
        "/agreements/new",
        {
            "title": "  Protocole d'échanges  ",
            "kind": "student_exchange",
            "summary": "Deux places par an.",
            "member_parties": [str(institution.id), str(other_institution.id)],
            "organization_parties": [str(school.id)],
            "signatory_contacts": [str(person.id)],
            "signatory_users": [str(director.id)],
            "effective_on": "2026-07-01",
            "expires_on": "2029-06-30",
            "renewal_notice_days": "90",
            "quotas-0-academic_year": "2026-2027",
            "quotas-0-direction": "outgoing",
            "quotas-0-places": "2",
            "quotas-1-academic_year": "2026-2027",
            "quotas-1-direction": "incoming",
            "quotas-1-places": "3",
            "quotas-2-academic_year": "",
            "quotas-2-direction": "",
            "quotas-2-places": "",
            "visibility": "consortium",
        },
    )
    assert response.status_code == 302
    agreement = db.session.scalar(sa.select(Agreement))
    assert response.headers["Location"] == f"/agreements/{agreement.id}"
    assert agreement.title == "Protocole d'échanges"
    assert agreement.status == "draft" and agreement.institution_id == institution.id
    assert [i.code for i in agreement.member_parties] == ["CSI", "CTH"]
    assert [o.name for o in agreement.organization_parties] == [school.name]
    assert sorted(s.name for s in agreement.signatories) == ["Amina Alaoui", "Dir CTH"]
    edit = browser.get(f"/agreements/{agreement.id}/edit").get_data(as_text=True)
    assert "Amina Alaoui" in edit and "Hors Partie" not in edit
    assert (agreement.effective_on, agreement.expires_on) == (date(2026, 7, 1), date(2029, 6, 30))
    assert agreement.renewal_notice_days == 90
    assert [(q.academic_year, q.direction, q.places) for q in agreement.quotas] == [
        ("2026-2027", "incoming", 3),
        ("2026-2027", "outgoing", 2),
    ]
    assert agreement.created_by_id == staff.id


def test_create_shows_errors_next_to_fields_and_keeps_the_input(sign_in, staff):
    browser = sign_in(staff)
    response = browser.post(
        "/agreements/new",
        _form(
            title="Entente mal datée",
            effective_on="2027-01-01",
            expires_on="2026-12-31",
            **{
                "quotas-0-academic_year": "2026-2028",
                "quotas-0-direction": "outgoing",
                "quotas-0-places": "2",
                "quotas-1-academic_year": "2026-2027",
                "quotas-1-direction": "",
                "quotas-1-places": "",
            },
        ),
    )
    page = _text(response)
    assert response.status_code == 422
    assert 'value="Entente mal datée"' in page and 'value="2026-2028"' in page
    expiry = page.index('id="expires_on-errors"')
    assert "La date d’expiration ne peut pas précéder la date d’entrée en vigueur." in page[expiry:]
    year = page.index('id="quotas-0-academic_year-errors"')
    assert "deux années consécutives, p. ex. 2026-2027" in page[year : year + 200]
    assert 'id="quotas-1-direction-errors"' in page
    assert db.session.scalar(sa.select(sa.func.count(Agreement.id))) == 0


def test_a_year_and_direction_appear_once(sign_in, staff):
    rows = {"academic_year": "2026-2027", "direction": "outgoing", "places": "2"}
    data = _form(**{f"quotas-{i}-{k}": v for i in (0, 1) for k, v in rows.items()})
    response = sign_in(staff).post("/agreements/new", data)
    assert response.status_code == 422
    assert "Chaque année scolaire et chaque sens ne peuvent figurer qu’une fois." in _text(response)


def test_edit_changes_quotas_in_place_and_keeps_links_the_editor_cannot_see(
    sign_in, institution, other_institution
):
    theirs = factories.organization(other_institution, name="Partenaire privé", visibility="member")
    ours = factories.organization(institution, name="Partenaire commun")
    agreement = agreements.agreement(
        other_institution,
        title="Entente partagée",
        organizations=[theirs, ours],
        quotas=[("2026-2027", "outgoing", 2), ("2027-2028", "outgoing", 2)],
    )
    quota_id = agreement.quotas[0].id
    editor = factories.user(role="staff", institution=institution)
    browser = sign_in(editor)
    form = browser.get(f"/agreements/{agreement.id}/edit").get_data(as_text=True)
    assert "Partenaire privé" not in form
    assert 'value="2027-2028"' in form
    response = browser.post(
        f"/agreements/{agreement.id}/edit",
        _form(
            title="Entente partagée",
            version="1",
            organization_parties=[],
            **{
                "quotas-0-academic_year": "2026-2027",
                "quotas-0-direction": "outgoing",
                "quotas-0-places": "5",
            },
        ),
    )
    assert response.status_code == 302
    db.session.rollback()
    agreement = db.session.get(Agreement, agreement.id)
    assert [o.name for o in agreement.organization_parties] == ["Partenaire privé"]
    assert [(q.id, q.places) for q in agreement.quotas] == [(quota_id, 5)]
    assert agreement.version == 2


def test_a_change_of_places_alone_is_a_new_version(sign_in, staff, institution):
    agreement = agreements.agreement(institution, quotas=[("2026-2027", "incoming", 2)])
    row = {
        "quotas-0-academic_year": "2026-2027",
        "quotas-0-direction": "incoming",
        "quotas-0-places": "4",
    }
    response = sign_in(staff).post(
        f"/agreements/{agreement.id}/edit", _form(title=agreement.title, version="1", **row)
    )
    assert response.status_code == 302
    db.session.rollback()
    assert db.session.get(Agreement, agreement.id).version == 2


def test_a_stale_edit_shows_the_other_change_and_overwrites_nothing(
    sign_in, staff, director, institution
):
    agreement = agreements.agreement(institution, title="Entente", summary="Version A")
    first, second = sign_in(staff), sign_in(director)
    url = f"/agreements/{agreement.id}/edit"
    assert first.post(url, _form(version="1", summary="Version B")).status_code == 302
    response = second.post(url, _form(version="1", summary="Version C", expires_on="2030-01-01"))
    page = _text(response)
    assert response.status_code == 409
    assert "Quelqu’un d’autre a modifié cette fiche" in page
    assert "Version B" in page and "Version C" in page
    assert 'name="version" type="hidden" value="2"' in page
    db.session.rollback()
    agreement = db.session.get(Agreement, agreement.id)
    assert (agreement.summary, agreement.expires_on) == ("Version B", None)


def test_detail_shows_parties_countdown_quota_use_and_history(
    sign_in, staff, institution, other_institution
):
    school = factories.organization(institution, name="École des mines", country="MA")
    agreement = agreements.agreement(
        institution,
        title="Échanges",
        parties=[institution, other_institution],
        organizations=[school],
        quotas=[("2026-2027", "outgoing", 2), ("2026-2027", "incoming", 1)],
        expires_on=today() + timedelta(days=42),
    )
    omar = factories.contact(institution, given_name="Omar")
    agreement.signatories.append(AgreementSignatory(contact=omar))
    db.session.commit()
    for starts_on, status in [
        (date(2026, 8, 20), "accepted"),
        (date(2027, 1, 10), "completed"),  # winter 2027 is still in 2026-2027
        (date(2026, 9, 1), "cancelled"),  # not counted
        (date(2027, 8, 25), "nominated"),  # 2027-2028: no quota set
    ]:
        agreements.exchange(agreement, starts_on, status=status, partner=school)
    agreements.exchange(
        agreement, date(2026, 9, 1), direction="incoming", institution=other_institution
    )
    page = _text(sign_in(staff).get(f"/agreements/{agreement.id}"))
    assert "Cégep de Sept-Îles" in page and "École des mines" in page and "Maroc" in page
    assert "Omar" in page
    assert "expire dans 42 jours" in page
    quotas = page[page.index('id="quotas"') :]
    cells = r"<td[^>]*>(.*?)</td>\s*"
    rows = re.findall(r"<tr[^>]*>\s*" + cells * 4, quotas, re.S)
    assert rows[:3] == [
        ("2026-2027", "entrant", "1", "1"),
        ("2026-2027", "sortant", "2", "2"),
        ("2027-2028", "sortant", "aucun quota", "1"),
    ]


def test_countdown_after_expiry(sign_in, staff, institution):
    agreement = agreements.agreement(institution, expires_on=today() - timedelta(days=3))
    assert "expirée depuis 3 jours" in _text(sign_in(staff).get(f"/agreements/{agreement.id}"))


def test_archive_restore_delete(sign_in, staff, institution):
    agreement = agreements.agreement(institution, title="Archivable")
    browser = sign_in(staff)
    url = f"/agreements/{agreement.id}"
    assert browser.post(url + "/archive", {"version": "1"}).status_code == 302
    assert "Archivable" not in browser.get("/agreements/").get_data(as_text=True)
    assert "Archivable" in browser.get("/agreements/?archived=only").get_data(as_text=True)
    assert browser.post(url + "/restore", {"version": "2"}).status_code == 302
    browser.post(url + "/archive", {"version": "1"})  # a stale version does nothing
    db.session.rollback()
    assert db.session.get(Agreement, agreement.id).archived_at is None
    assert browser.post(url + "/delete", {"version": "3"}).status_code == 302
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count(Agreement.id))) == 0
    assert db.session.scalar(sa.select(sa.func.count(AgreementQuota.id))) == 0


def test_viewers_and_other_institutions(sign_in, viewer, institution, other_institution):
    theirs = agreements.agreement(other_institution, title="La leur")
    staff = sign_in(factories.user(role="staff", institution=institution))
    browser = sign_in(viewer)
    before = snapshot()
    assert staff.post(f"/agreements/{theirs.id}/delete", {"version": "1"}).status_code == 403
    assert browser.get("/agreements/new").status_code == 403
    assert browser.get(f"/agreements/{theirs.id}/edit").status_code == 403
    response = browser.post("/agreements/new", _form(title="Intruse"))
    assert response.status_code == 403
    assert "Votre rôle ne permet pas cette action." in _text(response)
    assert snapshot() == before
    page = _text(browser.get(f"/agreements/{theirs.id}"))
    assert "Modifier" not in page and "Archiver" not in page and "Ajouter le document" not in page


def test_the_page_in_english(sign_in, institution):
    reader = factories.user(role="viewer", institution=institution, locale="en")
    agreement = agreements.agreement(
        institution, kind="consortium", expires_on=today() + timedelta(days=1)
    )
    page = _text(sign_in(reader).get(f"/agreements/{agreement.id}"))
    assert "Consortium agreement" in page and "expires tomorrow" in page
    assert "Approval and signature" in page


def test_terms_are_locked_while_reviewed_or_approved(sign_in, staff, institution):
    """What the directors approve cannot change under them: send it back to draft first."""
    from crm.agreements.models import Agreement, AgreementStatus

    for status in (AgreementStatus.UNDER_REVIEW, AgreementStatus.APPROVED):
        agreement = Agreement(
            title=f"Protocole {status}",
            kind="memorandum",
            institution=institution,
            member_parties=[institution],
            status=status,
        )
        db.session.add(agreement)
        db.session.commit()
        browser = sign_in(staff)
        page = browser.get(f"/agreements/{agreement.id}").get_data(as_text=True)
        assert f'/agreements/{agreement.id}/edit"' not in page
        before = snapshot()
        response = browser.post(
            f"/agreements/{agreement.id}/edit",
            {"title": "Autre", "kind": "memorandum", "version": "1"},
        )
        assert response.status_code == 302
        assert snapshot() == before
        page = browser.get(response.headers["Location"]).get_data(as_text=True)
        assert "renvoyez-la en brouillon" in page


def test_quota_rows_speak_french(sign_in, staff):
    response = sign_in(staff).post(
        "/agreements/new",
        {
            "title": "Protocole",
            "kind": "student_exchange",
            "visibility": "consortium",
            "quotas-0-academic_year": "2026-2027",
            "quotas-0-direction": "outgoing",
            "quotas-0-places": "-3",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Le nombre doit être compris entre 0 et 10000." in page
    assert "Number must be" not in page


def test_the_text_filter_ignores_case_and_accents(sign_in, staff, institution):
    for title in ("Formation en salle de contrôle", "Échanges étudiants"):
        db.session.add(Agreement(title=title, kind="memorandum", institution=institution))
    db.session.commit()
    browser = sign_in(staff)
    for text, expected in (
        ("controle", "contrôle"),
        ("ECHANGES", "Échanges"),
        ("salle de", "salle"),
    ):
        page = browser.get(f"/agreements/?q={text}").get_data(as_text=True)
        assert expected in page, text
    page = browser.get("/agreements/?q=controle").get_data(as_text=True)
    assert "Échanges étudiants" not in page
    assert browser.get('/agreements/?q="*:-').status_code == 200
