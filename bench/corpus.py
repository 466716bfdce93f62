"""A deterministic generator of realistic Documents for benchmarks.

Texts are real Chinese sentences (``bench.corpus_pools``, read from ``settings.data_dir``) stitched
into 300–2,000-character documents, spread over 90 days before a fixed end, across 20 sources of the
four source types, with sentiments, topics (from config/topics.yaml keywords found in the text),
region codes, engagement, events and simhashes. The same seed gives the same documents, in order.

    pools = load_pools(load_settings().data_dir)
    for batch in DocumentGenerator(CorpusSpec(count=100_000, seed=13), pools, topic_keywords()).batches(2000):
        ...
"""

from __future__ import annotations

import itertools
import math
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bench.corpus_pools import TextPools
from config import Settings, load_settings
from indexer.document import SHANGHAI, Document, Engagement, Sentiment, SourceType, make_document_id

DEFAULT_END = datetime(2025, 6, 30, tzinfo=SHANGHAI)  # exclusive: documents fall in the 90 days before


@dataclass(frozen=True)
class SourceSpec:
    id: str
    type: SourceType
    host: str
    weight: float  # relative volume


_O, _N, _S, _B = SourceType.OFFICIAL, SourceType.NEWS, SourceType.SOCIAL, SourceType.BOARD
SOURCES: tuple[SourceSpec, ...] = (
    SourceSpec("mee-xwfb", _O, "www.mee.gov.cn", 0.4),
    SourceSpec("mee-dfnews", _O, "www.mee.gov.cn", 0.6),
    SourceSpec("bj-sthjj", _O, "sthjj.beijing.gov.cn", 0.4),
    SourceSpec("js-sthjt", _O, "sthjt.jiangsu.gov.cn", 0.4),
    SourceSpec("cenews", _N, "www.cenews.com.cn", 1.0),
    SourceSpec("people-env", _N, "env.people.com.cn", 1.0),
    SourceSpec("xinhua-env", _N, "www.news.cn", 1.0),
    SourceSpec("chinanews-society", _N, "www.chinanews.com.cn", 1.0),
    SourceSpec("thepaper", _N, "www.thepaper.cn", 1.2),
    SourceSpec("cctv-news", _N, "news.cctv.com", 0.8),
    SourceSpec("bjnews", _N, "www.bjnews.com.cn", 0.8),
    SourceSpec("southcn", _N, "news.southcn.com", 0.8),
    SourceSpec("weibo", _S, "m.weibo.cn", 4.0),
    SourceSpec("weibo-gov", _S, "m.weibo.cn", 1.0),
    SourceSpec("wechat-mp", _S, "mp.weixin.qq.com", 1.5),
    SourceSpec("toutiao", _S, "www.toutiao.com", 1.5),
    SourceSpec("zhihu", _S, "www.zhihu.com", 0.8),
    SourceSpec("people-liuyan", _B, "liuyan.people.com.cn", 0.8),
    SourceSpec("rednet-board", _B, "people.rednet.cn", 0.5),
    SourceSpec("hotline-12369", _B, "www.12369.gov.cn", 0.5),
)
# Share of environmental / social / headline sentences in a document's text, by source type.
_TEXT_MIX = {_O: (0.70, 0.05), _N: (0.55, 0.15), _S: (0.40, 0.50), _B: (0.50, 0.40)}
_SENTIMENTS = (Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE)
_SENTIMENT_WEIGHTS = (30, 50, 20)
# More documents by day than by night (Asia/Shanghai hours 0..23).
_HOUR_WEIGHTS = (2, 1, 1, 1, 1, 1, 2, 4, 7, 9, 10, 10, 9, 9, 10, 10, 9, 8, 8, 9, 9, 8, 6, 4)
_MAX_TOPICS = 3
_EVENTS = 300


@dataclass(frozen=True)
class CorpusSpec:
    count: int
    seed: int = 13
    end: datetime = DEFAULT_END
    days: int = 90
    min_chars: int = 300
    max_chars: int = 2000
    median_chars: int = 650


def topic_keywords(settings: Settings | None = None) -> dict[str, tuple[str, ...]]:
    """Topic id → keywords, from config/topics.yaml (or the given settings)."""
    settings = settings or load_settings()
    return {topic.id: tuple(topic.keywords) for topic in settings.topics.topics}


class DocumentGenerator:
    """Documents number 0..count-1 of a seeded stream; iterate it once, or call :meth:`batches`."""

    def __init__(self, spec: CorpusSpec, pools: TextPools, topics: Mapping[str, Sequence[str]]) -> None:
        self.spec = spec
        self.pools = pools
        self.topics = {k: tuple(v) for k, v in topics.items()}
        self._rng = random.Random(spec.seed)
        self._source_cum = list(itertools.accumulate(s.weight for s in SOURCES))
        self._hour_cum = list(itertools.accumulate(_HOUR_WEIGHTS))

    def __iter__(self) -> Iterator[Document]:
        return (self.document(i) for i in range(self.spec.count))

    def batches(self, size: int) -> Iterator[list[Document]]:
        iterator = iter(self)
        while batch := list(itertools.islice(iterator, size)):
            yield batch

    # one document ---------------------------------------------------------------------------
    def document(self, number: int) -> Document:
        """The next document of the stream (``number`` makes its id and URL unique)."""
        rng = self._rng
        source = rng.choices(SOURCES, cum_weights=self._source_cum)[0]
        published = self.published_at()
        text = self.text(source.type)
        title = self.title(source.type, text)
        sentiment = rng.choices(_SENTIMENTS, weights=_SENTIMENT_WEIGHTS)[0]
        url, doc_id = self.identity(source, number, published)
        return Document(
            id=doc_id,
            url=url,
            source=source.id,
            source_type=source.type,
            title=title,
            text=text,
            author=f"用户{rng.randrange(100_000):05d}" if source.type in (_S, _B) else None,
            published_at=published,
            fetched_at=published + timedelta(minutes=rng.randrange(2, 720)),
            engagement=self.engagement(source.type),
            sentiment=sentiment,
            sentiment_score=round(rng.uniform(0.5, 1.0), 3),
            topics=self.topics_of(title, text),
            regions=self.regions(),
            simhash=rng.getrandbits(64),
            event_id=f"evt{rng.randrange(_EVENTS):04d}" if rng.random() < 0.04 else None,
        )

    def published_at(self) -> datetime:
        rng = self._rng
        day = self.spec.end - timedelta(days=rng.randrange(1, self.spec.days + 1))
        hour = rng.choices(range(24), cum_weights=self._hour_cum)[0]
        return day + timedelta(hours=hour, seconds=rng.randrange(3600))

    def target_length(self) -> int:
        length = int(self._rng.lognormvariate(math.log(self.spec.median_chars), 0.5))
        return min(max(length, self.spec.min_chars), self.spec.max_chars)

    def sentence(self, source_type: SourceType) -> str:
        env_share, social_share = _TEXT_MIX[source_type]
        draw = self._rng.random()
        if draw < env_share:
            pool = self.pools.env_sentences
        elif draw < env_share + social_share:
            pool = self.pools.social_sentences
        else:
            pool = self.pools.titles
        sentence = self._rng.choice(pool)
        return sentence if sentence[-1] in "。！？!?；;…”」）)" else sentence + "。"

    def text(self, source_type: SourceType) -> str:
        """Sentences up to a log-normal length in [min_chars, max_chars], in paragraphs."""
        target, length, parts = self.target_length(), 0, list[str]()
        while length < target:
            sentence = self.sentence(source_type)
            if parts and self._rng.random() < 0.2:
                sentence = "\n" + sentence
            parts.append(sentence)
            length += len(sentence)
        text = "".join(parts)
        return text[: self.spec.max_chars]

    def title(self, source_type: SourceType, text: str) -> str:
        if source_type is SourceType.SOCIAL:  # posts have no title: crawlers use the opening words
            return text.split("\n", 1)[0][:30]
        pool = self.pools.env_titles if self._rng.random() < 0.6 else self.pools.titles
        return self._rng.choice(pool).rstrip("。")

    def identity(self, source: SourceSpec, number: int, published: datetime) -> tuple[str, str]:
        if source.type is SourceType.SOCIAL and source.host == "m.weibo.cn":
            post_id = str(5_000_000_000_000_000 + number)
            return f"https://m.weibo.cn/detail/{post_id}", make_document_id(platform="weibo", post_id=post_id)
        url = f"https://{source.host}/{published:%Y%m}/t{published:%Y%m%d}_{number}.html"
        return url, make_document_id(url=url)

    def engagement(self, source_type: SourceType) -> Engagement:
        rng = self._rng

        def heavy_tail(scale: float) -> int:
            return int(scale * (rng.paretovariate(1.3) - 1))

        if source_type is SourceType.SOCIAL:
            return Engagement(reposts=heavy_tail(5), comments=heavy_tail(8), likes=heavy_tail(30))
        return Engagement(reads=heavy_tail(500), comments=heavy_tail(2))

    def topics_of(self, title: str, text: str) -> list[str]:
        content = title + text
        found = [tid for tid, words in self.topics.items() if any(w in content for w in words)]
        return found[:_MAX_TOPICS]

    def regions(self) -> list[str]:
        rng = self._rng
        if rng.random() < 0.35:
            return []
        picked: set[str] = set()
        for _ in range(1 if rng.random() < 0.8 else 2):
            level = rng.random()
            pool = (
                self.pools.counties
                if level < 0.5
                else self.pools.cities
                if level < 0.8
                else self.pools.provinces
            )
            picked.add(rng.choice(pool))
        return sorted(picked)
