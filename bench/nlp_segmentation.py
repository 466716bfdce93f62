"""Segmenter speed and token agreement on our text: jieba vs rjieba vs jieba-fast (when installed).

``python -m bench.nlp_segmentation [--data-dir DIR] [--repeat N]``. Every segmenter loads the same
shipped user dictionary (word by word); the texts are the environmental candidates of the data
directory plus Weibo posts. Speed is characters per second over the whole set (best of N runs),
agreement is the identical-token F1 against jieba (:func:`nlp.segmentation.token_agreement`).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import time
from collections.abc import Callable
from pathlib import Path

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
