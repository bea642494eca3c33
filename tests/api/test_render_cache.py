"""The render cache: a cached answer equals the built one, gzip for clients that accept it."""

from __future__ import annotations


def test_cached_body_equals_the_built_body(client) -> None:
    built = client.get("/maps/logistics?lang=en")  # a miss: built by the route
    served = client.get("/maps/logistics?lang=en")  # a hit: answered from the cache
    assert served.status_code == 200 and served.content == built.content
    assert served.headers["etag"] == built.headers["etag"]
    assert served.headers["content-type"] == built.headers["content-type"]
    layer = client.get("/layers/villages.geojson", params={"poverty_alleviated": "true"})
    again = client.get("/layers/villages.geojson", params={"poverty_alleviated": "true"})
    assert again.json() == layer.json() and all(f["properties"]["poverty_alleviated"] for f in again.json()["features"])


def test_gzip_for_clients_that_accept_it(client) -> None:
    plain = client.get("/maps/overview", headers={"Accept-Encoding": "identity"})
    for _ in range(2):  # a miss, then a hit
        packed = client.get("/maps/overview", headers={"Accept-Encoding": "gzip"})
        assert packed.headers["content-encoding"] == "gzip"
        assert int(packed.headers["content-length"]) < len(plain.content) / 3
        assert packed.content == plain.content  # httpx decompresses it
        assert packed.headers["etag"] != plain.headers["etag"] and packed.headers["vary"] == "Accept-Encoding"
    again = client.get("/maps/overview", headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["etag"]})
    assert again.status_code == 304


def test_fast_path_never_hands_a_signed_in_answer_to_an_anonymous_visitor(client_as) -> None:
    official, anonymous = client_as("official"), client_as("anonymous")
    for _ in range(2):  # built, then cached for the official
        assert official.get("/maps/inspections").status_code == 200
        assert official.get("/layers/inspection_status.geojson").status_code == 200
    assert anonymous.get("/maps/inspections").status_code == 401
    assert anonymous.get("/layers/inspection_status.geojson").status_code == 401


def test_anonymous_cache_hits_still_pass_the_privacy_filter(client_as) -> None:
    anonymous = client_as("anonymous")
    first = anonymous.get("/layers/villages.geojson")
    again = anonymous.get("/layers/villages.geojson", headers={"Accept-Encoding": "gzip"})  # a fast-path hit
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert "inspector" not in again.text and "household_name" not in again.text


def test_remembered_session_opens_cached_layers_only_as_a_cookie_and_not_after_logout(client_as, db_url) -> None:
    from tests.conftest import PASSWORD, add_user

    add_user(db_url, "cookie1", "official")
    browser = client_as("anonymous")
    login = browser.post("/auth/login", data={"username": "cookie1", "password": PASSWORD}, follow_redirects=False)
    assert login.status_code == 303
    session = browser.cookies.get("fieldmap_session")
    for _ in range(2):  # built for the official, then a cache hit with the identity remembered
        assert browser.get("/layers/inspection_status.geojson").status_code == 200
    thief = client_as("anonymous")
    as_bearer = thief.get("/layers/inspection_status.geojson", headers={"Authorization": f"Bearer {session}"})
    assert as_bearer.status_code == 401  # a session cookie is no script token, cached or not
    assert browser.post("/auth/logout").status_code == 200
    browser.cookies.set("fieldmap_session", session)  # replayed after logout
    assert browser.get("/layers/inspection_status.geojson").status_code == 401
