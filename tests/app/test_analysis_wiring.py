"""Every way into the store analyses: a real `qingshan crawl --once` of the sample web and `qingshan
import` of a JSON-lines file, into temp config directories; then search by the analysis facets."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from app.analysis import DocumentAnalyzer, apply_analysis, needs_analysis
from app.ingest import keep_decisions
from app.sampleweb import SCENARIO_START
from app.sampleweb.testing import running_sample_web
from app.wiring import open_store
from config import load_settings
from indexer.document import Document, Sentiment, SourceType
from nlp.analysis import Analysis
from tests.crawlers.support import crawl_once, run_qingshan, stored_documents, write_config
from tests.indexer.sample_documents import sample_documents

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("analysis_wiring")]


def sources(base: str) -> str:
    return f"""
  - id: newsb
    name: 云溪资讯网 环保
    kind: site
    start_urls: [{base}/newsb/hbxw/list.shtml]
    article_links: {{allow: ['/newsb/hbxw/\\d{{6}}/t\\d{{8}}_\\d+\\.shtml']}}
    pagination: {{next: "xpath://div[@class='pages']/a[contains(., '下一页')]/@href"}}
    max_depth: 2
  - id: weibo
    name: 样例微博
    kind: weibo
    region: "341823"
    api_base: {base}/weibo
    search: {{plans: [], keywords: [死鱼, 泾县]}}
    delay_min_s: 0
    delay_max_s: 0.01
    max_pages: 2
"""


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[Document]]]:
    with running_sample_web(start=SCENARIO_START + timedelta(hours=7)) as web:
        config = write_config(tmp_path_factory.mktemp("crawl"), sources(web.base_url))
        crawl_once(config)
        yield config, stored_documents(config)


def test_crawled_documents_are_analysed(crawled: tuple[Path, list[Document]]) -> None:
    _, documents = crawled
    assert {d.source for d in documents} == {"newsb", "weibo"}
    assert all(d.sentiment is not None and d.sentiment_score is not None for d in documents)
    assert all(d.simhash is not None and d.summary is not None for d in documents)
    assert all(d.keywords for d in documents if len(d.text) > 20)
    assert sum(1 for d in documents if d.topics) >= len(documents) // 2
    assert sum(1 for d in documents if d.regions) >= len(documents) // 2
    for doc in documents:  # summaries quote the text
        assert not doc.summary or doc.summary[:10] in doc.text


def test_fish_kill_posts_are_negative_water_items_in_the_home_county(
    crawled: tuple[Path, list[Document]],
) -> None:
    _, documents = crawled
    fish = [d for d in documents if d.source == "weibo" and "死鱼" in d.text]
    assert fish
    assert all("water" in d.topics for d in fish)
    assert sum(1 for d in fish if d.sentiment == Sentiment.NEGATIVE) >= len(fish) * 0.8
    assert any(code.startswith("34") for d in fish for code in d.regions)  # 安徽 (泾县 is the home region)


def test_search_by_sentiment_facet(crawled: tuple[Path, list[Document]]) -> None:
    config, documents = crawled
    result = run_qingshan(config, "search", "", "--sentiment", "negative", "--json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    negatives = [d for d in documents if d.sentiment == Sentiment.NEGATIVE]
    assert payload["total"] == len(negatives) > 0
    facets = dict(payload["facets"]["sentiment"])
    assert facets == {"negative": len(negatives)}
    result = run_qingshan(config, "search", "死鱼", "--topic", "water", "--json")
    assert json.loads(result.stdout)["total"] > 0


def test_import_analyses_and_keeps_given_fields(tmp_path: Path) -> None:
    config = tmp_path / "cfg"
    assert run_qingshan(config, "init", str(config)).returncode == 0
    given = sample_documents()
    bare = [d.model_copy(update={"sentiment": None, "topics": [], "regions": []}) for d in given]
    lines = "\n".join(d.model_dump_json() for d in [*bare[:4], *given[4:]]) + "\n"
    source = tmp_path / "docs.jsonl"
    source.write_text(lines, encoding="utf-8")
    result = run_qingshan(config, "import", str(source))
    assert result.returncode == 0, result.stderr
    stored = {d.id: d for d in stored_documents(config)}
    assert len(stored) == len(given)
    kept = [d for d in given[4:] if d.sentiment is not None and d.topics and d.regions]
    assert kept
    for doc in kept:  # analysis fields in the file are kept
        assert stored[doc.id].sentiment == doc.sentiment and stored[doc.id].topics == doc.topics
        assert stored[doc.id].regions == doc.regions
    fish = stored[given[0].id]  # 青溪县城南河段 死鱼 ... 偷排 (fields removed before import)
    assert fish.sentiment == Sentiment.NEGATIVE
    assert fish.topics[0] == "water"
    assert "死鱼" in fish.keywords
    haze = stored[given[1].id]
    assert haze.regions == ["110000"] and haze.topics == ["air"]
    assert all(d.summary is not None and d.simhash is not None for d in stored.values())
    # importing again changes nothing (analysed documents are not analysed twice; results are stable)
    assert run_qingshan(config, "import", str(source)).returncode == 0
    assert {d.id: d for d in stored_documents(config)} == stored


def test_a_bad_home_region_is_a_clear_error(tmp_path: Path) -> None:
    config = write_config(tmp_path / "cfg", sources("http://127.0.0.1:9").replace('"341823"', '"349999"'))
    result = run_qingshan(config, "crawl", "weibo", "--once", "--quiet")
    assert result.returncode == 2
    assert "sources.yaml: sources[1].region: '349999'" in result.stderr
    assert "Traceback" not in result.stderr


def test_document_analyzer_fills_only_missing_fields() -> None:
    settings = load_settings()
    analyzer = DocumentAnalyzer.from_settings(settings).open()
    doc = sample_documents()[0].model_copy(update={"sentiment": None, "keywords": ["自定义"]})
    assert needs_analysis(doc)
    (analysed,) = analyzer([doc])
    assert analysed.sentiment == Sentiment.NEGATIVE
    assert analysed.keywords == ["自定义"]
    assert analysed.regions == doc.regions  # given by the source
    assert not needs_analysis(analysed)
    assert analyzer([analysed]) == [analysed]
    nothing = Analysis(None, None, {}, None, None, [], {}, [])
    assert apply_analysis(analysed, nothing) == analysed


def test_a_recrawled_document_keeps_its_event(tmp_path: Path) -> None:
    config = tmp_path / "cfg"
    config.mkdir()
    (config / "settings.yaml").write_text(f"home: {config / 'var'}\n", encoding="utf-8")
    store = open_store(load_settings(config))
    try:
        placed, other = sample_documents()[:2]
        store.upsert([placed.model_copy(update={"event_id": "ev-1", "duplicate_of": other.id}), other])
        fresh = placed.model_copy(update={"title": placed.title + "（更新）"})
        kept, untouched = keep_decisions(store, [fresh, other])
        assert (kept.event_id, kept.duplicate_of, kept.title) == ("ev-1", other.id, fresh.title)
        assert untouched == other
    finally:
        store.close()


def test_an_official_item_naming_no_place_belongs_to_its_locality() -> None:
    settings = load_settings()
    base = DocumentAnalyzer.from_settings(settings)
    analyzer = DocumentAnalyzer(
        base.analyzer, sentiment=base.sentiment, relevance=base.relevance, home_regions={"bureau": "341823"}
    )
    template = sample_documents()[0].model_copy(
        update={"sentiment": None, "summary": None, "simhash": None, "regions": [], "source": "bureau"}
    )
    notice = template.model_copy(
        update={
            "id": "n1",
            "source_type": SourceType.OFFICIAL,
            "title": "关于琴溪河死鱼情况的通报",
            "text": "我局已介入调查。",
        }
    )
    elsewhere = notice.model_copy(update={"id": "n2", "text": "我局派员赴芜湖市协助调查。"})
    post = notice.model_copy(update={"id": "n3", "source_type": SourceType.SOCIAL})
    analysed = {doc.id: doc for doc in analyzer([notice, elsewhere, post])}
    assert analysed["n1"].regions == ["341823"]  # 属地: the bureau's own county
    assert analysed["n2"].regions == ["340200"]  # a place it names wins
    assert analysed["n3"].regions == []  # only official sources speak for their locality
