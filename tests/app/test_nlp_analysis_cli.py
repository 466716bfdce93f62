"""`qingshan nlp analyze`: texts one per line in, the full analysis out (JSON lines or a table)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from app.cli import cli

TEXTS = [
    "11月19日晚，南京市鼓楼区秦淮河段水面漂浮大量死鱼，附近居民怀疑上游化工企业偷排污水。",
    "",
    "周末带孩子去新建的湿地公园看候鸟，空气清新，环境越来越好了，点赞！",
    "北京今日启动重污染天气橙色预警，PM2.5浓度持续升高。[bold]不是标记[/bold]",
]


def invoke(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["nlp", "analyze", *args], input=stdin, env={"COLUMNS": "200"})
    return result.exit_code, result.stdout, result.stderr


def test_json_lines_from_stdin() -> None:
    code, out, err = invoke("--json", stdin="\n".join(TEXTS) + "\n")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [row["line"] for row in rows] == [1, 3, 4]  # the blank line is skipped
    fish, park, haze = rows
    assert fish["text"] == TEXTS[0]
    assert fish["sentiment"] == "negative"
    assert fish["topics"][0] == "water"
    assert fish["regions"] == ["320106"]
    assert "死鱼" in fish["keywords"]
    assert fish["summary"] == TEXTS[0]
    assert set(fish) >= {"sentiment_score", "sentiment_probabilities", "relevance", "relevant", "simhash_hex"}
    assert park["sentiment"] == "positive"
    assert haze["regions"] == ["110000"] and haze["topics"] == ["air"]


def test_table_from_a_file(tmp_path: Path) -> None:
    source = tmp_path / "texts.txt"
    source.write_text("\n".join(TEXTS), encoding="utf-8")
    code, out, err = invoke(str(source))
    assert code == 0, err
    for expected in ("负面", "正面", "鼓楼区 320106", "北京市 110000", "大气", "水", "死鱼"):
        assert expected in out
    assert "[bold]不是标记" in out  # crawled text is printed as text, never as markup


def test_home_region(tmp_path: Path) -> None:
    code, out, _ = invoke(
        "--json", "--home-region", "350100", stdin="鼓楼区开展河道清淤，两条黑臭水体完成整治。\n"
    )
    assert code == 0
    assert json.loads(out)["regions"] == ["350102"]  # 福州's 鼓楼区


def test_bad_home_region_is_a_clear_error() -> None:
    code, _, err = invoke("--home-region", "999999", stdin="鼓楼区开展河道清淤。\n")
    assert code == 2
    assert "unknown home region '999999'" in err
    assert "Traceback" not in err


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = invoke(str(tmp_path / "absent.txt"))
    assert code == 2
    assert "absent.txt" in err
