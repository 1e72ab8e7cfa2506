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
