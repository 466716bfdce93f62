"""Raw material of the benchmark corpus, read from the third-party data directory (never copied here).

* environmental sentences: ``env/env_demo_candidates.jsonl`` (news titles, Weibo, long comments);
* social sentences: the SMP2020-EWECT and NLPCC 2013 Weibo posts (``sentiment/``);
* titles: THUCNews, TNEWS and NLPCC 2017 headlines (``topic/``), plus the short environmental sentences;
* region codes: the modood gazetteer (``gazetteer/modood``: provinces, cities, counties).

When the data directory is missing, :func:`load_pools` falls back to a small synthetic pool written
for this project (tests use it), and says so in the log and in ``TextPools.synthetic``.
"""

from __future__ import annotations

import csv
import gzip
import json
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;…\n])")
_ENDINGS = "。！？!?；;…”」）)"
MIN_SENTENCE, MAX_SENTENCE = 6, 300
MAX_TITLE = 40


@dataclass(frozen=True)
class TextPools:
    """Sentences, titles and region codes the generator samples from."""

    env_sentences: tuple[str, ...]
    social_sentences: tuple[str, ...]
    titles: tuple[str, ...]
    env_titles: tuple[str, ...]
    provinces: tuple[str, ...]  # six-digit codes: 320000
    cities: tuple[str, ...]  # 320100
    counties: tuple[str, ...]  # 320102
    synthetic: bool = False

    def sizes(self) -> dict[str, int]:
        return {
            "env_sentences": len(self.env_sentences),
            "social_sentences": len(self.social_sentences),
            "titles": len(self.titles),
            "env_titles": len(self.env_titles),
            "regions": len(self.provinces) + len(self.cities) + len(self.counties),
        }


def split_sentences(text: str) -> Iterator[str]:
    """Sentences of ``text`` between MIN_SENTENCE and MAX_SENTENCE characters, each ending in punctuation."""
    for piece in _SENTENCE_END.split(text):
        sentence = piece.strip()
        if MIN_SENTENCE <= len(sentence) <= MAX_SENTENCE:
            yield sentence if sentence[-1] in _ENDINGS else sentence + "。"


def _sentences(texts: Iterable[str]) -> tuple[str, ...]:
    return tuple(s for text in texts for s in split_sentences(text))


def _env_texts(data_dir: Path) -> list[dict[str, object]]:
    path = data_dir / "env" / "env_demo_candidates.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _weibo_posts(data_dir: Path) -> list[str]:
    posts: list[str] = []
    folder = data_dir / "sentiment" / "smp2020_ewect"
    for name in ("virus_train.txt", "usual_eval_labeled.txt", "virus_eval_labeled.txt"):
        posts.extend(str(p["content"]) for p in json.loads((folder / name).read_text(encoding="utf-8")))
    nlpcc = data_dir / "sentiment" / "nlpcc2013_weibo_emotion" / "Nlpcc2013Train.tsv"
    with nlpcc.open(encoding="utf-8", newline="") as handle:
        posts.extend(row["文本"] for row in csv.DictReader(handle))
    return posts


def _headlines(data_dir: Path) -> list[str]:
    topic = data_dir / "topic"
    titles: list[str] = []
    for name in ("dev.txt", "test.txt"):
        lines = (topic / "thucnews_titles" / name).read_text(encoding="utf-8").splitlines()
        titles.extend(line.split("\t")[0] for line in lines)
    for name in ("dev.json.gz", "test.json.gz"):
        with gzip.open(topic / "tnews" / name, "rt", encoding="utf-8") as handle:
            titles.extend(json.loads(line)["sentence"] for line in handle if line.strip())
    with gzip.open(topic / "nlpcc2017_headlines" / "test.full.word.gz", "rt", encoding="utf-8") as handle:
        titles.extend(line.split("\t", 1)[1].replace(" ", "") for line in handle if "\t" in line)
    return [t.strip() for t in titles if MIN_SENTENCE <= len(t.strip()) <= MAX_TITLE]


def _region_codes(data_dir: Path) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    folder = data_dir / "gazetteer" / "modood"

    def codes(name: str) -> list[str]:
        with (folder / name).open(encoding="utf-8", newline="") as handle:
            return [row["code"] for row in csv.DictReader(handle)]

    return (
        tuple(c.ljust(6, "0") for c in codes("provinces.csv")),
        tuple(c.ljust(6, "0") for c in codes("cities.csv")),
        tuple(c for c in codes("areas.csv") if len(c) == 6),
    )


def read_pools(data_dir: Path) -> TextPools:
    """Pools from the corpora in ``data_dir``; raises OSError/KeyError/ValueError when a file is missing or odd."""
    env = _env_texts(data_dir)
    env_sentences = _sentences(str(e["text"]) for e in env)
    env_titles = tuple(
        str(e["text"]).strip()
        for e in env
        if e.get("genre") == "news_title" and len(str(e["text"])) <= MAX_TITLE
    ) + tuple(s for s in env_sentences if len(s) <= MAX_TITLE)
    provinces, cities, counties = _region_codes(data_dir)
    return TextPools(
        env_sentences=env_sentences,
        social_sentences=_sentences(_weibo_posts(data_dir)),
        titles=tuple(_headlines(data_dir)),
        env_titles=env_titles,
        provinces=provinces,
        cities=cities,
        counties=counties,
    )


def load_pools(data_dir: Path) -> TextPools:
    """Pools from ``data_dir``, or the synthetic pools (logged) when the directory does not exist."""
    if not data_dir.is_dir():
        logger.warning("data directory %s not found: using the small synthetic corpus", data_dir)
        return synthetic_pools()
    return read_pools(data_dir)


# Written for this project (no third-party text): enough variety for tests and smoke runs.
_SYNTHETIC_ENV = (
    "市生态环境局今天通报了上半年全市空气质量情况。",
    "群众反映河道出现黑臭水体，附近居民希望尽快整治。",
    "督察组发现一家化工企业夜间偷排污水，已立案调查。",
    "今年六五环境日的主题活动在市民广场举行。",
    "秸秆焚烧造成的烟雾影响了周边村庄的环境。",
    "监测数据显示臭氧已成为夏季首要污染物。",
    "垃圾分类新规实施以来，小区居民参与率明显提高。",
    "湿地公园里的野生动物数量比去年有所增加。",
    "专家建议加快推进碳达峰碳中和相关工作。",
    "有网友称工地扬尘严重，环保部门回应将加强执法。",
    "饮用水水源地保护区内的违法建筑已全部拆除。",
    "重金属污染地块修复工程通过了验收。",
    "企业负责人表示将全面整改环境问题。",
    "环境志愿服务队走进社区开展生态文明宣传。",
    "夜间施工噪声扰民的投诉近期有所增多。",
    "长江大保护专项行动查处了多起非法采砂案件。",
)
_SYNTHETIC_SOCIAL = (
    "今天的天空终于变蓝了，心情也跟着好起来！",
    "楼下的垃圾站味道太大了，希望有人管一管。",
    "周末带孩子去江边捡垃圾，很有意义。",
    "又是雾霾天，出门记得戴口罩。",
    "为家乡的绿水青山点赞！",
    "这条河以前可以游泳，现在水质越来越差了。",
)
_SYNTHETIC_TITLES = (
    "全市空气质量持续改善",
    "河道整治工程年底完工",
    "化工企业偷排被查处",
    "垃圾分类进社区",
    "保护区迎来越冬候鸟",
    "多地启动重污染天气应急响应",
)


def synthetic_pools() -> TextPools:
    return TextPools(
        env_sentences=_SYNTHETIC_ENV,
        social_sentences=_SYNTHETIC_SOCIAL,
        titles=_SYNTHETIC_TITLES,
        env_titles=tuple(s.rstrip("。") for s in _SYNTHETIC_ENV if len(s) <= MAX_TITLE),
        provinces=("110000", "320000", "440000", "510000"),
        cities=("320100", "320500", "440300", "510100"),
        counties=("110105", "320102", "440305", "510104"),
        synthetic=True,
    )
