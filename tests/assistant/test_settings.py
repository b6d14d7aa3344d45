from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from assistant.settings import PROJECT_ROOT, Settings


def test_environment_variables_configure_every_section(monkeypatch, tmp_path):
    monkeypatch.setenv("CARECHAT_DATA_DIR", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("CARECHAT_RETRIEVAL__K", "9")
    monkeypatch.setenv("CARECHAT_INGEST__CHUNK_TOKENS", "100")
    monkeypatch.setenv("CARECHAT_ANSWER__REFUSAL_THRESHOLD", "0.7")
    settings = Settings()
    assert settings.data_dir == tmp_path / "elsewhere"
    assert (settings.retrieval.k, settings.ingest.chunk_tokens) == (9, 100)
    assert settings.answer.refusal_threshold == 0.7


def test_config_file_is_read_and_environment_wins(monkeypatch, tmp_path):
    config = tmp_path / "carechat.toml"
    config.write_text("[retrieval]\nk = 7\n[ingest]\noverlap_sentences = 2\n")
    monkeypatch.setenv("CARECHAT_CONFIG_FILE", str(config))
    monkeypatch.setenv("CARECHAT_INGEST__OVERLAP_SENTENCES", "3")
    settings = Settings()
    assert settings.retrieval.k == 7 and settings.ingest.overlap_sentences == 3


def test_unknown_keys_and_bad_values_are_rejected(monkeypatch, tmp_path):
    config = tmp_path / "carechat.toml"
    config.write_text("[retrieval]\nkk = 7\n")
    monkeypatch.setenv("CARECHAT_CONFIG_FILE", str(config))
    with pytest.raises(ValidationError, match="kk"):
        Settings()
    monkeypatch.setenv("CARECHAT_CONFIG_FILE", str(tmp_path / "absent.toml"))
    monkeypatch.setenv("CARECHAT_INGEST__CHUNK_TOKENS", "1000")
    with pytest.raises(ValidationError, match="chunk_tokens"):
        Settings()


def test_overrides_by_dotted_key():
    settings = Settings().with_overrides({"retrieval.k": 3, "answer.max_sentences": 1})
    assert settings.retrieval.k == 3 and settings.answer.max_sentences == 1
    with pytest.raises(KeyError, match="retrieval.q"):
        Settings().with_overrides({"retrieval.q": 1})


def setting_names(model: type[BaseModel], prefix: str = "") -> list[str]:
    names = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names += setting_names(annotation, f"{prefix}{name}.")
        else:
            assert field.description, f"{prefix}{name} has no description"
            names.append(prefix + name)
    return names


def test_every_setting_is_documented_in_the_readme():
    readme = (PROJECT_ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([\w.]+)` \|", readme, flags=re.MULTILINE))
    assert set(setting_names(Settings)) == documented


def test_nothing_is_created_at_import_or_construction(tmp_path):
    Settings(data_dir=tmp_path / "never")
    assert not Path(tmp_path / "never").exists()


def test_overrides_name_an_unknown_section_or_a_key_below_a_value():
    for dotted in ("retrieval2.k", "retrieval.k.x"):
        with pytest.raises(KeyError, match=f"unknown setting '{dotted}'"):
            Settings().with_overrides({dotted: 1})
