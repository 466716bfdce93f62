"""Segmenter speed and token agreement on our text: jieba vs rjieba vs jieba-fast (when installed).

``python -m bench.nlp_segmentation [--data-dir DIR] [--repeat N]``. Every segmenter loads the same
shipped user dictionary (word by word); the texts are the environmental candidates of the data
directory plus Weibo posts. Speed is characters per second over the whole set (best of N runs),
agreement is the identical-token F1 against jieba (:func:`nlp.segmentation.token_agreement`).

In ``python -m bench`` (:func:`run`): rjieba (the default) in characters/s against jieba in the same run,
and its token agreement with jieba; ``--quick`` uses a fifth of the texts and one run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import time
from collections.abc import Callable
from pathlib import Path

from bench import BenchmarkUnavailable
from bench.common import BenchRow
from config import load_settings
from nlp.segmentation import SHIPPED_USER_DICTIONARY, Segmenter, read_user_dictionary, token_agreement

Cut = Callable[[str], list[str]]


def corpus(data_dir: Path) -> list[str]:
    """Environmental candidates (news titles, Weibo, long comments) and SMP2020 Weibo posts."""
    lines = (data_dir / "env" / "env_demo_candidates.jsonl").read_text(encoding="utf-8").splitlines()
    texts = [json.loads(line)["text"] for line in lines]
    posts = json.loads((data_dir / "sentiment" / "smp2020_ewect" / "virus_train.txt").read_text("utf-8"))
    return texts + [post["content"] for post in posts[:3000]]


def jieba_fast_cut() -> Cut | None:
    """jieba-fast with the shipped dictionary, or None when it is not installed."""
    if importlib.util.find_spec("jieba_fast") is None:
        return None
    tokenizer = importlib.import_module("jieba_fast").Tokenizer()
    tokenizer.initialize()
    for word, freq, tag in read_user_dictionary(SHIPPED_USER_DICTIONARY):
        tokenizer.add_word(word, freq, tag)
    return lambda text: [t for t in tokenizer.lcut(text) if not t.isspace()]


def segmenters() -> dict[str, Cut]:
    cuts: dict[str, Cut] = {
        "jieba": Segmenter(backend="jieba").words,
        "rjieba": Segmenter(backend="rjieba").words,
    }
    fast = jieba_fast_cut()
    if fast is not None:
        cuts["jieba-fast"] = fast
    for cut in cuts.values():
        cut("预热")  # load dictionaries outside the timing
    return cuts


def best_seconds(cut: Cut, texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            cut(text)
        best = min(best, time.perf_counter() - start)
    return best


def run(args: argparse.Namespace) -> list[BenchRow]:
    """The registry entry point (``python -m bench``): rjieba against jieba."""
    data_dir = Path(args.data_dir) if getattr(args, "data_dir", None) else load_settings().data_dir
    try:
        texts = corpus(data_dir)
    except OSError as exc:
        raise BenchmarkUnavailable(f"segmentation corpus missing under {data_dir}: {exc}") from exc
    quick = bool(getattr(args, "quick", False))
    texts = texts[::5] if quick else texts
    repeat = 1 if quick else 3
    chars = sum(len(t) for t in texts)
    jieba_cut = Segmenter(backend="jieba").words
    rjieba_cut = Segmenter(backend="rjieba").words
    for cut in (jieba_cut, rjieba_cut):
        cut("预热")
    base = chars / best_seconds(jieba_cut, texts, repeat)
    ours = chars / best_seconds(rjieba_cut, texts, repeat)
    reference = [jieba_cut(t) for t in texts]
    tokens = sum(len(r) for r in reference)
    agreement = sum(token_agreement(r, rjieba_cut(t)) * len(r) for r, t in zip(reference, texts, strict=True))
    note = f"{len(texts)} texts, {chars:,} characters, best of {repeat}; ratio = value/baseline"
    return [
        BenchRow("nlp segmentation", "rjieba speed", ours, "chars/s", "jieba", base, ours / base, note=note),
        BenchRow(
            "nlp segmentation",
            "rjieba tokens identical to jieba",
            agreement / tokens,
            "share",
            note=f"identical-token F1 over {tokens:,} jieba tokens",
        ),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    texts = corpus(args.data_dir or load_settings().data_dir)
    chars = sum(len(t) for t in texts)
    cuts = segmenters()
    reference = [cuts["jieba"](t) for t in texts]
    ref_tokens = sum(len(r) for r in reference)
    base = best_seconds(cuts["jieba"], texts, args.repeat)
    print(f"{len(texts)} texts, {chars} characters, shipped user dictionary")
    print(f"{'segmenter':<12}{'chars/s':>12}{'× jieba':>9}{'identical tokens':>18}{'token count Δ':>15}")
    for name, cut in cuts.items():
        seconds = base if name == "jieba" else best_seconds(cut, texts, args.repeat)
        tokens = [cut(t) for t in texts]
        agreement = sum(token_agreement(r, c) * len(r) for r, c in zip(reference, tokens, strict=True))
        delta = sum(len(c) for c in tokens) / ref_tokens - 1
        print(
            f"{name:<12}{chars / seconds:>12,.0f}{base / seconds:>9.1f}"
            f"{agreement / ref_tokens:>17.2%}{delta:>+15.2%}"
        )


if __name__ == "__main__":
    main()
