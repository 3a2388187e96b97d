"""`workbench settings`: regions and base URLs are configurable, checked before saving."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.engine.setup import ProviderSetup
from workbench.settings import load


def test_region_and_base_url_are_saved_and_used(capsys, isolated_home: Path) -> None:
    assert main(["settings", "set", "providers.seedance.region", "volcengine"]) == 0
    assert (
        main(
            ["settings", "set", "providers.sora.base_url", "https://res.openai.azure.com/openai/v1"]
        )
        == 0
    )
    assert main(["settings", "set", "providers.runway.concurrency", "3"]) == 0
    assert main(["settings", "set", "providers.seedance.options.watermark", "true"]) == 0
    setup = ProviderSetup(load())
    assert setup.base_url("seedance") == "https://ark.cn-beijing.volces.com/api/v3"
    assert setup.base_url("sora") == "https://res.openai.azure.com/openai/v1"
    assert setup.concurrency() == {"runway": 3}
    assert setup("seedance").config.options == {"watermark": True, "region": "volcengine"}
    assert main(["settings", "unset", "providers.seedance.region"]) == 0
    assert ProviderSetup(load()).base_url("seedance").startswith("https://ark.ap-southeast")


def test_the_environment_wins_but_is_never_saved(capsys, monkeypatch, isolated_home) -> None:
    monkeypatch.setenv("WORKBENCH_KLING_BASE_URL", "http://127.0.0.1:5000")
    assert ProviderSetup(load()).base_url("kling") == "http://127.0.0.1:5000"
    assert main(["settings", "set", "default_draws", "4"]) == 0
    saved = json.loads((isolated_home / "settings.json").read_text())
    assert saved["providers"] == {} and saved["default_draws"] == 4
    capsys.readouterr()
    assert main(["settings", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["environment_overrides"] == {"kling": "http://127.0.0.1:5000"}


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("providers.seedance.region", "mars", "no region 'mars'; choose byteplus, volcengine"),
        ("providers.sora.base_url", "http://example.com/v1", "only HTTPS"),
        ("providers.nosuch.region", "x", "there is no provider 'nosuch'"),
        ("providers.kling.concurrency", "0", "greater than or equal to 1"),
        ("colour", "blue", "unknown setting 'colour'"),
    ],
)
def test_bad_settings_are_refused_in_words(capsys, isolated_home, key, value, words) -> None:
    assert main(["settings", "set", key, value]) == 2
    assert words in capsys.readouterr().err
    assert not (isolated_home / "settings.json").exists()
