"""The consortium agreement's path, in the browser: a staff member creates it with the
three cégeps as parties and submits it; each director approves; it is approved. A staff
member is never offered the approve button."""

from crm.extensions import db
from tests import factories

CEGEPS = [
    ("CAT", "Cégep de l’Abitibi-Témiscamingue"),
    ("CTH", "Cégep de Thetford"),
    ("CSI", "Cégep de Sept-Îles"),
]


def _sign_in(page, live_server, email):
    page.context.clear_cookies()
    page.goto(live_server + "/login")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(factories.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(lambda url: "/login" not in url)  # directors land on the dashboard


def test_three_directors_approve_the_consortium_agreement(live_server, page, screenshots):
    members = {code: factories.institution(code=code, name_fr=name) for code, name in CEGEPS}
    factories.user(role="staff", institution=members["CSI"], email="agente@csi.local")
    for code, institution in members.items():
        factories.user(
            role="director",
            institution=institution,
            email=f"direction@{code.lower()}.local",
            name=f"Direction {code}",
        )
    factories.organization(members["CSI"], name="École des mines de l’Atlas", country="MA")
    db.session.remove()

    _sign_in(page, live_server, "agente@csi.local")
    page.get_by_role("link", name="Ententes").click()
    page.get_by_role("link", name="Nouvelle entente").click()
    page.get_by_label("Titre").fill("Entente de création du consortium en formation minière")
    page.get_by_label("Type").select_option(label="Entente de consortium")
    page.get_by_label("Établissements membres parties à l’entente").select_option(
        label=[f"{code} — {name}" for code, name in CEGEPS]
    )
    page.get_by_label("Organisations partenaires").select_option(label="École des mines de l’Atlas")
    page.get_by_label("En vigueur à partir du").fill("2026-03-23")
    page.get_by_label("Date d’expiration").fill("2031-03-22")
    page.locator("#quotas-0-academic_year").fill("2026-2027")
    page.locator("#quotas-0-direction").select_option(label="sortant")
    page.locator("#quotas-0-places").fill("4")
    page.screenshot(path=screenshots / "agreement-form.png", full_page=True)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert "créée à l’état de brouillon" in page.locator(".alert").inner_text()
    agreement_url = page.url

    page.get_by_role("button", name="Soumettre pour approbation").click()
    page.wait_for_load_state()
    assert "soumise pour approbation" in page.locator(".alert").inner_text()
    assert page.get_by_role("button", name="Approuver").count() == 0
    assert page.locator("#approvals li").count() == 3

    for code, _name in CEGEPS:
        _sign_in(page, live_server, f"direction@{code.lower()}.local")
        page.goto(agreement_url)
        page.get_by_label("Commentaire").fill(f"Approuvé par le conseil de {code}.")
        page.get_by_role("button", name="Approuver").click()
        page.wait_for_load_state()
        assert "Votre approbation est enregistrée" in page.locator(".alert").inner_text()
        approved = page.locator(f'#approvals li[data-institution="{code}"]')
        assert "a approuvé le" in approved.inner_text()
        assert page.get_by_role("button", name="Approuver").count() == 0

    assert "tous les établissements ont approuvé" in page.locator(".alert").inner_text()
    assert page.locator("h1 + p .badge").inner_text() == "approuvée"
    assert page.locator("#history li").count() == 4
    page.screenshot(path=screenshots / "agreement.png", full_page=True)

    _sign_in(page, live_server, "agente@csi.local")
    page.goto(agreement_url)
    assert page.get_by_role("button", name="Approuver").count() == 0
    assert page.get_by_role("button", name="Consigner la signature").is_visible()
    page.get_by_role("link", name="Ententes", exact=True).first.click()
    page.wait_for_load_state()
    assert page.locator("tbody tr").count() == 1
    assert "approuvée" in page.locator("tbody tr").inner_text()
    page.screenshot(path=screenshots / "agreements.png", full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(agreement_url)
    page.screenshot(path=screenshots / "agreement-phone.png", full_page=True)
