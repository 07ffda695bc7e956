"""The README a newcomer acts on: its two commands, its examples and its table schemas."""
from __future__ import annotations

import re
from pathlib import Path

from analysis.schema import markdown

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, flags=re.S)


def test_readme_opens_with_the_two_setup_commands():
    first = re.search(r"```\n(.*?)```", README, flags=re.S).group(1).strip().splitlines()
    assert [line.split("#")[0].strip() for line in first] == ["make briefings", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^briefings:.*\n(\t.*\n)*\t\$\(BIN\)/briefing render --out reports", makefile, re.M)
    assert re.search(r"^test:.*\n(\t.*\n)*\t\$\(BIN\)/python -m pytest", makefile, re.M)


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci and "set -euo pipefail" in ci


def test_readme_tables_section_is_the_schema():
    section = README.split("a test keeps it in step with the code -->\n", 1)[1]
    section = section.split("<!-- end of generated tables -->", 1)[0]
    assert section == markdown(), "regenerate with: python -m analysis.schema"


def test_readme_python_example_runs(capsys, gold):
    (example,) = _blocks("python")
    exec(compile(example, "README.md", "exec"), {})
    killed, incidents, raw = map(int, capsys.readouterr().out.split())
    base = gold["incident_totals"]
    # the gold allows the optional Soleimani incident: 5 incidents / 82, or 6 / 83
    assert (killed, incidents) in {(base["killed_low_deduplicated"], base["distinct_incidents"]),
                                   (base["killed_low_deduplicated"] + 1, base["distinct_incidents"] + 1)}
    assert raw >= killed
    assert f"**{killed} killed in {incidents} incidents** ({raw} if every mention" in README
