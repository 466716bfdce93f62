"""Build ``config/gazetteer/regions.csv`` from the redistributable gazetteers in the data directory.

Run ``python -m nlp.regions.gazetteer_build [--data-dir DIR] [--out FILE]``. Sources (see the README beside
the CSV): modood 2022 codes and names (WTFPL) are the base; jionlp short names (Apache-2.0) are joined by
code or by name; names that changed since (郫县 → 郫都区) come from cpca (MIT) and jionlp as aliases of the
current unit when the old and the new name share their stem inside the same city.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)

DEFAULT_OUT = Path(__file__).resolve().parents[2] / "config" / "gazetteer" / "regions.csv"
HEADER = ("code", "level", "name", "short", "aliases", "parent")
# Regions outside the modood tables: 香港, 澳门, 台湾 and Taiwan's cities (jionlp codes).
EXTRA_PREFIXES = ("71", "81", "82")
MANUAL_ALIASES = {"150000": ["内蒙"], "460000": ["海南岛"]}
ETHNIC_SUFFIX = re.compile(r"(?:[\u4e00-\u9fff]{1,5}?族)+自治(?:区|州|县|旗)$|自治(?:区|州|县|旗)$")
PLAIN_SUFFIXES = ("特别行政区", "省", "市", "地区", "林区", "区", "县", "旗")


@dataclass
class Row:
    code: str
    level: str
    name: str
    short: str = ""
    aliases: list[str] = field(default_factory=list)
    parent: str = ""


def name_stem(name: str) -> str:
    """The name without its administrative suffix (郫县 → 郫, 大理白族自治州 → 大理)."""
    stem = ETHNIC_SUFFIX.sub("", name)
    if stem == name:
        for suffix in PLAIN_SUFFIXES:
            if name.endswith(suffix):
                return name[: -len(suffix)]
    return stem


def derive_short(name: str) -> str:
    """The short name used on its own, or "" when fewer than two characters would remain."""
    stem = name_stem(name)
    return stem if len(stem) >= 2 and stem != name else ""


def is_development_zone(code: str) -> bool:
    """Economic / high-tech zones and management areas (``xxxx7x``): full names only, never short ones."""
    return code[4] == "7"


def read_modood(directory: Path) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    with (directory / "provinces.csv").open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            rows[record["code"] + "0000"] = Row(record["code"] + "0000", "province", record["name"])
    with (directory / "cities.csv").open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            if "直辖" not in record["name"] and record["name"] not in ("市辖区", "县"):
                code = record["code"] + "00"
                rows[code] = Row(code, "city", record["name"], parent=record["provinceCode"] + "0000")
    with (directory / "areas.csv").open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            # cities without counties (东莞市) repeat their city code as an area: keep the city row
            rows.setdefault(record["code"], Row(record["code"], "county", record["name"]))
    for row in rows.values():
        if row.level == "county":
            city = row.code[:4] + "00"
            row.parent = city if city in rows else row.code[:2] + "0000"
    return rows


def read_jionlp(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [record for record in csv.DictReader(handle) if record["code"]]


def add_extra_regions(rows: dict[str, Row], jionlp: list[dict[str, str]]) -> None:
    """香港, 澳门, 台湾 (province level) and Taiwan's cities, which modood does not list."""
    for record in jionlp:
        code, level = record["code"], record["level"]
        if not code.startswith(EXTRA_PREFIXES) or code in rows or level == "county":
            continue
        if "直辖" in record["name"]:
            continue
        parent = "" if level == "province" else code[:2] + "0000"
        rows[code] = Row(code, level, record["name"], parent=parent)


def join_short_names(rows: dict[str, Row], jionlp: list[dict[str, str]]) -> None:
    by_code = {(r["code"], r["level"]): r["short_name"] for r in jionlp}
    by_name = {(r["code"][:2], r["name"]): r["short_name"] for r in jionlp}
    for row in rows.values():
        if is_development_zone(row.code):
            continue
        short = by_code.get((row.code, row.level), by_name.get((row.code[:2], row.name)))
        if short is None:  # newer than jionlp's table
            short = derive_short(row.name)
        row.short = short if short != row.name else ""


def old_names(cpca_path: Path, jionlp: list[dict[str, str]]) -> dict[str, str]:
    """code → name of county-level units that no longer exist under that code."""
    names: dict[str, str] = {}
    with cpca_path.open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            names[record["adcode"][:6]] = record["name"]
    for record in jionlp:
        if record["level"] == "county":
            names.setdefault(record["code"], record["name"])
    return names


def attach_old_names(rows: dict[str, Row], names: dict[str, str]) -> None:
    current = {row.name for row in rows.values()}
    for code, name in names.items():
        if code in rows or name in current or name == "市辖区" or is_development_zone(code):
            continue
        stem = name_stem(name)
        if not stem or stem == name:
            continue
        matches = [
            row
            for row in rows.values()
            if row.level == "county"
            and not is_development_zone(row.code)
            and row.code[:4] == code[:4]
            and row.name.startswith(stem)
        ]
        if len(matches) == 1:
            matches[0].aliases.append(name)
            logger.debug("old name %s (%s) -> %s %s", name, code, matches[0].code, matches[0].name)


def build(data_dir: Path) -> list[Row]:
    gazetteer = data_dir / "gazetteer"
    rows = read_modood(gazetteer / "modood")
    jionlp = read_jionlp(gazetteer / "jionlp" / "china_location_pcc.csv")
    add_extra_regions(rows, jionlp)
    join_short_names(rows, jionlp)
    attach_old_names(rows, old_names(gazetteer / "cpca" / "adcodes.csv", jionlp))
    for code, aliases in MANUAL_ALIASES.items():
        rows[code].aliases.extend(aliases)
    return sorted(rows.values(), key=lambda row: (row.code, row.level))


def write(rows: list[Row], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow([row.code, row.level, row.name, row.short, "|".join(row.aliases), row.parent])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    rows = build(args.data_dir)
    write(rows, args.out)
    counts = {level: sum(row.level == level for row in rows) for level in ("province", "city", "county")}
    logger.info("wrote %s: %s", args.out, json.dumps(counts))


if __name__ == "__main__":
    main()
