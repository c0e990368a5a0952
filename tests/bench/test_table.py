"""make bench's one table: what the scripts emit is read back and shown in one aligned table."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.table import emit, read, render


def test_lines_emitted_by_two_scripts_come_back_in_one_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    kept = tmp_path / "table.jsonl"
    monkeypatch.setenv("BENCH_TABLE", str(kept))
    emit("foundation", [("register query", "12.0 ms", "≤ 50 ms", "ok")], "runs: 5")
    emit("in Chromium", [("navigation", "0.9x", "≥ 1x", "OVER"), ("zoom", "5.2x")])
    emit("nothing", [])
    printed = capsys.readouterr().out
    assert "register query" in printed and "navigation" in printed
    sections = read(str(kept))
    assert [section for section, _, _ in sections] == ["foundation", "in Chromium"]
    assert sections[1][2][1] == ("zoom", "5.2x", "", "")  # short lines are padded
    table = render(sections).splitlines()
    assert "foundation  (runs: 5)" in table
    rows = [line for line in table if line.startswith(("register query", "navigation", "zoom"))]
    assert len(rows) == 3
    values = ("12.0 ms", "0.9x", "5.2x")
    assert len({line.index(v) + len(v) for line, v in zip(rows, values, strict=True)}) == 1
    assert rows[1].endswith("OVER")


def test_without_a_table_file_only_the_scripts_own_table_is_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("BENCH_TABLE", raising=False)
    monkeypatch.chdir(tmp_path)
    emit("exports", [("checklist PDF", "2,100 / 2,000 ms", "≤ 3,000 ms", "ok")])
    assert "checklist PDF" in capsys.readouterr().out
    assert list(tmp_path.iterdir()) == []
    assert read(str(tmp_path / "missing.jsonl")) == []


def test_make_bench_runs_every_script_and_reports_a_failing_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bench import all as bench_all

    good = tmp_path / "good.py"
    good.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(Path(bench_all.REPO))!r})\n"
        "from bench.table import emit\n"
        "emit('first', [('a measure', '1.0 ms', '≤ 2 ms', 'ok')])\n"
    )
    bad = tmp_path / "bad.py"
    bad.write_text("raise SystemExit(3)\n")
    monkeypatch.setattr(bench_all, "SCRIPTS", [[str(good)], [str(bad)]])
    monkeypatch.setenv("BENCH_OUT", str(tmp_path / "out"))
    assert bench_all.main() == 1
    printed = capsys.readouterr().out
    assert "a measure" in printed
    assert "1 lines, 1 within budget, 0 over" in printed
    assert f"failed: {bad}" in printed
    assert sorted(log.name for log in (tmp_path / "out").iterdir()) == ["bad.log", "good.log"]
