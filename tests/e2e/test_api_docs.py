"""The API's documentation page renders in the browser from local files only."""


def test_swagger_ui_lists_the_operations(live_server, page, screenshots):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server + "/api/v1/docs/")
    page.locator(".opblock").first.wait_for()
    assert page.get_by_text("/api/v1/organizations", exact=True).first.is_visible()
    assert page.locator("#operations-tag-agreements").is_visible()
    assert all(url.startswith(live_server) or url.startswith("data:") for url in requested)
    page.screenshot(path=screenshots / "api-docs.png")


def test_a_token_made_on_the_profile_page_opens_the_api(live_server, app, page, screenshots):
    import json
    import urllib.request

    from crm.extensions import db
    from tests import factories

    institution = factories.institution(code="CSI", name_fr="Cégep de Sept-Îles")
    factories.user(institution=institution, name="Marie Tremblay", email="marie@example.org")
    db.session.commit()
    db.session.remove()

    page.goto(live_server + "/login")
    page.get_by_label("Courriel").fill("marie@example.org")
    page.get_by_label("Mot de passe").fill(factories.PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server + "/")
    page.goto(live_server + "/profile")
    page.get_by_label("À quoi sert-il ?").fill("Script du registrariat")
    page.get_by_role("button", name="Créer un jeton").click()
    page.wait_for_load_state()
    token = page.locator("#new-token").inner_text().strip()
    assert "Copiez-le maintenant" in page.locator(".alert-success").inner_text()
    page.screenshot(path=screenshots / "profile-token.png", full_page=True)

    request = urllib.request.Request(  # noqa: S310  (the test server)
        live_server + "/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert json.loads(response.read())["email"] == "marie@example.org"

    page.get_by_role("button", name="Révoquer").click()
    page.wait_for_load_state()
    assert "révoqué" in page.locator(".alert").first.inner_text()
    assert page.locator("#new-token").count() == 0
