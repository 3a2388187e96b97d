"""Model life cycles and billing as data: catalogue files, the rules on them, cheap imports."""

from __future__ import annotations

import datetime
import importlib.resources
import subprocess
import sys

import pytest

from workbench.domain.capabilities import (
    BillingPolicy,
    Charged,
    Lifecycle,
    ModelCapabilities,
    ModelStatus,
    PriceRule,
    PriceUnit,
)
from workbench.domain.jobs import Failure, FailureKind
from workbench.domain.spec import GenerationSpec, ImageInput
from workbench.providers import billing, catalogue, registry
from workbench.providers.base import Asset, Phase, Status
from workbench.providers.catalogue import CatalogueError

CHECKED = datetime.date(2026, 11, 23)


# -- every service's catalogue ------------------------------------------------------------
@pytest.mark.parametrize("provider_id", list(registry.PROVIDERS))
def test_every_service_declares_its_catalogue_billing_and_prices(provider_id: str) -> None:
    info = registry.provider_info(provider_id)
    assert registry.provider_class(provider_id).info is info
    assert info.catalogue_checked == CHECKED
    assert info.billing.failed_draws in Charged and info.billing.source
    package = f"workbench.providers.{provider_id}"
    text = importlib.resources.files(package).joinpath("catalogue.toml").read_text()
    listed = catalogue.parse(text)
    assert set(listed.models) == {m.id for m in info.models}  # one line per declared model
    for model in info.models:
        assert model.lifecycle == listed.models[model.id]
        assert model.price.source and model.price.describe()
        if model.retired:
            assert model.lifecycle.date is not None and model.lifecycle.source
    assert info.default_model in info.model_ids  # the default is never a dead model


def test_the_billing_of_failed_draws_per_service() -> None:
    charged = {pid: registry.provider_info(pid).billing.failed_draws for pid in registry.PROVIDERS}
    assert charged == {
        "sim": Charged.NO,
        "seedance": Charged.NO,  # only successful videos are billed
        "kling": Charged.NO,  # failed videos deduct nothing
        "veo": Charged.UNKNOWN,
        "runway": Charged.UNKNOWN,
        "grok": Charged.UNKNOWN,
        "sora": Charged.UNKNOWN,
    }


def test_declarations_load_without_adapters_or_the_network_stack() -> None:
    script = (
        "import sys\n"
        "from workbench.providers import registry\n"
        "for pid in registry.PROVIDERS:\n"
        "    registry.provider_info(pid)\n"
        "bad = [m for m in sys.modules if m == 'httpx' or m.endswith('.adapter')]\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# -- the file format ----------------------------------------------------------------------
TOML = """
checked = 2026-11-23
source = "a test"
[billing]
failed_draws = "no"
source = "the vendor's price page"
[models]
"old" = { status = "retired", date = 2026-06-30, replacement = "new", source = "changelog" }
"new" = { status = "deprecated", date = 2026-12-01 }
"""


def caps(model_id: str) -> ModelCapabilities:
    return ModelCapabilities(id=model_id)


def test_a_catalogue_gives_each_declared_model_its_life_cycle() -> None:
    parsed = catalogue.parse(TOML)
    assert parsed.checked == CHECKED and parsed.billing.failed_draws is Charged.NO
    old, new = parsed.apply([caps("old"), caps("new")])
    assert old.retired and old.lifecycle.replacement == "new"
    assert new.lifecycle.status is ModelStatus.DEPRECATED and not new.retired


@pytest.mark.parametrize(
    ("declared", "words"),
    [(["old"], r"not declared \['new'\]"), (["old", "new", "extra"], r"catalogue \['extra'\]")],
)
def test_a_catalogue_that_disagrees_with_the_declarations_is_refused(declared, words) -> None:
    with pytest.raises(CatalogueError, match=words):
        catalogue.parse(TOML).apply([caps(m) for m in declared])


def test_a_broken_catalogue_is_refused_in_words() -> None:
    with pytest.raises(CatalogueError, match="must be a date"):
        catalogue.parse('checked = "soon"')
    with pytest.raises(CatalogueError, match="not a model catalogue"):
        catalogue.parse("checked = 2026-11-23\n[models]\nx = { status = 'gone' }")
    with pytest.raises(CatalogueError, match="not a model catalogue"):
        catalogue.parse("checked = [")
    wrong = TOML.replace('replacement = "new"', 'replacement = "nowhere"')
    with pytest.raises(CatalogueError, match="replacement nowhere is undeclared"):
        catalogue.parse(wrong).apply([caps("old"), caps("new")])


# -- life cycle in words ------------------------------------------------------------------
def test_life_cycles_refuse_warn_and_describe() -> None:
    gone = Lifecycle(status=ModelStatus.RETIRED, date=datetime.date(2026, 6, 30), replacement="b")
    problem = gone.problem("a", "Service")
    assert problem is not None and problem.code == "model_retired" and problem.allowed == ("b",)
    assert (
        problem.message == "Service retired a on 2026-06-30, so a draw would fail; choose b instead"
    )
    orphan = Lifecycle(status=ModelStatus.RETIRED).problem("a", "Service")
    assert orphan is not None and "names no replacement" in orphan.message
    going = Lifecycle(status=ModelStatus.DEPRECATED, date=datetime.date(2026, 11, 17))
    warning = going.warning("a", "Service")
    assert warning is not None and "on or after 2026-11-17" in warning.message
    assert going.problem("a", "S") is None and gone.warning("a", "S") is None
    assert Lifecycle().describe() == "available"
    assert gone.describe() == "retired on 2026-06-30; use b"
    assert going.describe() == "deprecated (may go on or after 2026-11-17)"


# -- prices -------------------------------------------------------------------------------
def test_price_rules_describe_their_basis_and_count_image_fees() -> None:
    rule = PriceRule(
        usd=0.05, by_resolution={"480p": 0.05, "720p": 0.07}, image_usd=0.002, verified=True
    )
    assert rule.describe() == "$0.05/s; 720p $0.07/s; +$0.002 per input image"
    image = ImageInput(path="/x.png", format="png", width=640, height=360)
    spec = GenerationSpec(prompt="x", duration=8, resolution="720p", first_frame=image)
    assert rule.estimate(spec) == pytest.approx(0.07 * 8 + 0.002)
    yuan = PriceRule(
        unit=PriceUnit.KTOKENS, usd=0.0064, currency="CNY", native={"*": 0.046}, verified=True
    )
    assert yuan.describe() == "¥46/M tokens" and yuan.native_rate("720p", False) == 0.046
    assert PriceRule(usd=0.1).describe().endswith("(unverified)")


# -- whether a draw was charged -----------------------------------------------------------
NO, UNKNOWN = BillingPolicy(failed_draws=Charged.NO), BillingPolicy()
DONE = Status(Phase.SUCCEEDED, assets=(Asset(url="https://x/v.mp4"),), cost_usd=0.5)
FAILED = Status(Phase.FAILED, failure=Failure(kind=FailureKind.MODERATION), cost_usd=0.5)


@pytest.mark.parametrize(
    ("status", "policy", "charged", "cost"),
    [
        (DONE, UNKNOWN, True, 0.5),  # a delivered video is charged
        (FAILED, NO, False, None),  # Kling, Seedance: failed draws cost nothing
        (FAILED, UNKNOWN, None, None),  # nobody says: no cost shown
        (FAILED.__class__(Phase.FAILED, cost_usd=0.3, charged=True), NO, True, 0.3),
        (DONE.__class__(Phase.SUCCEEDED, cost_usd=0.0, charged=False), NO, False, None),
        (Status(Phase.RUNNING, cost_usd=0.2), NO, None, 0.2),  # not settled until it ends
    ],
)
def test_settling_a_status_decides_the_charge_and_keeps_cost_only_when_charged(
    status: Status, policy: BillingPolicy, charged: bool | None, cost: float | None
) -> None:
    settled = billing.settle(status, policy)
    assert (settled.charged, settled.cost_usd) == (charged, cost)
    assert billing.reported_charge(None) is None and billing.reported_charge(0) is False


def test_the_wheel_ships_every_catalogue(tmp_path) -> None:
    import zipfile
    from pathlib import Path

    pytest.importorskip("hatchling")
    from hatchling.builders.wheel import WheelBuilder

    import workbench

    root = Path(workbench.__file__).resolve().parent.parent
    built = WheelBuilder(str(root)).build(directory=str(tmp_path), versions=["standard"])
    names = set(zipfile.ZipFile(next(iter(built))).namelist())
    for provider_id in registry.PROVIDERS:
        assert f"workbench/providers/{provider_id}/catalogue.toml" in names
