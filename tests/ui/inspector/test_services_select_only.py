"""ServicesPane.select_only (Recall): one row checked, with the target's settings."""

from __future__ import annotations

from typing import Any

from workbench.domain.spec import SeedPolicy, SeedPolicyKind
from workbench.engine.planner import Target
from workbench.ui.services.pane import ServicesPane


def test_select_only_checks_one_row_with_the_targets_settings(qtbot: Any) -> None:
    pane = ServicesPane()
    qtbot.addWidget(pane)
    pane.select_defaults(4)
    changes: list[None] = []
    pane.sig_changed.connect(lambda: changes.append(None))
    seed = SeedPolicy(kind=SeedPolicyKind.FIXED, value=4242)
    target = Target("sim", "sim-pro", 1, 6, "9:16", "720p", True, seed)
    assert pane.select_only(target)
    assert pane.targets() == [target]
    assert len(changes) == 1  # one re-plan, not one per row
    # Kling is folded (no key); recalling one of its models opens its group.
    kling = Target("kling", "kling-v3", 2, duration=None, aspect="1:1")
    assert pane.select_only(kling)
    (only,) = pane.targets()
    assert (only.provider, only.model, only.draws, only.aspect) == ("kling", "kling-v3", 2, "1:1")
    assert only.duration == pane.row("kling:kling-v3").model.default_duration
    assert pane.group("kling").is_open()


def test_select_only_an_unknown_model_changes_nothing(qtbot: Any) -> None:
    pane = ServicesPane()
    qtbot.addWidget(pane)
    pane.select_defaults(4)
    before = pane.targets()
    assert not pane.select_only(Target("sim", "sim-nonexistent", 1))
    assert not pane.select_only(Target("nowhere", "x", 1))
    assert pane.targets() == before
