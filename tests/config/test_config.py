"""Configuration: shipped defaults load, user overrides merge, every error names file, key path and expectation."""

from __future__ import annotations

from pathlib import Path

import pytest

from config import SECTION_FILES, SHIPPED_DIR, ConfigError, load_settings


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_defaults_load() -> None:
    settings = load_settings(None)
    assert settings.general.storage.backend == "embedded"
    assert {t.id for t in settings.topics.topics} >= {"air", "water", "soil", "climate"}
    assert settings.tz.key == "Asia/Shanghai"


def test_every_section_file_is_shipped() -> None:
    for filename in SECTION_FILES:
        assert (SHIPPED_DIR / filename).is_file(), filename


def test_user_directory_overrides_and_resolves_paths(tmp_path: Path) -> None:
    write(tmp_path, "settings.yaml", "home: data\nstorage:\n  engine: fts5\n")
    settings = load_settings(tmp_path)
    assert settings.general.storage.engine == "fts5"
    assert settings.general.storage.backend == "embedded"  # merged, not replaced
    assert settings.home == tmp_path / "data"
    assert settings.database_url() == f"sqlite:///{tmp_path / 'data' / 'qingshan.db'}"


def test_environment_variable_selects_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "settings.yaml", "search_page_size: 7\n")
    monkeypatch.setenv("QINGSHAN_CONFIG", str(tmp_path))
    assert load_settings().general.search_page_size == 7


def test_secrets_come_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "settings.yaml", 'storage:\n  elasticsearch:\n    api_key: {"$env": "QS_TEST_KEY"}\n')
    monkeypatch.setenv("QS_TEST_KEY", "s3cret")
    assert load_settings(tmp_path).general.storage.elasticsearch.api_key == "s3cret"
    monkeypatch.delenv("QS_TEST_KEY")
    assert load_settings(tmp_path).general.storage.elasticsearch.api_key is None


def test_unknown_key_names_file_and_path(tmp_path: Path) -> None:
    path = write(tmp_path, "settings.yaml", "storage:\n  engnie: fts5\n")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    [issue] = info.value.issues
    assert issue.file == path
    assert issue.key_path == "storage.engnie"
    assert "unknown key" in issue.message


def test_wrong_value_says_what_is_expected(tmp_path: Path) -> None:
    write(tmp_path, "settings.yaml", "storage:\n  engine: lucene\n")
    write(tmp_path, "topics.yaml", "topics:\n  - id: Air\n    name: 大气\n    keywords: []\n")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    messages = {(i.file.name, i.key_path): i.message for i in info.value.issues}
    assert "'tantivy' or 'fts5'" in messages[("settings.yaml", "storage.engine")]
    assert ("topics.yaml", "topics[0].id") in messages
    assert ("topics.yaml", "topics[0].keywords") in messages


def test_broken_yaml_and_unknown_files(tmp_path: Path) -> None:
    write(tmp_path, "plans.yaml", "plans: [\n")
    write(tmp_path, "alert.yaml", "rules: []\n")
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path)
    text = str(info.value)
    assert "plans.yaml" in text and "invalid YAML: line" in text
    assert "alert.yaml" in text and "unknown configuration file" in text


def test_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope")
