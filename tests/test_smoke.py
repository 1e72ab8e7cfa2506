def test_home_lists_my_follow_ups(sign_in, staff):
    from tests import factories

    factories.follow_up(staff, title="Rappeler l'INMQ", due_in_days=-2)
    client = sign_in(staff)
    page = client.get("/").get_data(as_text=True)
    assert "Rappeler l&#39;INMQ" in page
