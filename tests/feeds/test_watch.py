"""The watcher against a real HTTP server on 127.0.0.1 and real databases (SQLite, PostgreSQL).

Feeds served: RSS 2.0, Atom, broken XML, a 500, a slow server, 301/302 redirects, an
ETag/304 round trip, items whose page is HTML needing extraction; duplicates by URL, guid and
near-same text; two watchers at once.
"""

from __future__ import annotations

import threading
from datetime import timedelta

import httpx
import pytest
import sqlalchemy as sa

from muster.data import reference_dataset
from muster.domain import Source, Statement, StatementStatus
from muster.feeds.fetch import FetchError, Limits, refuse_private
from muster.feeds.schedule import Health
from muster.feeds.watch import MAX_ATTEMPTS, poll_due, poll_feed
from muster.store import feed as feed_store
from muster.store import feed_poll, find, transaction
from muster.store.schema import TABLES
from tests.feeds import samples
from tests.feeds.conftest import item_rows, loopback, poll_rows
from tests.feeds.server import Redirect, Reply

STARMER_TITLE = samples.ARTICLES["starmer"][0]
FRED_TITLE = samples.ARTICLES["frederiksen"][0]


def two_item_feed(server, *, etag=None, prefix="/a"):
    server.routes[f"{prefix}/starmer"] = Reply(samples.page("starmer"), content_type="text/html")
    server.routes[f"{prefix}/fred?utm_source=rss"] = Reply(
        samples.page("frederiksen"), content_type="text/html"
    )
    return Reply(
        samples.rss(
            [
                {"title": STARMER_TITLE, "link": server.url(f"{prefix}/starmer"), "guid": "g-1",
                 "date": "Sun, 02 Mar 2025 18:00:00 GMT"},
                {"title": FRED_TITLE, "link": server.url(f"{prefix}/fred?utm_source=rss"),
                 "guid": "g-2", "date": "Mon, 03 Mar 2025 09:00:00 GMT"},
            ]
        ),
        etag=etag,
    )  # fmt: skip


REFERENCE_SOURCES = {s.id for s in reference_dataset().sources}


def sources(engine):
    """The Sources stored since the reference data: the articles."""
    with transaction(engine, write=False) as s:
        page = find(session=s, entity=Source, filters={}, limit=1000)
    return [x.obj for x in page.items if x.obj.id not in REFERENCE_SOURCES]


def proposed(engine):
    with transaction(engine, write=False) as s:
        page = find(session=s, entity=Statement, filters={"status": "proposed"}, limit=1000)
    return [x.obj for x in page.items]


def test_rss_items_join_the_review_queue_with_their_source(server, add, news_db, make_watcher):
    feed = server.routes["/feed.xml"] = two_item_feed(server)
    assert feed.body
    feed_id = add(server.url("/feed.xml"), language="en")
    (report,) = poll_due(make_watcher())
    o = report.outcome
    assert (o.status, o.http_status, o.fetched, o.new, o.duplicates, o.failed) == (
        "ok", 200, 2, 2, 0, 0,
    )  # fmt: skip
    stored = {s.title: s for s in sources(news_db)}
    assert set(stored) == {STARMER_TITLE, FRED_TITLE}
    starmer = stored[STARMER_TITLE]
    assert starmer.outlet == "127.0.0.1"  # the feed's name: its host unless named
    assert starmer.url == server.url("/a/starmer")
    assert starmer.published.isoformat() == "2025-03-02"
    assert starmer.language == "en"
    assert starmer.text is not None
    assert starmer.text.startswith("Prime Minister Keir Starmer said on Sunday")  # no dateline
    nations = {(st.nation, st.source) for st in proposed(news_db)}
    assert ("GBR", starmer.id) in nations
    assert ("POL", stored[FRED_TITLE].id) in nations
    rows = item_rows(news_db)
    assert [(r["guid"], r["status"], r["text_from"]) for r in rows] == [
        ("g-1", "new", "page"), ("g-2", "new", "page"),
    ]  # fmt: skip
    assert {r["source_id"] for r in rows} == set(s.id for s in stored.values())
    (poll,) = poll_rows(news_db)
    assert (poll["feed_id"], poll["status"], poll["new"], poll["fetched"]) == (feed_id, "ok", 2, 2)
    assert poll["finished_at"] is not None


def test_etag_round_trip_costs_one_request(server, add, news_db, make_watcher):
    server.routes["/feed.xml"] = two_item_feed(server, etag='"v1"')
    add(server.url("/feed.xml"))
    w = make_watcher()
    poll_due(w)
    before = len(server.requests)
    (again,) = poll_due(w, every=True)
    assert (again.outcome.status, again.outcome.http_status, again.outcome.fetched) == (
        "not_modified", 304, 0,
    )  # fmt: skip
    assert [r.path for r in server.requests[before:]] == ["/feed.xml"]
    assert server.requests[-1].headers.get("If-None-Match") == '"v1"'
    assert len(sources(news_db)) == 2


def test_last_modified_round_trip(server, add, news_db, make_watcher):
    feed = two_item_feed(server)
    feed.last_modified = "Mon, 03 Mar 2025 10:00:00 GMT"
    server.routes["/feed.xml"] = feed
    add(server.url("/feed.xml"))
    w = make_watcher()
    poll_due(w)
    (again,) = poll_due(w, every=True)
    assert again.outcome.status == "not_modified"
    assert server.requests[-1].headers.get("If-Modified-Since") == feed.last_modified


def test_without_validators_a_second_poll_takes_nothing_twice(server, add, news_db, make_watcher):
    server.routes["/feed.xml"] = two_item_feed(server)
    add(server.url("/feed.xml"))
    w = make_watcher()
    poll_due(w)
    pages_before = len(server.hits("/a/starmer"))
    (again,) = poll_due(w, every=True)
    o = again.outcome
    assert (o.status, o.fetched, o.new, o.seen, o.duplicates) == ("ok", 2, 0, 2, 0)
    assert len(server.hits("/a/starmer")) == pages_before  # no page fetched again
    assert len(sources(news_db)) == 2
    assert len(item_rows(news_db)) == 2


def test_atom_with_full_content_and_no_page(server, add, news_db, make_watcher):
    server.routes["/atom.xml"] = Reply(
        samples.atom(
            [{"title": FRED_TITLE, "id": "urn:fred", "link": server.url("/gone"),
              "content": samples.article_html("frederiksen")}],
            lang="da",
        ),
        content_type="application/atom+xml",
    )  # fmt: skip
    add(server.url("/atom.xml"), language="da")
    (report,) = poll_due(make_watcher())
    assert report.outcome.new == 1
    (src,) = sources(news_db)
    assert src.language == "da"
    assert src.text is not None
    assert src.text.startswith("Danish Prime Minister Mette Frederiksen")
    assert item_rows(news_db)[0]["text_from"] == "feed"  # the page answered 404


def test_broken_xml_fails_its_poll_and_other_feeds_go_on(server, add, news_db, make_watcher, clock):
    server.routes["/broken.xml"] = Reply(two_item_feed(server).body[:200])
    server.routes["/good.xml"] = two_item_feed(server, prefix="/b")
    broken = add(server.url("/broken.xml"))
    good = add(server.url("/good.xml"))
    reports = {r.feed_id: r.outcome for r in poll_due(make_watcher())}
    assert reports[broken].status == "failed"
    assert reports[broken].error is not None
    assert "not well-formed XML" in reports[broken].error
    assert reports[good].status == "ok"
    assert reports[good].new == 2
    with transaction(news_db, write=False) as s:
        f = feed_store.get_feed(session=s, feed_id=broken)
        state = feed_poll.status(session=s, feed=f)
    assert f.failures == 1
    assert state.health is Health.FAILING
    # backed off: at least one interval, at most twice
    waited = f.next_due_at - state.last_poll.finished_at
    assert timedelta(minutes=15) - timedelta(seconds=5) <= waited <= timedelta(minutes=30)


def test_a_500_backs_off_and_a_success_resets(server, add, news_db, make_watcher, clock):
    server.routes["/feed.xml"] = Reply(b"oops", status=500, content_type="text/plain")
    feed_id = add(server.url("/feed.xml"))
    w = make_watcher()
    waits = []
    for _ in range(4):
        (r,) = poll_due(w, every=True)
        assert (r.outcome.status, r.outcome.http_status) == ("failed", 500)
        assert r.outcome.error == "HTTP 500 Internal Server Error"
        waits.append(r.outcome.next_due_at - clock.now)
    assert waits[0] < waits[3]
    with transaction(news_db, write=False) as s:
        f = feed_store.get_feed(session=s, feed_id=feed_id)
        assert f.failures == 4
        assert feed_poll.status(session=s, feed=f).health is Health.DOWN
    server.routes["/feed.xml"] = two_item_feed(server)
    (r,) = poll_due(w, every=True)
    assert r.outcome.status == "ok"
    with transaction(news_db, write=False) as s:
        f = feed_store.get_feed(session=s, feed_id=feed_id)
        assert (f.failures, feed_poll.status(session=s, feed=f).health) == (0, Health.OK)


def test_a_slow_server_times_out(server, add, news_db, make_watcher):
    server.routes["/slow.xml"] = Reply(two_item_feed(server).body, delay_s=3)
    add(server.url("/slow.xml"))
    (r,) = poll_due(make_watcher(limits=loopback(timeout_s=0.5)))
    assert r.outcome.status == "failed"
    assert r.outcome.error == "timed out: no complete answer within 0.5 s"


def test_a_feed_over_the_size_limit_is_refused(server, add, news_db, make_watcher):
    server.routes["/big.xml"] = Reply(b"<rss>" + b" " * 5000 + b"</rss>")
    add(server.url("/big.xml"))
    (r,) = poll_due(make_watcher(limits=loopback(max_bytes=1000)))
    assert r.outcome.status == "failed"
    assert r.outcome.error is not None
    assert r.outcome.error.startswith("larger than")


def test_loopback_and_private_addresses_are_refused_by_default(server, add, make_watcher):
    server.routes["/feed.xml"] = two_item_feed(server)
    add(server.url("/feed.xml"))
    (r,) = poll_due(make_watcher(limits=Limits(timeout_s=5)))
    assert r.outcome.status == "failed"
    assert r.outcome.error == (
        "refused: 127.0.0.1 is a loopback or private address (127.0.0.1); "
        "set MUSTER_FEEDS_ALLOW_PRIVATE=true to fetch from such addresses"
    )
    assert server.requests == []  # refused before connecting


def test_private_addresses_are_refused_at_each_request():
    # httpx runs the hook before every request, each redirect's too
    for url in ("http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data/", "http://[::1]/"):
        with pytest.raises(FetchError, match="loopback or private address"):
            refuse_private(httpx.Request("GET", url))


def test_a_permanent_redirect_moves_the_feed_with_history(server, add, news_db, make_watcher):
    server.routes["/old.xml"] = Redirect(server.url("/new.xml"), status=301)
    server.routes["/new.xml"] = two_item_feed(server)
    feed_id = add(server.url("/old.xml"))
    (r,) = poll_due(make_watcher())
    assert r.outcome.new == 2
    with transaction(news_db, write=False) as s:
        f = feed_store.get_feed(session=s, feed_id=feed_id)
        changes = feed_store.changes(session=s, feed_id=feed_id)
    assert f.url == server.url("/new.xml")
    assert [(c.op, c.who) for c in changes] == [
        ("create", "user:ana"), ("update", "process:muster-watch"),
    ]  # fmt: skip
    assert changes[1].after["url"] == server.url("/new.xml")
    assert "moved permanently" in changes[1].why


def test_a_temporary_redirect_keeps_the_address(server, add, news_db, make_watcher):
    server.routes["/feed.xml"] = Redirect(server.url("/today.xml"), status=302)
    server.routes["/today.xml"] = two_item_feed(server)
    feed_id = add(server.url("/feed.xml"))
    (r,) = poll_due(make_watcher())
    assert r.outcome.new == 2
    with transaction(news_db, write=False) as s:
        assert feed_store.get_feed(session=s, feed_id=feed_id).url == server.url("/feed.xml")


def test_duplicates_across_feeds_by_url_and_by_near_same_text(server, add, news_db, make_watcher):
    server.routes["/one.xml"] = two_item_feed(server)
    title, paragraphs = samples.ARTICLES["starmer"]
    reworded = [p.replace("on Sunday", "on Sunday evening") for p in paragraphs]
    samples.ARTICLES["starmer-copy"] = (title, reworded)
    try:
        server.routes["/copy/starmer"] = Reply(
            samples.page("starmer-copy"), content_type="text/html"
        )
    finally:
        del samples.ARTICLES["starmer-copy"]
    server.routes["/two.xml"] = Reply(
        samples.rss(
            [
                {"title": "Same URL, other feed", "link": server.url("/a/fred"), "guid": "x-1"},
                {"title": title, "link": server.url("/copy/starmer"), "guid": "x-2"},
            ]
        )
    )
    one = add(server.url("/one.xml"))
    two = add(server.url("/two.xml"))
    w = make_watcher()
    reports = {r.feed_id: r.outcome for r in poll_due(w)}
    assert reports[one].new == 2
    o = reports[two]
    assert (o.new, o.duplicates, o.seen, o.failed) == (0, 2, 0, 0)
    assert len(sources(news_db)) == 2
    copy = next(r for r in item_rows(news_db) if r["guid"] == "x-2")
    assert copy["status"] == "duplicate"
    assert copy["duplicate_of"] == next(s.id for s in sources(news_db) if s.title == title)
    assert 0.7 <= copy["similarity"] < 1.0
    # the same URL (less its tracking parameter) from another feed: not fetched, no row
    assert server.hits("/a/fred") == []
    assert [r["guid"] for r in item_rows(news_db) if r["feed_id"] == two] == ["x-2"]


def test_an_article_ingested_by_hand_is_not_taken_again(server, add, news_db, make_watcher):
    from muster.ingest.article import read_pasted
    from muster.store import news

    title, paragraphs = samples.ARTICLES["frederiksen"]
    from datetime import date

    with transaction(news_db) as s:
        article = read_pasted(
            "\n\n".join(paragraphs), day=date(2025, 3, 3), kind="txt", title=title
        )
        news.store_article(s, article, news.propose(s, article), name=news.PASTED, who="user:ana")
    server.routes["/feed.xml"] = two_item_feed(server)
    add(server.url("/feed.xml"))
    (r,) = poll_due(make_watcher())
    assert (r.outcome.new, r.outcome.duplicates) == (1, 1)
    assert len(sources(news_db)) == 2


def test_a_malformed_item_and_an_unreadable_one_fail_alone(server, add, news_db, make_watcher):
    server.routes["/feed.xml"] = Reply(
        samples.rss(
            [
                {"title": "neither link nor guid"},
                {"title": "binary page", "link": server.url("/bin"), "guid": "g-bin",
                 "description": "\x01" * 3},
                {"title": STARMER_TITLE, "link": server.url("/a/starmer"), "guid": "g-1"},
            ]
        ).replace(b"\x01\x01\x01", b"")
    )  # fmt: skip
    server.routes["/bin"] = Reply(b"\x00\x01\x02" * 100, content_type="application/octet-stream")
    server.routes["/a/starmer"] = Reply(samples.page("starmer"), content_type="text/html")
    add(server.url("/feed.xml"))
    (r,) = poll_due(make_watcher())
    o = r.outcome
    assert (o.status, o.fetched, o.new, o.failed) == ("ok", 3, 1, 2)
    assert o.error == "1 item(s) with neither a link nor a guid were skipped"
    failed = next(x for x in item_rows(news_db) if x["guid"] == "g-bin")
    assert failed["status"] == "failed"
    assert failed["error"].startswith("no article text")


def test_an_item_without_text_is_tried_again_then_given_up(server, add, news_db, make_watcher):
    server.routes["/feed.xml"] = Reply(
        samples.rss([{"title": "later", "link": server.url("/later"), "guid": "g-later"}])
    )
    add(server.url("/feed.xml"))
    w = make_watcher()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        (r,) = poll_due(w, every=True)
        assert r.outcome.failed == 1, attempt
        (row,) = item_rows(news_db)
        assert row["attempts"] == attempt
        assert row["error"] == "the item's page: HTTP 404 Not Found"
    (r,) = poll_due(w, every=True)
    assert (r.outcome.failed, r.outcome.seen) == (0, 1)
    server.routes["/later"] = Reply(samples.page("starmer"), content_type="text/html")
    (r,) = poll_due(w, every=True)
    assert r.outcome.seen == 1  # given up after MAX_ATTEMPTS: not fetched again


def test_a_page_that_comes_back_is_taken_on_the_next_try(server, add, news_db, make_watcher):
    server.routes["/feed.xml"] = Reply(
        samples.rss([{"title": STARMER_TITLE, "link": server.url("/later"), "guid": "g-later"}]),
        etag='"unchanged"',  # the feed does not change: the retry must not wait for it to
    )
    add(server.url("/feed.xml"))
    w = make_watcher()
    (r,) = poll_due(w)
    assert r.outcome.failed == 1
    server.routes["/later"] = Reply(samples.page("starmer"), content_type="text/html")
    (r,) = poll_due(w, every=True)
    assert r.outcome.new == 1
    (row,) = item_rows(news_db)
    assert (row["status"], row["attempts"], row["error"]) == ("new", 2, None)


def test_items_beyond_the_per_poll_limit_wait_for_the_next_poll(server, add, news_db, make_watcher):
    # with an ETag: the feed does not change, yet the next poll must see the item left over
    server.routes["/feed.xml"] = two_item_feed(server, etag='"same"')
    add(server.url("/feed.xml"))
    w = make_watcher(limits=loopback(max_items=1))
    (r,) = poll_due(w)
    assert (r.outcome.new, r.outcome.fetched) == (1, 2)
    assert r.outcome.error is not None
    assert "1 new item(s) left for the next poll" in r.outcome.error
    assert server.requests[-1].headers.get("If-None-Match") is None
    (r,) = poll_due(w, every=True)
    assert (r.outcome.status, r.outcome.new, r.outcome.seen) == ("ok", 1, 1)
    (r,) = poll_due(w, every=True)  # nothing left over: the validators are used again
    assert r.outcome.status == "not_modified"


def test_two_watchers_at_once_store_each_item_once(server, add, news_db, make_watcher):
    """Both watchers hold the lease (one name), so both take every item at the same moment:
    only the database's unique keys stand between them and a second copy."""
    items = []
    for name, page in samples.real_pages(6):
        server.routes[f"/r/{name}"] = Reply(page, content_type="text/html", delay_s=0.2)
        items.append({"title": name, "link": server.url(f"/r/{name}"), "guid": name})
    server.routes["/race.xml"] = Reply(samples.rss(items))
    feed_id = add(server.url("/race.xml"))
    with transaction(news_db, write=False) as s:
        feed = feed_store.get_feed(session=s, feed_id=feed_id)
    watchers = [make_watcher(name="same-lease", seed=i) for i in range(2)]
    reports = []
    start = threading.Barrier(2)

    def run(w):
        start.wait()
        reports.append(poll_feed(w, feed))

    threads = [threading.Thread(target=run, args=(w,)) for w in watchers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(reports) == 2
    assert sum(r.outcome.new for r in reports) == 6
    taken = [r.outcome.new + r.outcome.duplicates + r.outcome.seen for r in reports]
    assert taken == [6, 6]
    # the pages took 0.2 s each: both watchers were past their reads when they inserted, so
    # the loser learnt of each item only from the database refusing its row
    assert sorted(r.outcome.duplicates for r in reports)[1] >= 1
    stored = sources(news_db)
    assert len(stored) == 6
    assert len({s.text for s in stored}) == 6
    rows = item_rows(news_db)
    assert sorted(r["guid"] for r in rows) == sorted(i["guid"] for i in items)
    with news_db.connect() as c:
        statements = c.execute(
            sa.select(sa.func.count()).select_from(TABLES[Statement].table)
        ).scalar()
    assert statements == len(proposed(news_db))
    assert all(s.status is StatementStatus.PROPOSED for s in proposed(news_db))


def test_a_lease_keeps_a_second_watcher_off_a_feed(server, add, news_db, make_watcher, clock):
    server.routes["/feed.xml"] = two_item_feed(server)
    feed_id = add(server.url("/feed.xml"))
    with transaction(news_db) as s:
        now = clock()
        assert feed_poll.take_lease(
            session=s, feed_id=feed_id, owner="other", at=now, until=now + timedelta(minutes=5)
        )
    assert poll_due(make_watcher(name="me")) == []
    clock.advance(minutes=10)  # the other watcher's lease ran out: it died mid-poll
    (r,) = poll_due(make_watcher(name="me"))
    assert r.outcome.new == 2


def test_the_loop_polls_then_waits_for_the_next_due_feed(server, add, news_db, make_watcher, clock):
    from muster.feeds import watch as watch_module

    server.routes["/feed.xml"] = two_item_feed(server)
    add(server.url("/feed.xml"), every=1)
    w = make_watcher()
    stop = threading.Event()
    pauses: list[float] = []
    reports = []

    def wait(seconds: float) -> None:
        pauses.append(seconds)
        clock.advance(seconds=seconds)  # time passes only when the loop waits: no sleeping
        if len(pauses) == 2:
            stop.set()

    watch_module.watch(w, stop=stop, wait=wait, report=reports.append)
    assert [r.outcome.new for r in reports] == [2, 0]  # due at once, then after ~1 minute
    assert reports[1].outcome.seen == 2
    # the first wait is until the feed is next due: one minute ± 10 %, less the seconds the
    # test clock ticked while polling
    assert 40 <= pauses[0] <= 66
    assert all(1.0 <= p <= watch_module.IDLE_S for p in pauses)


def test_a_failing_round_is_logged_and_the_loop_goes_on(monkeypatch, make_watcher, caplog):
    from muster.feeds import watch as watch_module

    calls = []

    def broken(w, every=False):
        calls.append(1)
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(watch_module, "poll_due", broken)
    stop = threading.Event()
    pauses: list[float] = []

    def wait(seconds: float) -> None:
        pauses.append(seconds)
        if len(pauses) == 2:
            stop.set()

    watch_module.watch(make_watcher(), stop=stop, wait=wait)
    assert len(calls) == 2
    assert pauses == [watch_module.IDLE_S, watch_module.IDLE_S]
    assert "a round of the feed watcher failed" in caplog.text


def test_items_in_other_languages_are_read_or_refused_by_name(server, add, news_db, make_watcher):
    german = (
        "<p>In der Fragestunde des Bundestags ließ Bundeskanzler Friedrich Merz offen, ob er "
        "deutsche Soldaten in die Ukraine schicken will.</p><p>Polen wird keine Soldaten "
        "schicken, sagte der polnische Verteidigungsminister.</p>"
    )
    portuguese = (
        "<p>O primeiro-ministro português disse que Portugal está disponível para enviar "
        "militares para a Ucrânia depois de um cessar-fogo, mas apenas com garantias.</p>"
    )
    server.routes["/atom.xml"] = Reply(
        samples.atom(
            [{"title": "Merz", "id": "urn:de", "link": server.url("/gone-de"), "content": german},
             {"title": "Portugal", "id": "urn:pt", "link": server.url("/gone-pt"),
              "content": portuguese}],
        ),
        content_type="application/atom+xml",
    )  # fmt: skip
    add(server.url("/atom.xml"))
    (report,) = poll_due(make_watcher())
    assert (report.outcome.new, report.outcome.failed) == (1, 1)
    (src,) = sources(news_db)
    assert src.language == "de"
    found = {st.nation: st for st in proposed(news_db)}
    assert found["POL"].stance.value == "skeptical"
    assert all(st.language == "de" for st in found.values())
    refused = next(x for x in item_rows(news_db) if x["guid"] == "urn:pt")
    assert refused["status"] == "failed"
    assert "language pt is not supported; supported:" in refused["error"]
