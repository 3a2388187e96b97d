"""Issue 3's "done": one `workbench run` across the six seed services (their loopback fakes).

The CLI runs unchanged except that time is a manual clock the fakes age their tasks on and
the engine sleeps on (nothing waits for real time); each fake speaks its vendor's protocol.
Keys come from the vendors' own environment variables and must never surface in the
library, the output, or an export. Also issue 7's "done": `workbench providers` lists every
model with its status, price basis and whether failed draws are charged, without loading
the network stack.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.clock import ManualClock
from tests.fakes.grok import FakeGrok
from tests.fakes.kling import ACCESS_KEY, SECRET_KEY, FakeKling
from tests.fakes.runway import FakeRunway
from tests.fakes.seedance import FakeSeedance
from tests.fakes.sora import FakeSora
from tests.fakes.veo import FakeGeminiApi
from tests.providers import kit
from workbench.cli import main
from workbench.media import probe
from workbench.providers import registry

SERVICES = ("seedance", "kling", "veo", "runway", "grok", "sora")
KEYS = {
    "ARK_API_KEY": "test-key-0000",
    "KLING_ACCESS_KEY": ACCESS_KEY,
    "KLING_SECRET_KEY": SECRET_KEY,
    "GEMINI_API_KEY": "test-key-0000",
    "RUNWAYML_API_SECRET": "test-key-0000",
    "XAI_API_KEY": "test-key-0000",
    "OPENAI_API_KEY": "test-key-0000",
}


@pytest.fixture(scope="module")
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture(scope="module")
def fakes(clock: ManualClock) -> Iterator[dict[str, object]]:
    render = {"render_s": 40.0, "clock": clock}
    services = {
        "seedance": FakeSeedance(**render),
        # Kling's tokens are signed on the real clock by the CLI's adapter.
        "kling": FakeKling(**render, token_clock=time.time),
        "veo": FakeGeminiApi(**render),
        "runway": FakeRunway(throttle=True, **render),
        "grok": FakeGrok(**render),
        "sora": FakeSora(**render),
    }
    for fake in services.values():
        fake.start()  # type: ignore[attr-defined]
    yield services
    for fake in services.values():
        fake.stop()  # type: ignore[attr-defined]


@pytest.fixture
def wired(
    fakes: dict[str, object], clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> dict[str, object]:
    """Point every provider at its fake through the documented environment variables."""
    import workbench.engine.host as host
    import workbench.engine.setup as setup

    for name, fake in fakes.items():
        reset = getattr(fake, "reset", None)
        if callable(reset):
            reset()
        url = getattr(fake, "api_base", None) or fake.base_url  # type: ignore[attr-defined]
        monkeypatch.setenv(f"WORKBENCH_{name.upper()}_BASE_URL", url)
    for env, value in KEYS.items():
        monkeypatch.setenv(env, value)
    real_engine = host.Engine
    monkeypatch.setattr(
        host, "Engine", lambda **kw: real_engine(**{**kw, "sleep": clock.sleep, "clock": clock})
    )
    monkeypatch.setattr(
        setup.ProviderSetup, "__init__", _fast_setup_init(setup.ProviderSetup.__init__)
    )
    return fakes


def _fast_setup_init(original):  # type: ignore[no-untyped-def]
    def init(self, settings, policy=None, credentials_for=None, **rest):  # type: ignore[no-untyped-def]
        original(self, settings, kit.policy(), credentials_for, **rest)

    return init


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines() if line.strip()], err


def every_provider() -> list[str]:
    return [arg for name in SERVICES for arg in ("--provider", name)]


def test_one_prompt_on_all_six_services(wired, capsys, isolated_home: Path, tmp_path: Path) -> None:
    code, rows, err = run(
        capsys,
        "run",
        "a red fox running through snow at dawn",
        *every_provider(),
        "--draws",
        "2",
        "--seed-policy",
        "sequence",
        "--seed",
        "100",
        "--json",
    )
    assert code == 0, err
    assert len(rows) == 12
    by_provider: dict[str, list[dict]] = {}
    for row in rows:
        by_provider.setdefault(row["provider"], []).append(row)
        assert row["state"] == "done", row
        info = probe(Path(row["clip"]))
        assert info.codec == "h264" and info.duration > 0
        assert Path(row["poster"]).exists()
        assert row["cost_usd"] and row["cost_usd"] > 0, row  # every delivered draw is priced
    assert set(by_provider) == set(SERVICES)
    # Seeds: sent (and, for Seedance, echoed) where the model has one; none where it has not.
    # Veo's default on the Gemini API is now Gemini Omni Flash, which takes a seed.
    for name in ("seedance", "runway", "veo"):
        assert sorted(r["seed"] for r in by_provider[name]) == [100, 101], name
    for name in ("kling", "grok", "sora"):
        assert [r["seed"] for r in by_provider[name]] == [None, None], name
    # Every delivered clip is its own take, stored once.
    assert len({r["clip"] for r in rows}) == 12
    _assert_no_key_anywhere(isolated_home, out_and_err=json.dumps(rows) + err)
    export = tmp_path / "export"
    assert main(["export", str(export)]) == 0
    _assert_no_key_anywhere(export)


def test_moderation_on_every_service_is_a_plain_classified_failure(wired, capsys) -> None:
    wired["seedance"].next_outcome("moderation")  # type: ignore[attr-defined]
    wired["kling"].next_outcome("moderation")  # type: ignore[attr-defined]
    wired["veo"].next_outcome("moderation")  # type: ignore[attr-defined]
    wired["runway"].queue_outcome("moderation_output")  # type: ignore[attr-defined]
    wired["grok"].moderate_next()  # type: ignore[attr-defined]
    wired["sora"].next_outcome("moderation")  # type: ignore[attr-defined]
    code, rows, _err = run(capsys, "run", "a fox", *every_provider(), "--json")
    assert code == 1
    assert {r["provider"]: r["failure_kind"] for r in rows} == dict.fromkeys(SERVICES, "moderation")
    for row in rows:
        assert row["take"] is None and row["retryable"] is False
        assert row["cost_usd"] is None  # a refused draw shows no cost
        message = row["failure_message"].lower()
        assert any(w in message for w in ("filter", "safety", "moderation")), message
        assert row["failure_text"], row  # the service's own words are kept


def test_a_retired_model_is_refused_before_anything_is_sent(wired, capsys) -> None:
    before = {name: len(fake.requests) for name, fake in wired.items()}  # type: ignore[attr-defined]
    code, rows, err = run(
        capsys, "run", "a fox", "--provider", "veo:veo-3.1-generate-preview", "--json"
    )
    assert code == 2 and rows == []
    assert "retired veo-3.1-generate-preview on 2026-10-22" in err
    assert "choose gemini-omni-1.1-flash instead" in err
    assert {name: len(fake.requests) for name, fake in wired.items()} == before  # type: ignore[attr-defined]


def test_providers_lists_every_model_with_status_price_and_billing(capsys) -> None:
    code, rows, _ = run(capsys, "providers", "--json")
    assert code == 0 and [r["provider"] for r in rows] == list(registry.PROVIDERS)
    for row in rows:
        info = registry.provider_info(row["provider"])
        assert row["failed_draws_charged"] in ("yes", "no", "unknown") and row["billing_source"]
        assert row["catalogue_checked"] == "2026-11-23"
        assert [m["id"] for m in row["models"]] == [m.id for m in info.models]
        for model in row["models"]:
            assert model["status"] in ("available", "deprecated", "retired")
            assert model["price_basis"] and model["status_text"].startswith(model["status"])
    charged = {r["provider"]: r["failed_draws_charged"] for r in rows}
    assert charged == {
        "sim": "no",
        "seedance": "no",
        "kling": "no",
        "veo": "unknown",
        "runway": "unknown",
        "grok": "unknown",
        "sora": "unknown",
    }
    veo = next(r for r in rows if r["provider"] == "veo")
    status = {m["id"]: m["status_text"] for m in veo["models"]}
    assert status["veo-3.1-generate-preview"] == (
        "retired on 2026-10-22; use gemini-omni-1.1-flash"
    )
    assert status["vertex/veo-3.1-generate-001"].startswith("deprecated (may go on or after")
    main(["providers"])
    text = capsys.readouterr().out
    assert "failed draws charged: no" in text and "¥46/M tokens" in text
    assert "retired on 2026-09-15" in text and "$0.126/s at 720p" in text


def test_providers_never_loads_the_network_stack(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from workbench.cli import main\n"
        "code = main(['providers', '--json'])\n"
        "assert 'httpx' not in sys.modules, 'workbench providers imported httpx'\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "WORKBENCH_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == len(registry.PROVIDERS)


def test_doctor_live_checks_each_service_without_generating(wired, capsys, monkeypatch) -> None:
    before = {name: len(fake.requests) for name, fake in wired.items()}  # type: ignore[attr-defined]
    code, rows, _ = run(capsys, "doctor", "--live", "--json")
    status = {r["provider"]: (r["key"], r["live"]) for r in rows}
    assert code == 0
    for name in SERVICES:
        assert status[name] == ("present", "ok"), (name, status[name])
    assert status["sim"] == ("not needed", "ok")
    for name, fake in wired.items():
        sent = fake.requests[before[name] :]  # type: ignore[attr-defined]
        assert len(sent) == 1 and sent[0].method == "GET", (name, sent)  # one cheap read
    monkeypatch.setenv("XAI_API_KEY", "wrong-key-1234")
    monkeypatch.setenv("WORKBENCH_RUNWAY_BASE_URL", "http://127.0.0.1:9")
    code, rows, _ = run(capsys, "doctor", "--live", "--json")
    status = {r["provider"]: r["live"] for r in rows}
    assert code == 1
    assert status["grok"] == "auth failed" and status["runway"] == "unreachable"


def test_doctor_reports_missing_keys(capsys, monkeypatch) -> None:
    code, rows, _ = run(capsys, "doctor", "--json")
    keys = {r["provider"]: r["key"] for r in rows}
    assert code == 0 and keys["sim"] == "not needed"
    assert all(keys[name] == "missing" for name in SERVICES)


def _assert_no_key_anywhere(root: Path, out_and_err: str = "") -> None:
    secrets = set(KEYS.values())
    for text in secrets:
        assert text not in out_and_err
    for path in root.rglob("*"):
        if path.is_file() and path.suffix not in (".mp4", ".jpg"):
            data = path.read_bytes()
            for text in secrets:
                assert text.encode() not in data, f"{text} leaked into {path}"
