"""Signing in from the browser's form: back to where you were, never to another site."""

from tests.web.pages.conftest import PASSWORD, csrf


def _login(client, username, password, next_="/"):
    data = {"csrf_token": csrf(client), "username": username, "password": password, "next": next_}
    return client.post("/login", data=data, follow_redirects=False)


def test_sign_in_goes_back_to_the_page(client):
    r = _login(client, "planner", PASSWORD, "/requirements")
    assert r.status_code == 303
    assert r.headers["location"] == "/requirements"
    assert "Signed in as <strong>planner (planner)</strong>" in client.get("/").text


def test_wrong_password_shows_the_form_again(client):
    r = _login(client, "planner", "not the password")
    assert r.status_code == 401
    assert "wrong user name or password" in r.text
    assert 'value="planner"' in r.text


def test_next_never_leaves_the_site(client):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil"):
        r = _login(client, "planner", PASSWORD, target)
        assert r.headers["location"] == "/"


def test_empty_fields_are_refused(client):
    r = _login(client, "", "")
    assert r.status_code == 422
    assert "enter your user name and your password" in r.text


def test_sign_out(client):
    _login(client, "planner", PASSWORD)
    r = client.post("/logout", data={"csrf_token": csrf(client)}, follow_redirects=False)
    assert r.status_code == 303
    assert "Sign in" in client.get("/").text
