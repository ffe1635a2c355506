"""`maraude plan` and `maraude validate-plan` as a coordinator runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.cli import main

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "planner"
SCENARIO = str(FIXTURES / "example-scenario.json")


def test_validate_plan_prints_the_objective(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["validate-plan", "--scenario", SCENARIO, "--plan", str(FIXTURES / "example-plan.json")]
    )
    out = capsys.readouterr()
    assert code == 0
    expected = json.loads((FIXTURES / "example-plan.json").read_text())["objective"]
    assert json.loads(out.out) == expected
    assert out.err == ""


def test_an_invalid_plan_exits_1_with_each_violation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = json.loads((FIXTURES / "example-plan.json").read_text())
    plan["rounds"][0]["stops"][0]["end"] = "2026-12-15T21:10:00+01:00"
    plan["rounds"].append(plan["rounds"][0])
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(plan))
    code = main(["validate-plan", "--scenario", SCENARIO, "--plan", str(broken)])
    out = capsys.readouterr()
    assert code == 1
    assert "shorter than 30 minutes" in out.err
    assert "two rounds at once" in out.err
    json.loads(out.out)  # the objective is printed all the same


def test_plan_writes_a_valid_plan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.json"
    code = main(
        [
            "plan",
            "--scenario",
            SCENARIO,
            "--seconds",
            "20",
            "--seed",
            "1",
            "--iterations",
            "6",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    written = json.loads(out.read_text())
    assert written["format"] == 1
    assert written["unvisited"][0]["zone"] == "Z2"
    capsys.readouterr()
    assert main(["validate-plan", "--scenario", SCENARIO, "--plan", str(out)]) == 0
    assert json.loads(capsys.readouterr().out) == written["objective"]


def test_a_bad_scenario_is_refused_clearly(tmp_path: Path) -> None:
    data = json.loads(Path(SCENARIO).read_text())
    data["week_start"] = "2026-12-15"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    assert main(["plan", "--scenario", str(bad), "--out", str(tmp_path / "p.json")]) == 1
