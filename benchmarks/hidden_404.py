"""Does a hidden pledge answer 404 in the time an absent one does? (issue 13, finding 5)

In process, on the demo coalition in a SQLite file: a delegate asks for another nation's
`national` pledge (hidden from it) and for an id no row has, interleaved, 300 times each, through
the real app (`TestClient`, bearer token). Prints the median and p90 of each and the ratio of
the medians; the absent id is the baseline, measured in the same run. The difference of the
medians should be within the noise (the spread between the two halves of the baseline run).
`tests/web/api/test_attacker.py` checks the functional side: both run the same SQL.

Run: `python -m benchmarks.hidden_404 [--requests 300]`.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from muster.auth import Role, User, can_read
from muster.data import demo_dataset
from muster.settings import Settings
from muster.store import import_dataset, make_engine, transaction, upgrade
from muster.store import user as user_store
from muster.web.app import create_app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args(argv or [])
    ds = demo_dataset()
    reader = User(name="bench-delegate", role=Role.DELEGATE, nation="GBR")
    hidden = next(p.id for p in ds.pledges if not can_read(reader, p))
    absent = "p-no-such-pledge"
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        settings = Settings(env="test", database_url=url)
        engine = make_engine(settings)
        upgrade(engine)
        with transaction(engine) as s:
            import_dataset(session=s, dataset=ds, who="process:bench", reason="benchmark")
            user_store.add_user(
                session=s,
                username=reader.name,
                password="a long bench password 1",
                role="delegate",
                nation="GBR",
            )
            _, token = user_store.create_token(
                session=s, username=reader.name, name="bench", scope="read"
            )
        app = create_app(settings, engine=engine)
        times: dict[str, list[float]] = {hidden: [], absent: []}
        with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
            for key in (hidden, absent) * 20:  # warm-up
                client.get(f"/api/v1/pledges/{key}")
            for _ in range(args.requests):
                for key in (hidden, absent):
                    started = time.perf_counter()
                    r = client.get(f"/api/v1/pledges/{key}")
                    times[key].append((time.perf_counter() - started) * 1000)
                    assert r.status_code == 404, r.text
        app.state.jobs.shutdown()
        engine.dispose()
    for name, key in (("hidden", hidden), ("absent (baseline)", absent)):
        ms = sorted(times[key])
        print(
            f"{name:18} median {statistics.median(ms):7.3f} ms  "
            f"p90 {ms[int(len(ms) * 0.9)]:7.3f} ms  n={len(ms)}"
        )
    base = times[absent]
    half = len(base) // 2
    noise = abs(statistics.median(base[:half]) - statistics.median(base[half:]))
    gap = statistics.median(times[hidden]) - statistics.median(base)
    ratio = statistics.median(times[hidden]) / statistics.median(base)
    print(
        f"hidden - absent: {gap:+.3f} ms (ratio {ratio:.3f}); baseline halves differ by "
        f"{noise:.3f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
