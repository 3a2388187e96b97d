"""The services panel: default selection, targets, plan problems, estimate, state."""

from __future__ import annotations

import json

import pytest

from workbench.domain.problems import Problem
from workbench.domain.spec import GenerationSpec, SeedPolicyKind
from workbench.domain.views import KeyStatus
from workbench.engine.planner import RunPlan, plan_run
from workbench.providers import registry
from workbench.ui.services import ServicesPane
from workbench.ui.services.tone import Tone


@pytest.fixture
def pane(qtbot):
    widget = ServicesPane()
    qtbot.addWidget(widget)
    widget.resize(380, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _plan(pane: ServicesPane, **kwargs) -> RunPlan:
    spec = GenerationSpec(prompt="雨夜霓虹街道，一只小狐狸慢慢走过")
    return plan_run(
        spec, pane.targets(), provider_for=registry.create, has_key=lambda _p: True, **kwargs
    )


def test_groups_follow_registry_order_with_sim_first(pane):
    assert [g.provider.id for g in pane.groups] == list(registry.PROVIDERS)
    assert pane.groups[0].provider.id == "sim"
    assert [r.model.id for r in pane.group("sim").rows] == ["sim-fast", "sim-pro", "sim-cinema"]


def test_select_defaults_gives_two_sim_targets_with_four_draws(pane, qtbot):
    with qtbot.waitSignal(pane.sig_changed):
        pane.select_defaults(4)
    targets = pane.targets()
    assert [(t.provider, t.model, t.draws) for t in targets] == [
        ("sim", "sim-fast", 4),
        ("sim", "sim-pro", 4),
    ]
    # The launch contract: Ctrl+Enter right away gives 8 takes.
    plan = _plan(pane)
    assert plan.ok, plan.problems
    assert len(plan.draws) == 8
    assert "8 draws" in pane.summary_text()
    assert pane.group("sim").count.text() == "2/3"


def test_select_defaults_unchecks_everything_else(pane):
    pane.row("kling:kling-v3").set_checked(True)
    pane.select_defaults(3)
    assert [t.label for t in pane.targets()] == ["sim:sim-fast", "sim:sim-pro"]
    assert all(t.draws == 3 for t in pane.targets())


def test_unchecked_rows_are_one_line_and_checked_rows_show_controls(pane):
    row = pane.row("sim:sim-cinema")
    assert not row.controls.isVisibleTo(row)
    row.set_checked(True)
    assert row.controls.isVisibleTo(row)


def test_changing_a_rows_duration_changes_targets(pane, qtbot):
    pane.select_defaults(4)
    row = pane.row("sim:sim-pro")
    with qtbot.waitSignal(pane.sig_changed):
        row.duration.setCurrentIndex(row.duration.findData(9))
    target = next(t for t in pane.targets() if t.model == "sim-pro")
    assert target.duration == 9
    assert next(t for t in pane.targets() if t.model == "sim-fast").duration == 4


def test_row_overrides_reach_the_target(pane):
    row = pane.row("sim:sim-fast")
    row.set_checked(True)
    row.aspect.setCurrentIndex(row.aspect.findData("9:16"))
    row.resolution.setCurrentIndex(row.resolution.findData("720p"))
    row.audio.setChecked(True)
    row.draws.setValue(7)
    (target,) = pane.targets()
    assert (target.aspect, target.resolution, target.audio, target.draws) == (
        "9:16",
        "720p",
        True,
        7,
    )


def test_set_plan_shows_a_row_problem_under_the_right_row_and_the_estimate(pane):
    pane.select_defaults(4)
    plan = _plan(pane)
    plan.problems += [
        Problem(code="duration", message="sim-pro cannot make a 11 s clip", target="sim:sim-pro"),
        Problem(code="model", message="Kling has no model 'x'", target="kling"),
        Problem(code="other", message="something about the whole run"),
    ]
    plan.estimate_usd = 1.84
    pane.set_plan(plan)
    assert "sim-pro cannot make a 11 s clip" in pane.row("sim:sim-pro").problem_text()
    assert pane.row("sim:sim-fast").problem_text() == ""
    assert pane.group("kling").problems.text() == "Kling has no model 'x'"
    assert pane.top_problems.text() == "something about the whole run"
    assert pane.summary_text() == "est. $1.84 · 8 draws"
    pane.set_plan(_plan(pane))  # a clean plan clears every message
    assert pane.row("sim:sim-pro").problem_text() == ""
    assert pane.top_problems.isHidden()


def test_cli_worded_problems_get_desktop_words(pane):
    pane.row("kling:kling-v3").set_checked(True)
    spec = GenerationSpec(prompt="a fox")
    plan = plan_run(spec, pane.targets(), provider_for=registry.create, has_key=lambda _p: False)
    pane.set_plan(plan)
    text = pane.row("kling:kling-v3").problem_text()
    assert "Settings" in text
    assert "workbench keys" not in text
    pane.row("kling:kling-v3").set_checked(False)
    pane.set_plan(plan_run(spec, [], provider_for=registry.create, has_key=lambda _p: True))
    assert "--provider" not in pane.top_problems.text()
    assert pane.top_problems.text()


def test_over_budget_estimate_turns_amber_in_words(pane):
    pane.select_defaults(4)
    pane.set_budget(0.01)
    pane.set_plan(_plan(pane, budget_usd=0.01))
    assert "over budget" in pane.summary_text()
    assert pane.summary.tone() is Tone.WARNING
    assert pane.top_problems.isHidden()  # the budget is said once, in the summary
    pane.set_budget(None)
    pane.set_plan(_plan(pane))
    assert pane.summary.tone() is Tone.NORMAL


def test_estimate_is_shown_before_any_plan_arrives(pane):
    pane.select_defaults(4)
    # sim-fast $0.01/s × 4 s × 4 + sim-pro $0.05/s × 4 s × 4 = $0.96
    assert pane.summary_text() == "est. $0.96 · 8 draws"


def test_state_round_trips_through_json(pane, qtbot):
    pane.select_defaults(4)
    pane.row("sim:sim-pro").duration.setCurrentIndex(pane.row("sim:sim-pro").duration.findData(10))
    pane.row("sim:sim-fast").seed.set_policy("sequence", 1000)
    pane.row("kling:kling-v3").set_checked(True)
    pane.group("veo").set_open(False)
    saved = json.loads(json.dumps(pane.state()))

    other = ServicesPane()
    qtbot.addWidget(other)
    with qtbot.waitSignal(other.sig_changed):
        assert other.restore_state(saved) is True
    assert other.targets() == pane.targets()
    assert other.group("veo").is_open() is False


def test_restore_skips_unknown_services_models_and_values(pane):
    state = {
        "version": 1,
        "rows": {
            "nope:whatever": {"checked": True},
            "sim:gone-model": {"checked": True},
            "sim:sim-fast": {"checked": True, "duration": 99, "aspect": "7:5", "draws": 3},
        },
        "folded": {"nope": True},
    }
    assert pane.restore_state(state) is True
    (target,) = pane.targets()
    assert (target.model, target.duration, target.aspect, target.draws) == (
        "sim-fast",
        4,
        "16:9",
        3,
    )
    assert pane.restore_state({"garbage": 1}) is False
    assert pane.restore_state("not a dict") is False  # type: ignore[arg-type]
    assert pane.targets() == []


def test_key_status_header_and_settings_link(pane, qtbot):
    pane.set_key_status(
        {
            "sim": KeyStatus("sim", needed=False, present=False),
            "kling": KeyStatus("kling", needed=True, present=False),
            "runway": KeyStatus("runway", needed=True, present=True, source="keychain"),
        }
    )
    assert pane.group("sim").key_label.text() == "no key needed"
    kling = pane.group("kling")
    assert kling.key_button.isVisibleTo(kling)
    assert "key missing" in kling.key_button.text()
    assert pane.group("runway").key_label.text() == "key set"
    assert not pane.group("runway").key_button.isVisibleTo(pane.group("runway"))
    with qtbot.waitSignal(pane.sig_settings_requested) as blocker:
        kling.key_button.click()
    assert blocker.args == ["kling"]


def test_groups_without_key_start_folded_and_open_on_click(pane):
    pane.set_key_status({"kling": KeyStatus("kling", needed=True, present=False)})
    kling = pane.group("kling")
    assert not kling.is_open()
    kling.fold.click()
    assert kling.is_open()
    assert kling.body.isVisibleTo(kling)


def test_seed_policy_widgets(pane):
    row = pane.row("sim:sim-fast")
    row.set_checked(True)
    assert not row.seed.value_spin.isVisibleTo(row)
    assert pane.targets()[0].seed_policy.kind is SeedPolicyKind.RANDOM
    row.seed.set_policy("fixed", 42)
    assert row.seed.value_spin.isVisibleTo(row)
    policy = pane.targets()[0].seed_policy
    assert (policy.kind, policy.value) == (SeedPolicyKind.FIXED, 42)
    row.seed.set_policy("sequence", 100)
    policy = pane.targets()[0].seed_policy
    assert (policy.kind, policy.value) == (SeedPolicyKind.SEQUENCE, 100)
    row.seed.set_policy("random")
    assert not row.seed.value_spin.isVisibleTo(row)


def test_default_seed_policy_spares_rows_chosen_by_hand(pane):
    fast, pro = pane.row("sim:sim-fast"), pane.row("sim:sim-pro")
    pro.seed.kind_combo.activated.emit(2)  # the user picked a policy by hand
    pane.set_default_seed_policy("fixed")
    assert fast.seed.kind() is SeedPolicyKind.FIXED
    assert pro.seed.kind() is SeedPolicyKind.RANDOM


def test_a_model_without_seed_shows_no_seed(pane):
    row = pane.row("kling:kling-v3")
    assert not row.model.seed.supported
    pane.group("kling").set_open(True)
    row.set_checked(True)
    assert row.seed.no_seed_label.isVisibleTo(row)
    assert row.seed.no_seed_label.text() == "no seed"
    assert not row.seed.kind_combo.isVisibleTo(row)
    assert pane.targets()[0].seed_policy is None


def test_newly_checked_rows_start_with_the_default_draws(pane):
    pane.row("kling:kling-v3").set_checked(True)
    pane.row("kling:kling-v3").draws.setValue(9)
    pane.select_defaults(4)
    pane.row("sim:sim-cinema").set_checked(True)
    pane.row("kling:kling-v3").set_checked(True)
    assert {t.model: t.draws for t in pane.targets()} == {
        "sim-fast": 4,
        "sim-pro": 4,
        "sim-cinema": 4,
        "kling-v3": 4,
    }
    pane.restore_state({"rows": {"sim:sim-fast": {"checked": True, "draws": 2}}})
    pane.row("sim:sim-pro").set_checked(True)
    assert {t.model: t.draws for t in pane.targets()} == {"sim-fast": 2, "sim-pro": 4}


def test_state_of_untouched_panel_is_small(pane):
    pane.set_default_seed_policy("fixed")
    pane.select_defaults(4)
    assert set(pane.state()["rows"]) == {"sim:sim-fast", "sim:sim-pro"}


def test_tab_walks_a_checked_row_in_reading_order(pane, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    row = pane.row("sim:sim-fast")
    row.set_checked(True)
    row.seed.set_policy("fixed", 7)
    pane.activateWindow()
    row.check.setFocus()
    qtbot.waitUntil(row.check.hasFocus)
    seen = []
    for _ in range(7):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    expected = [
        row.duration,
        row.aspect,
        row.resolution,
        row.audio,
        row.draws,
        row.seed.kind_combo,
        row.seed.value_spin,
    ]
    # A spin box hands focus to its inner line edit.
    assert [w if w in expected else w.parentWidget() for w in seen] == expected


def test_prompt_limits_of_the_checked_models(pane):
    pane.select_defaults(4)
    pane.row("runway:gen4.5").set_checked(True)
    assert pane.prompt_limits() == [
        ("Sim Fast", 2000, "chars"),
        ("Sim Pro", 2000, "chars"),
        ("Gen-4.5", 1000, "utf16"),
    ]
