"""The data commands end to end on a real database (both backends): init, import, export,
listings, history, demo; exit codes and one-line errors."""

import csv
import io
import json
from dataclasses import replace

import pytest
from typer.testing import CliRunner

from muster.cli import app
from muster.data import demo_dataset
from muster.domain import Dataset
from muster.interchange import read_dataset, write_dataset

runner = CliRunner()


@pytest.fixture
def env(empty_db_url, monkeypatch):
    """The CLI pointed at a fresh, empty database."""
    monkeypatch.setenv("MUSTER_DATABASE_URL", empty_db_url)
    monkeypatch.setenv("MUSTER_ENV", "test")
    return empty_db_url


def run(*args):
    return runner.invoke(app, list(args))


def ok(*args):
    result = run(*args)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def add_user(name, role, *extra):
    """A stored user of the database, added by the local admin."""
    result = runner.invoke(
        app,
        ["user", "add", name, "--role", role, *extra, "--password-stdin", "--local-admin"],
        input="a long enough passphrase\n",
    )
    assert result.exit_code == 0, result.stdout + result.stderr


def test_commands_on_a_database_not_set_up_say_what_to_run(env):
    result = run("nations")
    assert result.exit_code == 1
    assert "muster init" in result.stderr
    assert "Traceback" not in result.stderr


def test_init_loads_the_reference_nations_and_is_idempotent(env):
    first = ok("init")
    assert "created the database" in first.stdout
    nations = json.loads(ok("nations", "--json").stdout)
    assert {"GBR", "FRA", "UKR"} <= {n["iso3"] for n in nations}
    again = ok("init")
    assert "up to date" in again.stdout
    assert " 0 created" in again.stdout
    assert "(up to date)" in ok("migrate", "--status").stdout


def test_demo_twice_then_the_stances_contract(env):
    first = ok("demo", "--no-serve")
    assert "rows written" in first.stdout
    assert "older than" not in first.stdout
    assert "United Kingdom (GBR)" in first.stdout
    second = ok("demo", "--no-serve")
    assert "already loaded" in second.stdout
    assert "kept as you left them" not in second.stdout
    stances = json.loads(ok("stances", "--as-of", "2025-03-03", "--json").stdout)
    by_nation = {s["nation"]: s for s in stances}
    assert by_nation["GBR"]["stance"] == "lead"
    assert by_nation["HUN"]["stance"] == "opposed"
    for entry in stances:
        assert {"nation", "stance", "quote", "speaker", "date", "source"} <= set(entry)
        assert entry["date"] <= "2025-03-03"
    earlier = json.loads(ok("stances", "--as-of", "2025-02-01", "--json").stdout)
    assert len(earlier) < len(stances)


def test_demo_again_keeps_what_users_changed(env, tmp_path):
    ok("demo", "--no-serve")
    gbr = replace(demo_dataset().index("nations")["GBR"], name="Britain")
    edit = tmp_path / "edit.json"
    write_dataset(Dataset(nations=(gbr,)), edit)
    ok("import", str(edit), "--reason", "our name for it", "--local-admin")
    again = ok("demo", "--no-serve")
    assert "1 demo rows you changed were kept as you left them" in again.stdout
    names = {n["iso3"]: n["name"] for n in json.loads(ok("nations", "--json").stdout)}
    assert names["GBR"] == "Britain"


def test_restore_undoes_an_import(env, tmp_path):
    ok("demo", "--no-serve")
    before = {n["iso3"]: n["name"] for n in json.loads(ok("nations", "--json").stdout)}
    gbr = replace(demo_dataset().index("nations")["GBR"], name="Airstrip One")
    edit = tmp_path / "edit.json"
    write_dataset(Dataset(nations=(gbr,)), edit)
    ok("import", str(edit), "--reason", "a bad import", "--local-admin")
    add_user("bob", "admin")
    done = ok("restore", "nation", "GBR", "1", "--user", "bob", "--reason", "undo the import")
    assert done.stdout.strip() == "nation GBR: version 1 restored as version 3"
    names = {n["iso3"]: n["name"] for n in json.loads(ok("nations", "--json").stdout)}
    assert names == before
    last = json.loads(ok("history", "nation", "GBR", "--json").stdout)[-1]
    assert (last["who"], last["why"], last["after"]["name"]) == (
        "user:bob",
        "undo the import",
        before["GBR"],
    )
    again = ok("restore", "nation", "GBR", "3", "--local-admin")
    assert "nothing changed" in again.stdout
    missing = run("restore", "nation", "GBR", "9", "--local-admin")
    assert missing.exit_code == 1
    assert (
        missing.stderr.strip()
        == "error: nation 'GBR' has no version 9 you may read (you may read 1 to 3)"
    )


def test_listings_filter_and_print_json(env):
    ok("demo", "--no-serve")
    pledges = json.loads(ok("pledges", "--nation", "gbr", "--json").stdout)
    assert pledges
    assert {p["nation"] for p in pledges} == {"GBR"}
    expected = {p.id for p in demo_dataset().pledges if p.nation == "GBR"}
    assert {p["id"] for p in pledges} == expected
    accepted = json.loads(ok("statements", "--status", "accepted", "--json").stdout)
    assert accepted
    assert {s["status"] for s in accepted} == {"accepted"}
    assert "statements" in ok("statements", "--nation", "FRA").stdout
    bad = run("pledges", "--status", "promised")
    assert bad.exit_code == 1
    assert "--status: expected one of draft" in bad.stderr


def test_import_export_round_trip_with_dry_run_and_history(env, tmp_path):
    ok("init", "--empty")
    source = tmp_path / "demo.json"
    write_dataset(demo_dataset(), source)
    dry = json.loads(ok("import", str(source), "--dry-run", "--json", "--local-admin").stdout)
    assert dry["dry_run"] is True
    assert dry["created"] == demo_dataset().size
    assert json.loads(ok("nations", "--json").stdout) == []
    add_user("alice", "admin")
    ok("import", str(source), "--user", "alice", "--reason", "first load")
    out = tmp_path / "out.json"
    ok("export", str(out))
    assert out.read_bytes() == source.read_bytes()
    changes = json.loads(ok("history", "nation", "GBR", "--json").stdout)
    assert [(c["op"], c["who"], c["why"]) for c in changes] == [
        ("create", "user:alice", "first load")
    ]
    assert "create" in ok("history", "nations", "GBR").stdout


def test_export_recorded_at_and_as_of(env, tmp_path):
    ok("init", "--empty")
    before = tmp_path / "before.json"
    ok("export", str(before), "--recorded-at", "2000-01-01T00:00Z")
    assert read_dataset(before).size == 0
    source = tmp_path / "demo.json"
    write_dataset(demo_dataset(), source)
    ok("import", str(source), "--local-admin")
    now = tmp_path / "now.json"
    ok("export", str(now), "--recorded-at", "2999-01-01T12:00+01:00")
    assert read_dataset(now) == demo_dataset().sorted()
    summit = tmp_path / "summit.xlsx"
    ok("export", str(summit), "--as-of", "2025-03-03")
    dates = {s.date.isoformat() for s in read_dataset(summit).statements}
    assert max(dates) == "2025-03-03"


def test_bad_input_is_one_line_and_changes_nothing(env, tmp_path):
    ok("init", "--empty")
    for args, message in [
        (("stances", "--as-of", "2025-13-01"), "--as-of: expected a date as YYYY-MM-DD"),
        (("export", str(tmp_path / "x.json"), "--recorded-at", "yesterday"), "ISO timestamp"),
        (("history", "widget", "x"), "unknown entity 'widget'"),
        (("history", "nation", "XQQ"), "no history for nation 'XQQ'"),
        (("import", str(tmp_path / "missing.json"), "--local-admin"), "no such file"),
    ]:
        result = run(*args)
        assert result.exit_code == 1, args
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "format": "muster",
                "version": 1,
                "nations": [{"iso3": "XAA", "name": "A"}, {"iso3": "gb", "name": "B"}],
                "statements": [
                    {
                        "id": "s1",
                        "nation": "XQQ",
                        "date": "2025-03-03",
                        "stance": "lead",
                        "quote": "q",
                        "entered_by": "alice",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    result = run("import", str(bad), "--local-admin")
    assert result.exit_code == 1
    assert "bad.json" in result.stderr
    assert "iso3" in result.stderr
    assert json.loads(ok("nations", "--json").stdout) == []
    assert not (tmp_path / "x.json").exists()


def test_usage_errors_exit_2(env):
    assert run("export").exit_code == 2
    assert run("stances", "--no-such-option").exit_code == 2


def _pledges_rows(tmp_path):
    write_dataset(demo_dataset(), tmp_path / "pledges.csv")
    with (tmp_path / "pledges.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize(
    "case",
    [
        "wrong type",
        "missing column",
        "unknown nation",
        "duplicate key",
        "bad date",
        "latin-1",
        "truncated xlsx",
    ],
)
def test_malformed_files_give_located_errors_and_change_nothing(env, tmp_path, case):
    ok("demo", "--no-serve")
    before = tmp_path / "before.json"
    ok("export", str(before))
    rows = _pledges_rows(tmp_path)
    header = rows[0]
    target = tmp_path / "pledges.csv"
    expected = None
    if case == "wrong type":
        rows[1][header.index("quantity")] = "two battalions"
        expected = "two battalions"
    elif case == "missing column":
        cut = header.index("capability")
        rows = [[c for i, c in enumerate(r) if i != cut] for r in rows]
        expected = "capability"
    elif case == "unknown nation":
        rows[2][header.index("nation")] = "XQQ"
        expected = "XQQ"
    elif case == "duplicate key":
        rows.append(rows[1])
        expected = rows[1][header.index("id")]
    elif case == "bad date":
        rows[1][header.index("valid_from")] = "2025-02-30"
        expected = "2025-02-30"
    elif case == "latin-1":
        rows[1][header.index("note")] = "Vérifié à Paris"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    if case == "latin-1":
        target.write_bytes(buffer.getvalue().encode("latin-1", errors="replace"))
    elif case == "truncated xlsx":
        target = tmp_path / "coalition.xlsx"
        write_dataset(demo_dataset(), target)
        data = target.read_bytes()
        target.write_bytes(data[: len(data) // 2])
    else:
        target.write_text(buffer.getvalue(), encoding="utf-8")
    result = run("import", str(target), "--local-admin")
    if case == "latin-1" and result.exit_code == 0:
        # read as Latin-1: the note arrives intact, and nothing else changed
        pledge = rows[1][header.index("id")]
        notes = {p["id"]: p["note"] for p in json.loads(ok("pledges", "--json").stdout)}
        assert notes[pledge] == "Vérifié à Paris"
        return
    assert result.exit_code == 1, result.stdout
    assert target.name in result.stderr
    assert "Traceback" not in result.stderr
    if expected is not None:
        assert expected in result.stderr, result.stderr
        assert "row" in result.stderr or "column" in result.stderr, result.stderr
    after = tmp_path / "after.json"
    ok("export", str(after))
    assert after.read_bytes() == before.read_bytes()


def test_tables_for_people(env, tmp_path):
    ok("demo", "--no-serve")
    pledges = ok("pledges", "--nation", "GBR").stdout
    assert "p-gbr-inf" in pledges
    assert "illustrative" in pledges
    assert "Stances as of 2025-03-02" in ok("stances", "--as-of", "2025-03-02").stdout
    nations = ok("nations").stdout
    assert "United Kingdom" in nations
    source = tmp_path / "change.json"
    write_dataset(
        replace(
            demo_dataset(),
            nations=(
                replace(
                    demo_dataset().index("nations")["GBR"],
                    name="Britain",
                    aliases=(
                        "UK",
                        "Great Britain",
                        "the United Kingdom of Great Britain and Northern Ireland",
                        "Albion, as nobody calls it in a communiqué",
                    ),
                ),
            ),
        ),
        source,
    )
    ok("import", str(source), "--reason", "renamed", "--local-admin")
    shown = ok("history", "nation", "GBR").stdout
    assert "v2 update" in shown
    assert "renamed" in shown
    assert '"United Kingdom" → "Britain"' in shown
    assert "aliases" in shown


def test_demo_refreshes_an_older_stored_demo_and_reset_replaces_edits(env, tmp_path):
    from muster.settings import Settings
    from muster.store import service, transaction
    from muster.store.db import make_engine

    ok("demo", "--no-serve")
    # Make the stored demo look older: a row the demo process wrote differs from the shipped one.
    line = demo_dataset().requirement_lines[0]
    engine = make_engine(Settings(database_url=env, env="test"))
    with transaction(engine) as session:
        stored = service.get(session=session, entity=type(line), key=line.id)
        service.update(
            session=session,
            obj=replace(stored.obj, quantity=line.quantity + 1),
            expected_version=stored.version,
            who="process:demo",
            reason="an older demo",
        )
    engine.dispose()
    # And a user's own edit, which a refresh keeps.
    gbr = replace(demo_dataset().index("nations")["GBR"], name="Britain")
    edit = tmp_path / "edit.json"
    write_dataset(Dataset(nations=(gbr,)), edit)
    ok("import", str(edit), "--reason", "our name for it", "--local-admin")

    again = ok("demo", "--no-serve")
    assert "older than the one shipped" in again.stdout
    assert "1 rows written (0 added, 1 replaced)" in again.stdout
    assert "1 demo rows you changed were kept" in again.stdout
    ok("export", str(tmp_path / "out.json"))
    stored_lines = read_dataset(tmp_path / "out.json").index("requirement_lines")
    assert stored_lines[line.id] == line

    reset = ok("demo", "--no-serve", "--reset")
    assert "reset to the demo shipped" in reset.stdout
    names = {n["iso3"]: n["name"] for n in json.loads(ok("nations", "--json").stdout)}
    assert names["GBR"] == demo_dataset().index("nations")["GBR"].name
