"""The README's CLI reference and configuration table match `--help` and Settings."""

from pathlib import Path

from muster.cli import reference

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_cli_reference_matches_help():
    current = README.read_text(encoding="utf-8")
    assert reference.render(current) == current, "README is out of date: run `make docs`"


def test_every_setting_is_documented():
    from muster.settings import Settings

    text = README.read_text(encoding="utf-8")
    missing = [n for n in Settings.model_fields if f"MUSTER_{n.upper()}" not in text]
    assert missing == []
