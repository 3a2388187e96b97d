"""Model rows: audio, life-cycle status, price basis, and fitting in a narrow panel."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from PySide6.QtWidgets import QWidget

from workbench.domain.capabilities import ModelCapabilities
from workbench.providers import registry
from workbench.ui.services import ServicesPane
from workbench.ui.services.tone import Tone
from workbench.ui.services.words import LifeKind, life_cycle, price_basis


class _WithStatus(ModelCapabilities):
    """A model as the catalogue will describe it once life-cycle status lands."""

    status: object = None


def _veo_with_status():
    info = registry.provider_info("veo")
    models = []
    for model in info.models:
        status = None
        if model.id == "veo-3.1-generate-preview":
            status = SimpleNamespace(
                kind="retired", date="2026-10-22", replacement="gemini-omni-1.1-flash"
            )
        elif model.id == "vertex/veo-3.1-generate-001":
            status = SimpleNamespace(kind="deprecated", date="2026-11-17", replacement=None)
        models.append(_WithStatus(**model.model_dump(), status=status))
    return info.model_copy(update={"models": tuple(models)})


def test_audio_is_disabled_with_a_reason_where_the_model_has_no_choice(qtbot):
    pane = ServicesPane([registry.provider_info("kling"), registry.provider_info("sora")])
    qtbot.addWidget(pane)
    silent = pane.row("kling:kling-v2-5-turbo")
    assert not silent.audio.isEnabled()
    assert "silent" in silent.audio.toolTip()
    always = pane.row("sora:sora-2")
    assert not always.audio.isEnabled()
    assert always.audio.isChecked()
    assert "always" in always.audio.toolTip()
    always.set_checked(True)
    assert pane.targets()[0].audio is True


def test_retired_and_deprecated_models_say_so(qtbot):
    pane = ServicesPane([_veo_with_status()])
    qtbot.addWidget(pane)
    retired = pane.row("veo:veo-3.1-generate-preview")
    assert retired.refused
    assert not retired.check.isEnabled()
    assert "retired" in retired.badge.text()
    assert "Gemini Omni Flash 1.1" in retired.badge.text()
    assert retired.badge.tone() is Tone.ERROR
    retired.set_checked(True)
    assert pane.targets() == []
    pane.restore_state({"rows": {retired.key: {"checked": True}}})
    assert pane.targets() == []

    deprecated = pane.row("veo:vertex/veo-3.1-generate-001")
    assert deprecated.check.isEnabled()
    assert "2026-11-17" in deprecated.badge.text()
    assert deprecated.badge.tone() is Tone.WARNING
    assert pane.row("veo:gemini-omni-1.1-flash").badge.isHidden()


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (None, LifeKind.AVAILABLE),
        ("retired", LifeKind.RETIRED),
        (SimpleNamespace(state=SimpleNamespace(value="DEPRECATED")), LifeKind.DEPRECATED),
        (SimpleNamespace(kind="available"), LifeKind.AVAILABLE),
        (SimpleNamespace(), LifeKind.AVAILABLE),
    ],
)
def test_life_cycle_is_read_from_any_likely_shape(status, kind):
    model = _WithStatus(id="m", status=status)
    assert life_cycle(model).kind is kind


def test_price_basis_per_second_per_token_and_per_resolution():
    sim_fast = registry.provider_info("sim").model("sim-fast")
    assert price_basis(sim_fast)[0] == "$0.01/s"
    kling = registry.provider_info("kling").model("kling-v3")
    assert price_basis(kling, "1080p")[0] == "$0.112/s"
    seedance = registry.provider_info("seedance").models[0]
    text, tip = price_basis(seedance, "720p", "adaptive")
    assert text.startswith("≈$") and text.endswith("/s")
    assert "1,000 tokens" in tip


def _clipped(container: QWidget) -> list[str]:
    """Visible children that stick out of ``container`` on the right."""
    return [
        type(child).__name__
        for child in container.findChildren(QWidget)
        if child.isVisibleTo(container)
        and child.parentWidget() is container
        and child.geometry().right() > container.width()
    ]


def test_checked_rows_fit_380_px_without_clipping(qtbot):
    pane = ServicesPane()
    qtbot.addWidget(pane)
    for key in ("sim:sim-fast", "kling:kling-v3", "seedance:dreamina-seedance-2-0-mini"):
        pane.row(key).set_checked(True)
    pane.row("sim:sim-fast").seed.set_policy("sequence", 2_000_000_000)
    pane.resize(380, 900)
    pane.show()
    qtbot.waitExposed(pane)
    # Layout settles in posted events after showing; it must settle inside the viewport.
    qtbot.waitUntil(lambda: pane.scroll.widget().width() <= pane.scroll.viewport().width())
    for row in pane.rows():
        if row.is_checked():
            assert _clipped(row.controls) == [], row.key
            assert row.controls.height() >= row.draws.height()
    assert pane.summary.sizeHint().width() <= pane.width()
