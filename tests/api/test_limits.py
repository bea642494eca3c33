"""Resource limits: a few exports at a time (429 + Retry-After beyond), smaller pictures for
anonymous visitors; a browser asking for a page while PostGIS is away gets an HTML page."""

from __future__ import annotations

from geo.store.settings import Settings


def test_exports_beyond_the_pool_get_429_with_retry_after(client_as, db_url: str) -> None:
    client = client_as("viewer", Settings(database_url=db_url, export_concurrency=1))
    small = {"width": 300, "height": 200}
    with client.app.state.export_slots.take():  # one export is being drawn right now
        busy = client.get("/maps/overview.png", params=small)
        assert busy.status_code == 429, busy.text
        assert int(busy.headers["retry-after"]) > 0 and "导出任务已满" in busy.json()["error"]
        assert client_as("official").get("/briefing.pptx").status_code == 200  # another app: its own pool
    assert client.get("/maps/overview.png", params=small).status_code == 200  # the slot is free again


def test_anonymous_pictures_are_capped_and_accounts_are_not(client_as) -> None:
    huge = {"width": 8000, "height": 5000}
    anonymous = client_as("anonymous").get("/maps/overview.png", params=huge)
    assert anonymous.status_code == 422
    assert anonymous.json()["max_pixels"] == 4_000_000 and "8000" in anonymous.json()["error"]
    assert client_as("anonymous").get("/maps/overview.png", params={"width": 2000, "height": 2000}).status_code == 200
    signed_in = client_as("viewer").get("/maps/overview.png", params={"width": 2100, "height": 2000})
    assert signed_in.status_code == 200


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def test_memory_after_huge_anonymous_exports_and_a_refused_upload(client_as) -> None:
    """The outside test saw 551 MB grow to 1.54 GB: 12 anonymous 8000x5000 PNGs and one huge
    upload. Both are now refused before any work; the process must not grow by more than a
    little (figures printed; run with -s)."""
    anonymous, admin = client_as("anonymous"), client_as("admin")
    anonymous.get("/maps/overview.png", params={"width": 300, "height": 200})  # warm: fonts, caches
    before = _rss_mb()
    for _ in range(12):
        assert anonymous.get("/maps/overview.png", params={"width": 8000, "height": 5000}).status_code == 422
    huge = b"ref,kind,name\n" + b"x,village_station,y\n" * (1_300_000)  # ~26 MB, over the request limit
    assert admin.post("/imports/site", files={"file": ("s.csv", huge, "text/csv")}).status_code == 413
    del huge
    after = _rss_mb()
    print(f"\nRSS before {before:.0f} MB, after {after:.0f} MB")
    assert after - before < 150
