"""The agreements register: one row an agreement with its parties, signatories, dates and
quotas (places and exchanges per academic year and direction), and the quotas in long form."""

from __future__ import annotations

from datetime import date, datetime

from crm.agreements.models import AgreementSignatory
from crm.extensions import db
from tests import factories
from tests.agreements import factories as agreement_factories
from tests.exports.files import sheet_records, sheet_rows, workbook


def _register_data(institution, other_institution):
    director = factories.user(role="director", institution=institution, name="Nadia Côté")
    ema = factories.organization(institution, name="École des mines de l’Atlas", country="MA")
    secret = factories.organization(other_institution, name="Secret SA", visibility="member")
    amina = factories.contact(institution, "Amina", "Alaoui", organization=ema)
    hidden = factories.contact(other_institution, "Omar", "Caché", visibility="member")
    agreement = agreement_factories.agreement(
        institution,
        title="Entente de mobilité — École des mines",
        kind="student_exchange",
        status="active",
        parties=[institution, other_institution],
        organizations=[ema, secret],
        quotas=[("2026-2027", "outgoing", 5), ("2026-2027", "incoming", 3)],
        signed_on=date(2026, 3, 23),
        signed_at="Rabat",
        effective_on=date(2026, 8, 1),
        expires_on=date(2029, 7, 31),
        renewal_notice_days=90,
    )
    agreement.signatories = [
        AgreementSignatory(user=director, signed_on=date(2026, 3, 23)),
        AgreementSignatory(contact=amina),
        AgreementSignatory(contact=hidden),
    ]
    db.session.commit()
    for day, status in ((date(2026, 9, 1), "accepted"), (date(2027, 1, 10), "completed")):
        agreement_factories.exchange(agreement, day, status=status)
    agreement_factories.exchange(agreement, date(2026, 9, 2), status="cancelled")
    agreement_factories.exchange(agreement, date(2027, 9, 1), direction="incoming")
    agreement_factories.agreement(
        institution, title="Renouvellement 2029", renews=agreement, kind="student_exchange"
    )
    agreement_factories.agreement(other_institution, title="Privée", visibility="member")
    return agreement


def test_the_register_sheet(sign_in, staff, institution, other_institution):
    agreement = _register_data(institution, other_institution)
    response = sign_in(staff).get("/agreements/register.xlsx?sort=title")
    assert 'filename="registre-des-ententes-' in response.headers["Content-Disposition"]
    book = workbook(response)
    assert book.sheetnames == ["Ententes", "Quotas de mobilité"]
    rows = sheet_records(book["Ententes"])
    assert [r["Titre"] for r in rows] == [
        "Entente de mobilité — École des mines",
        "Renouvellement 2029",
    ]
    row = rows[0]
    assert row["Type"] == "Entente d’échanges étudiants"
    assert row["Statut"] == "en vigueur"
    assert row["Établissements membres parties"] == "CSI; CTH"
    assert row["Organisations partenaires"] == "École des mines de l’Atlas (Maroc)"
    assert row["Signataires"] == "Amina Alaoui (École des mines de l’Atlas); Nadia Côté (CSI)"
    assert row["Date de signature"] == datetime(2026, 3, 23)
    assert row["Lieu de signature"] == "Rabat"
    assert row["En vigueur à partir du"] == datetime(2026, 8, 1)
    assert row["Date d’expiration"] == datetime(2029, 7, 31)
    assert row["Préavis de renouvellement (jours)"] == 90
    assert row["Renouvelée par"] == "Renouvellement 2029"
    assert row["2026-2027 sortant : places"] == 5
    assert row["2026-2027 sortant : échanges"] == 2  # the cancelled one does not count
    assert row["2026-2027 entrant : places"] == 3
    assert row["2026-2027 entrant : échanges"] == 0
    assert row["2027-2028 entrant : places"] is None  # an exchange without a quota
    assert row["2027-2028 entrant : échanges"] == 1
    assert row["Lien"] == f"http://localhost/agreements/{agreement.id}"
    assert book["Ententes"]["G2"].number_format == "yyyy-mm-dd"
    assert "Secret" not in str(sheet_rows(book["Ententes"]))
    assert "Caché" not in str(sheet_rows(book["Ententes"]))


def test_the_quotas_sheet_in_long_form(sign_in, staff, institution, other_institution):
    _register_data(institution, other_institution)
    book = workbook(sign_in(staff).get("/agreements/register.xlsx"))
    rows = sheet_records(book["Quotas de mobilité"])
    assert [
        (r["Année scolaire"], r["Sens"], r["Places"], r["Échanges"], r["Restantes"]) for r in rows
    ] == [
        ("2026-2027", "entrant", 3, 0, 3),
        ("2026-2027", "sortant", 5, 2, 3),
        ("2027-2028", "entrant", None, 1, None),
    ]
    assert {r["Entente"] for r in rows} == {"Entente de mobilité — École des mines"}


def test_the_register_follows_the_list_filters(sign_in, viewer, institution, other_institution):
    _register_data(institution, other_institution)
    book = workbook(sign_in(viewer).get("/agreements/register.xlsx?status=draft"))
    assert [r["Titre"] for r in sheet_records(book["Ententes"])] == ["Renouvellement 2029"]
    assert sheet_records(book["Quotas de mobilité"]) == []


def test_the_list_links_to_the_register(sign_in, staff):
    page = sign_in(staff).get("/agreements/?status=active").get_data(as_text=True)
    assert 'href="/agreements/register.xlsx?status=active"' in page
    assert "Registre des ententes (Excel)" in page
