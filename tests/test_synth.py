"""`muster.synth`: valid, realistic, and the same seed gives the same dataset and file."""

import json
from collections import Counter

import numpy as np
import pytest
from typer.testing import CliRunner

from muster.cli import app
from muster.domain import ConditionStatus, PledgeStatus, stances_as_of, to_record
from muster.errors import InvalidInput
from muster.synth import synth

runner = CliRunner()


def make(seed=7, **kw):
    size = dict(nations=25, pledges=600, lines=120, conditions=40) | kw
    return synth(**size, rng=np.random.default_rng(seed))


def records(ds):
    return {name: [to_record(o) for o in items] for name, items in ds.collections()}


def test_synthetic_dataset_is_valid_and_sized():
    ds = make()
    assert ds.check() == []
    assert (len(ds.nations), len(ds.pledges), len(ds.requirement_lines), len(ds.conditions)) == (
        25,
        600,
        120,
        40,
    )


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_large_and_tiny_sizes_are_valid(seed):
    assert make(seed, nations=2, pledges=1, lines=1, conditions=2).check() == []
    assert make(seed, nations=60, pledges=2000, lines=400, conditions=100).check() == []


def test_same_seed_same_dataset_other_seed_other_dataset():
    assert records(make(11)) == records(make(11))
    assert records(make(11)) != records(make(12))


def test_nations_use_user_assigned_codes_never_real_states():
    ds = make(nations=700)
    codes = [n.iso3 for n in ds.nations]
    assert all(c[0] in "XQ" for c in codes)
    assert len(set(codes)) == 700
    assert {"GBR", "FRA", "DEU"}.isdisjoint(codes)


def test_conditions_are_shared_correlated_and_chained():
    ds = make()
    uses = Counter(c for p in ds.pledges for c in p.conditions)
    # Conditions are shared by many pledges: the most used one gates at least 10 % of them.
    assert uses.most_common(1)[0][1] >= 60
    # Distinct condition sets are far fewer than pledges (nations offer a few packages).
    assert len({p.conditions for p in ds.pledges}) < len(ds.pledges) / 4
    groups = Counter(c.group for c in ds.conditions if c.group)
    assert max(groups.values()) >= 2
    peace = ds.index("conditions")["peace-signed"]
    assert peace.prerequisites == ("truce-agreed",)
    statuses = {c.status for c in ds.conditions}
    assert ConditionStatus.UNKNOWN in statuses
    assert statuses & {ConditionStatus.HOLDS, ConditionStatus.FAILS}


def test_mixed_statuses_caveats_substitutions_and_phases():
    ds = make()
    assert {p.status for p in ds.pledges} == set(PledgeStatus)
    assert len({p.classification for p in ds.pledges}) == 3
    assert any(p.caveats for p in ds.pledges)
    assert any(r.required_tags for r in ds.requirement_lines)
    assert any(r.excluded_tags for r in ds.requirement_lines)
    assert any(s.efficiency < 1 for c in ds.capabilities for s in c.substitutes)
    assert any(s.efficiency == 1 for c in ds.capabilities for s in c.substitutes)
    assert len(ds.phases) == 4
    assert any(len(p.phases) > 1 for p in ds.pledges)
    assert any(p.valid_to is not None for p in ds.pledges)
    assert all(p.illustrative for p in ds.pledges)
    assert all(r.illustrative for r in ds.requirement_lines)


def test_every_nation_has_a_stance():
    ds = make()
    last = max(s.date for s in ds.statements)
    assert set(stances_as_of(ds.statements, last)) == {n.iso3 for n in ds.nations}


def test_bad_sizes_name_the_field():
    with pytest.raises(InvalidInput) as e:
        synth(nations=1, pledges=0, lines=5, conditions=5, rng=np.random.default_rng(0))
    text = str(e.value)
    assert "nations" in text
    assert "pledges" in text
    assert "lines" not in text


def test_cli_writes_the_same_file_for_the_same_seed(tmp_path):
    args = ["synth", "--nations", "8", "--pledges", "50", "--lines", "20", "--conditions", "10"]
    a, b, c = tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"
    for path, seed in ((a, "5"), (b, "5"), (c, "6")):
        result = runner.invoke(app, [*args, "--seed", seed, str(path)])
        assert result.exit_code == 0, result.output
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    data = json.loads(a.read_text())
    assert len(data["pledges"]) == 50


def test_cli_refuses_a_bad_size_with_usage_error(tmp_path):
    result = runner.invoke(app, ["synth", "--nations", "0", str(tmp_path / "x.json")])
    assert result.exit_code == 2
    assert "--nations" in result.output


def test_cli_writes_other_formats_that_read_back_the_same(tmp_path):
    from muster.interchange import read_dataset

    args = ["synth", "--nations", "5", "--pledges", "30", "--lines", "12", "--conditions", "6"]
    for name in ("s.zip", "s.xlsx"):
        result = runner.invoke(app, [*args, "--seed", "2", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
        back = read_dataset(tmp_path / name)
        want = make(2, nations=5, pledges=30, lines=12, conditions=6)
        assert records(back.sorted()) == records(want.sorted())
