"""Subscriptions end to end on both databases: a real webhook receiver and a real SMTP server on
127.0.0.1, signed deliveries, retries and parking, and nobody told about a row they may not read.
"""

import base64
import email
import email.policy
import hashlib
import hmac
import json
import random
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from muster.app import subscription as subs
from muster.app.delivery import Worker, backoff, sign, verify
from muster.app.events import dispatch
from muster.data import demo_dataset
from muster.domain import PledgeStatus, Stance, Statement, StatementStatus, stances_as_of
from muster.errors import InvalidInput, NotFound
from muster.settings import Settings
from muster.store import import_dataset, make_engine, service, transaction
from muster.store import subscription as store
from muster.store import user as user_store
from muster.store.schema import outbox

PASSWORD = "correct horse battery staple"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 2, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Receiver:
    """A webhook receiver on 127.0.0.1 answering `status` (a list: one per request, the last
    repeats), recording every request's headers and raw body."""

    url: str = ""
    status: list[int] = field(default_factory=lambda: [204])
    requests: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            found.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
            code = found.status.pop(0) if len(found.status) > 1 else found.status[0]
            self.send_response(code)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    found.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield found
    server.shutdown()
    server.server_close()


class Inbox:
    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.messages.append(envelope.content)
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[Controller, Inbox]]:
    inbox = Inbox()
    with (
        socket.socket() as probe
    ):  # a free port (aiosmtpd checks readiness on the port it is given)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield controller, inbox
    controller.stop()


@dataclass
class World:
    engine: sa.Engine
    settings: Settings
    clock: Clock

    def worker(self) -> Worker:
        return Worker(self.engine, self.settings, clock=self.clock)

    def run(self) -> dict[str, int]:
        w = self.worker()
        try:
            return w.run_once().as_dict()
        finally:
            w.close()

    def user(self, name: str):  # the principal a request would act as
        with transaction(self.engine, write=False) as s:
            return user_store.get_user(session=s, username=name).principal()

    def subscribe(self, who: str, **kw) -> subs.NewSubscription:
        with transaction(self.engine) as s:
            return subs.add(session=s, user=self.user(who), allow_private=True, **kw)


@pytest.fixture
def world(db_url: str) -> Iterator[World]:
    settings = Settings(
        database_url=db_url, env="test", delivery_backoff_s=10, delivery_max_attempts=3
    )
    engine = make_engine(settings)
    with transaction(engine) as s:
        import_dataset(session=s, dataset=demo_dataset(), who="process:test", reason="fixture")
        for name, role, nation in (
            ("planner", "planner", None),
            ("gbr-delegate", "delegate", "GBR"),
            ("fra-delegate", "delegate", "FRA"),
            ("viewer", "viewer", None),
        ):
            user_store.add_user(
                session=s, username=name, password=PASSWORD, role=role, nation=nation
            )
    yield World(engine, settings, Clock())
    engine.dispose()


def accept_statement(world: World, nation: str, stance: Stance, day: date) -> str:
    """A new accepted statement for `nation`, recorded now: its stance on `day` on."""
    statement = Statement(
        id=f"st-test-{nation.lower()}-{day.isoformat()}",
        nation=nation,
        date=day,
        stance=stance,
        quote=f"{nation} says it is {stance.value}",
        entered_by="analyst",
    )
    with transaction(world.engine) as s:
        service.create(session=s, obj=statement, who="user:analyst", reason="press conference")
    return statement.id


def test_a_stance_change_reaches_a_webhook_correctly_signed(world, receiver):
    made = world.subscribe(
        "planner",
        name="Germany",
        targets=["nation:DEU"],
        events=["stance.changed"],
        channel="webhook",
        address=receiver.url,
    )
    assert made.secret is not None
    assert made.secret.startswith("whsec_")
    statement = accept_statement(world, "DEU", Stance.WILLING, date(2026, 1, 20))
    accept_statement(world, "ITA", Stance.WILLING, date(2026, 1, 20))  # not subscribed to
    done = world.run()
    assert done["delivered"] == 1
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    # the signature, computed here from the Standard Webhooks rule, not by Muster's code
    key = base64.b64decode(made.secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert headers["webhook-signature"] == expected
    assert int(headers["webhook-timestamp"]) == int(world.clock.now.timestamp())
    assert verify(made.secret, headers, body, now=world.clock.now.timestamp())
    assert not verify(made.secret, headers, body + b" ", now=world.clock.now.timestamp())
    assert not verify(made.secret, headers, body, now=world.clock.now.timestamp() + 301)
    event = json.loads(body)
    assert event["type"] == "stance.changed"
    assert event["data"]["nation"] == "DEU"
    before = stances_as_of(demo_dataset().statements, date(2026, 1, 19))["DEU"]
    assert event["data"]["from"] == before.stance.value  # Germany's last stance in the demo
    assert event["data"]["to"] == Stance.WILLING.value
    assert event["data"]["statement"]["id"] == statement
    assert event["data"]["who"] == "user:analyst"
    # the attempt is logged; a second pass sends nothing again
    with transaction(world.engine, write=False) as s:
        log = subs.recent(session=s, user=world.user("planner")).as_dict()["items"]
    assert [(d["state"], d["attempts"]) for d in log] == [("delivered", 1)]
    assert [(a["status"], a["error"]) for a in log[0]["attempt_log"]] == [(204, None)]
    assert world.run()["delivered"] == 0
    assert len(receiver.requests) == 1


def test_another_nations_hidden_pledge_delivers_nothing(world, receiver):
    everything = ["stance.changed", "pledge.withdrawn", "gap.crossed", "condition.changed"]
    gbr = world.subscribe(
        "gbr-delegate",
        name="France",
        targets=["nation:FRA"],
        events=everything,
        channel="webhook",
        address=receiver.url + "/gbr",
    )
    gbr_gaps = world.subscribe(
        "gbr-delegate",
        name="All gaps",
        targets=[],
        events=["gap.crossed", "pledge.withdrawn"],
        threshold=0.001,
        channel="webhook",
        address=receiver.url + "/gbr-gaps",
    )
    fra = world.subscribe(
        "fra-delegate",
        name="Our pledges",
        targets=["nation:FRA"],
        events=["pledge.withdrawn"],
        channel="webhook",
        address=receiver.url + "/fra",
    )
    with transaction(world.engine) as s:  # p-fra-ad is France's national pledge
        service.set_pledge_status(
            session=s,
            pledge_id="p-fra-ad",
            status=PledgeStatus.WITHDRAWN,
            who="user:fra-delegate",
            reason="recalled",
        )
    world.run()
    paths = [h for h, _ in receiver.requests]
    bodies = [json.loads(b) for _, b in receiver.requests]
    assert len(bodies) == 1  # France's own delegation only
    assert bodies[0]["data"]["pledge"] == "p-fra-ad"
    with transaction(world.engine, write=False) as s:
        for made in (gbr, gbr_gaps):
            found = store.recent_deliveries(
                session=s, username="gbr-delegate", subscription_id=made.subscription.id
            )
            assert found == []
        count = s.execute(sa.text("select count(*) from deliveries")).scalar_one()
    assert count == 1
    assert fra.subscription.id in {  # and it went to France's receiver
        d.subscription_id for d in _all_deliveries(world)
    }
    assert paths  # the one request above


def _all_deliveries(world: World) -> list[store.DeliveryRecord]:
    with transaction(world.engine, write=False) as s:
        out = []
        for name in ("planner", "gbr-delegate", "fra-delegate", "viewer"):
            out += store.recent_deliveries(session=s, username=name)
        return out


def test_a_gap_crossing_is_told_on_the_readers_own_figures(world, receiver):
    planner = world.subscribe(
        "planner",
        name="Gaps",
        events=["gap.crossed"],
        targets=[],
        channel="webhook",
        address=receiver.url,
        threshold=0.001,  # any coverage at all
    )
    before = planner.subscription  # baseline measured at creation
    with transaction(world.engine, write=False) as s:
        lines = store.get_subscription(session=s, subscription_id=before.id).state["lines"]
    covered = {k for k, v in lines.items() if v > 0}
    # withdraw every pledge that fills a covered line of France's: coverage of one falls to 0
    with transaction(world.engine) as s:
        service.set_pledge_status(
            session=s,
            pledge_id="p-fra-ad",
            status=PledgeStatus.WITHDRAWN,
            who="user:fra-delegate",
            reason="recalled",
        )
    world.run()
    with transaction(world.engine, write=False) as s:
        after = store.get_subscription(session=s, subscription_id=before.id).state["lines"]
    dropped = {k for k in covered if after.get(k, 0) == 0}
    events = [json.loads(b) for _, b in receiver.requests]
    assert {e["data"]["line"] for e in events} == dropped
    assert all(e["data"]["direction"] == "below" for e in events)


def test_failures_are_retried_with_backoff_then_parked(world, receiver):
    receiver.status = [500]
    world.subscribe(
        "planner",
        name="All",
        targets=[],
        events=["stance.changed"],
        channel="webhook",
        address=receiver.url,
    )
    accept_statement(world, "DEU", Stance.WILLING, date(2026, 1, 20))
    first = world.run()
    assert first["failed"] == 1
    assert world.run()["failed"] == 0  # not due yet: the back-off holds it
    world.clock.now += timedelta(seconds=10 * 2**1)  # beyond the longest jittered first delay
    assert world.run()["failed"] == 1
    world.clock.now += timedelta(seconds=10 * 2**2)
    assert world.run()["parked"] == 1
    world.clock.now += timedelta(days=1)
    assert world.run()["parked"] == 0
    assert len(receiver.requests) == 3
    assert len({h["webhook-id"] for h, _ in receiver.requests}) == 1  # one id for every retry
    with transaction(world.engine, write=False) as s:
        [d] = store.recent_deliveries(session=s, username="planner")
        attempts = store.attempts_of(session=s, delivery_ids=[d.id])
    assert (d.state, d.attempts, d.last_error) == ("parked", 3, "HTTP 500")
    assert [(a.attempt, a.status, a.error) for a in attempts] == [
        (1, 500, "HTTP 500"),
        (2, 500, "HTTP 500"),
        (3, 500, "HTTP 500"),
    ]
    assert all(a.latency_ms >= 0 for a in attempts)


def test_backoff_doubles_and_jitters_within_half():
    rng = random.Random(7)
    for attempt in range(1, 6):
        delay = 30 * 2 ** (attempt - 1)
        waits = [backoff(attempt, 30, rng) for _ in range(50)]
        assert all(delay / 2 <= w <= delay for w in waits)
        assert len(set(waits)) > 1


def test_a_rolled_back_change_tells_no_one(world, receiver):
    world.subscribe(
        "planner", name="All", targets=[], events=["stance.changed"], channel="webhook",
        address=receiver.url,
    )  # fmt: skip

    def change_then_fail() -> None:
        with transaction(world.engine) as s:
            service.create(
                session=s,
                obj=Statement(
                    id="st-rolled-back",
                    nation="DEU",
                    date=date(2026, 1, 20),
                    stance=Stance.LEAD,
                    quote="never said",
                    entered_by="analyst",
                ),
                who="user:analyst",
                reason="oops",
            )
            assert s.execute(sa.select(sa.func.count()).select_from(outbox)).scalar_one() == 1
            raise RuntimeError("abort")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert world.run()["deliveries"] == 0
    assert receiver.requests == []


def test_an_email_digest_goes_through_a_real_smtp_server(world, smtp):
    controller, inbox = smtp
    world.settings = world.settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": controller.port,
            "smtp_security": "none",
            "digest_minutes": 60,
            "smtp_from": "muster@example.org",
        }
    )
    world.subscribe(
        "viewer",
        name="Stances",
        targets=[],
        events=["stance.changed"],
        channel="email",
        address="viewer@example.org",
    )
    accept_statement(world, "DEU", Stance.WILLING, date(2026, 1, 20))
    accept_statement(world, "ITA", Stance.WILLING, date(2026, 1, 20))
    done = world.run()
    assert (done["digests"], done["delivered"]) == (1, 2)
    [raw] = inbox.messages
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["To"] == "viewer@example.org"
    text = message.get_content()
    before = stances_as_of(demo_dataset().statements, date(2026, 1, 19))
    for nation in ("DEU", "ITA"):
        assert f"{nation}: stance {before[nation].stance.value} → willing" in text
    assert "ITA: stance" in text
    # the next change waits for the digest period, then goes in the next digest
    accept_statement(world, "POL", Stance.WILLING, date(2026, 1, 21))
    assert world.run()["digests"] == 0
    world.clock.now += timedelta(minutes=61)
    assert world.run()["digests"] == 1
    last = email.message_from_bytes(inbox.messages[-1], policy=email.policy.default)
    assert "POL: stance" in last.get_content()


def test_a_disabled_subscriber_is_told_nothing(world, receiver):
    world.subscribe(
        "viewer", name="All", targets=[], events=["stance.changed"], channel="webhook",
        address=receiver.url,
    )  # fmt: skip
    accept_statement(world, "DEU", Stance.WILLING, date(2026, 1, 20))
    with transaction(world.engine) as s:  # dispatched, then the account is disabled
        assert dispatch(session=s, now=world.clock.now).deliveries == 1
        user_store.set_disabled(session=s, username="viewer", disabled=True)
    done = world.run()
    assert (done["delivered"], done["withheld"]) == (0, 1)
    assert receiver.requests == []
    with transaction(world.engine, write=False) as s:
        assert store.recent_deliveries(session=s, username="viewer") == []


def test_bad_subscriptions_are_refused_with_every_problem(world):
    with pytest.raises(InvalidInput) as e:
        world.subscribe(
            "planner",
            name="",
            targets=["nation:XXX", "planet:mars"],
            events=["stance.changed", "weather"],
            channel="webhook",
            address="ftp://example.org",
            threshold=120,
        )
    fields = sorted(p.field for p in e.value.problems)
    assert fields == ["address", "events", "name", "targets", "targets", "threshold"]
    with pytest.raises(InvalidInput, match="http"):
        world.subscribe(
            "planner", name="x", targets=[], events=["stance.changed"], channel="webhook",
            address="http://[::1/hook",
        )  # fmt: skip
    with pytest.raises(InvalidInput, match="e-mail"):
        world.subscribe(
            "planner",
            name="x",
            targets=[],
            events=["stance.changed"],
            channel="email",
            address="a@b.c\nBcc: everyone@example.org",
        )


def test_text_no_database_can_hold_is_refused(world, receiver):
    for bad in ("a\x00b", "a\ud800b"):
        with pytest.raises(InvalidInput, match=r"NUL|surrogate"):
            world.subscribe(
                "planner", name=bad, targets=[], events=["stance.changed"], channel="webhook",
                address=receiver.url,
            )  # fmt: skip
    with transaction(world.engine) as s, pytest.raises(NotFound):
        subs.one(session=s, user=world.user("planner"), subscription_id="sub_\x00")


def test_a_subscription_is_its_owners_alone(world, receiver):
    made = world.subscribe(
        "planner", name="All", targets=[], events=["stance.changed"], channel="webhook",
        address=receiver.url,
    )  # fmt: skip
    with transaction(world.engine) as s:
        with pytest.raises(NotFound):
            subs.remove(session=s, user=world.user("viewer"), subscription_id=made.subscription.id)
        assert [x.id for x in subs.mine(session=s, user=world.user("viewer"))] == []
        subs.remove(session=s, user=world.user("planner"), subscription_id=made.subscription.id)
        assert subs.mine(session=s, user=world.user("planner")) == []


def test_sign_matches_the_standard_webhooks_example():
    # The example of the Standard Webhooks specification (github.com/standard-webhooks).
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    body = b'{"test": 2432232314}'
    assert (
        sign(secret, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
        == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    )


def test_proposals_reach_those_who_may_see_the_review_queue(world, receiver):
    with transaction(world.engine) as s:
        user_store.add_user(session=s, username="analyst", password=PASSWORD, role="analyst")
    for who in ("analyst", "viewer"):
        world.subscribe(
            who, name="Queue", targets=["nation:ITA"], events=["proposal.created"],
            channel="webhook", address=f"{receiver.url}/{who}",
        )  # fmt: skip
    proposed = Statement(
        id="st-proposed-ita",
        nation="ITA",
        date=date(2026, 1, 20),
        stance=Stance.WILLING,
        quote="Rome may send engineers",
        entered_by="analyst",
        status=StatementStatus.PROPOSED,
        confidence=0.6,
    )
    with transaction(world.engine) as s:
        service.create(session=s, obj=proposed, who="process:ingest", reason="from the news")
    world.run()
    bodies = [json.loads(b) for _, b in receiver.requests]
    assert [(b["type"], b["data"]["key"]) for b in bodies] == [
        ("proposal.created", "st-proposed-ita")
    ]
    with transaction(world.engine, write=False) as s:
        assert store.recent_deliveries(session=s, username="viewer") == []
        [mine] = store.recent_deliveries(session=s, username="analyst")
    assert mine.state == "delivered"
