"""Blind judging hides every name in the widget tree and the board's data, shuffles the takes,
and gives the names back once every shown take has a blind rating."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from compare_helpers import Compare
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QWidget

from workbench.domain.views import JobView
from workbench.ui.board.model import BLIND_LABEL_ROLE, JOB_ROLE, ROW_LABELS_ROLE, row_labels
from workbench.ui.board.words import money
from workbench.ui.compare.blind_model import BlindBoardModel

_ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.AccessibleDescriptionRole,
    Qt.ItemDataRole.StatusTipRole,
    Qt.ItemDataRole.WhatsThisRole,
    BLIND_LABEL_ROLE,
    ROW_LABELS_ROLE,
)


def names(jobs: list[JobView]) -> list[str]:
    """Everything that would tell who made a take: services, models, ids, seeds, costs."""
    found: set[str] = set()
    for job in jobs:
        service, short, full = row_labels(job.provider, job.model)
        found |= {service, short, full, job.provider, job.model, str(job.seed)}
        found |= {money(c) for c in (job.cost_usd, job.est_cost_usd) if c is not None}
    return sorted(found)


def widget_texts(root: QWidget, *, shown_only: bool = False) -> Iterator[tuple[str, str]]:
    """Every visible-to-someone text of every widget under ``root``.

    With ``shown_only``, widgets hidden from the user (and so from screen readers) are
    skipped; without it, hidden pages and labels count too.
    """
    for widget in [root, *root.findChildren(QWidget)]:
        if shown_only and not widget.isVisibleTo(root.window()):
            continue
        where = f"{type(widget).__name__}:{widget.objectName()}"
        for kind, text in (
            ("tooltip", widget.toolTip()),
            ("accessible name", widget.accessibleName()),
            ("accessible description", widget.accessibleDescription()),
            ("status tip", widget.statusTip()),
            ("what's this", widget.whatsThis()),
            ("title", widget.windowTitle()),
        ):
            if text:
                yield f"{where} {kind}", text
        if isinstance(widget, (QLabel, QAbstractButton)) and widget.text():
            yield f"{where} text", widget.text()
        if isinstance(widget, QComboBox):
            for i in range(widget.count()):
                yield f"{where} item {i}", widget.itemText(i)
                yield f"{where} item {i} tip", str(widget.itemData(i, Qt.ItemDataRole.ToolTipRole))
        label = getattr(widget, "label", None)
        if isinstance(label, str) and label:
            yield f"{where} painted label", label
        labels = getattr(widget, "labels", None)
        if isinstance(labels, tuple):
            yield f"{where} painted labels", " ".join(labels)


def model_texts(model: QAbstractItemModel) -> Iterator[tuple[str, str]]:
    """Every role of every cell and header, and the fields of the draws it hands out."""
    for row in range(model.rowCount()):
        for orientation in (Qt.Orientation.Vertical, Qt.Orientation.Horizontal):
            for role in _ROLES:
                value = model.headerData(row, orientation, role)
                if value:
                    yield f"header {row} {role}", str(value)
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in _ROLES:
                value = index.data(role)
                if value:
                    yield f"cell {row},{column} {role}", str(value)
            job = index.data(JOB_ROLE)
            if isinstance(job, JobView):
                for field in ("provider", "model", "seed", "cost_usd", "est_cost_usd", "render_s"):
                    value = getattr(job, field)
                    if value not in (None, "blind") and not (
                        field == "model" and re.fullmatch(r"\d{4}", str(value))
                    ):
                        yield f"cell {row},{column} job.{field}", str(value)


def find_leaks(
    roots: list[QWidget],
    model: QAbstractItemModel,
    secrets: list[str],
    *,
    shown_only: bool = False,
) -> list[str]:
    """Where any of ``secrets`` shows up under ``roots`` or in ``model``."""
    texts = [
        *(t for root in roots for t in widget_texts(root, shown_only=shown_only)),
        *model_texts(model),
    ]
    found = []
    for where, text in texts:
        for secret in secrets:
            if re.search(rf"(?<![\w.]){re.escape(secret)}(?![\w])", text):
                found.append(f"{where}: {secret!r} in {text!r}")
    return found


def leaks(compare: Compare, secrets: list[str]) -> list[str]:
    return find_leaks([compare.host], compare.pane.view.model(), secrets)


def open_everything(qtbot: Any, compare: Compare) -> None:
    """Survey and A/B pages built over the selection, so their labels exist too."""
    controller = compare.controller
    view = compare.pane.view
    ids = [j.id for j in view.board_model().jobs()]
    compare.select(*ids)
    assert controller.show_mode("survey")
    assert controller.show_mode("ab")
    assert controller.show_mode("grid")


def test_blind_hides_every_name_and_brings_them_back(
    qtbot: Any, compare: Compare, jobs_by_clip: Any
) -> None:
    jobs = compare.pane.model.jobs()
    secrets = names(jobs)
    assert "Kling" in secrets and "Seedance 2.0" in secrets and "$0.37" in secrets
    open_everything(qtbot, compare)
    # The walk finds the names while not blind (so it could find a leak).
    assert leaks(compare, secrets)
    qtbot.keyClick(compare.pane.view, Qt.Key.Key_B)
    blind = compare.controller.blind_mode
    assert blind.active and compare.controller.modes.blind_button.isChecked()
    assert isinstance(compare.pane.view.model(), BlindBoardModel)
    open_everything(qtbot, compare)
    assert leaks(compare, secrets) == []
    # Tiles, survey and A/B go by letters.
    letters = sorted(
        compare.pane.view.model().data(compare.pane.view.model().index(r, c), BLIND_LABEL_ROLE)
        for r in range(2)
        for c in range(2)
    )
    assert letters == ["A", "B", "C", "D"]
    assert compare.controller.ab_view.canvas.labels[0] in letters
    qtbot.keyClick(compare.pane.view, Qt.Key.Key_B)
    assert not blind.active
    assert compare.pane.view.model() is compare.pane.model
    open_everything(qtbot, compare)
    assert leaks(compare, secrets)


def test_blind_shuffles_the_takes_and_keeps_the_selection(
    qtbot: Any, compare: Compare, jobs_by_clip: Any
) -> None:
    red = jobs_by_clip("red")
    compare.select(red.id)
    blind = compare.controller.blind_mode
    blind.set_active(True)
    model = blind.model()
    assert model is not None
    sighted = [j.id for j in compare.pane.model.jobs()]
    shown = [j.id for j in model.jobs()]
    assert sorted(shown) == sorted(sighted)
    assert shown != sighted  # the seeded shuffle of this test moves them
    assert shown == model.job_ids()
    assert [model.letter_of(i) for i in shown] == ["A", "B", "C", "D"]
    view = compare.pane.view
    assert [j.id for j in view.selected_jobs()] == [red.id]
    assert view.current_job().id == red.id
    assert view.current_job().provider == "blind"


def test_rating_every_take_blind_brings_the_names_back(
    qtbot: Any, compare: Compare, jobs_by_clip: Any
) -> None:
    blind = compare.controller.blind_mode
    blind.set_active(True)
    source = compare.pane.model
    messages: list[str] = []
    compare.controller.sig_message.connect(messages.append)
    jobs = source.jobs()

    def rate(job: JobView, stars: int, seq: int, *, blind_rating: bool = True) -> None:
        assert job.take is not None
        take = dataclasses.replace(job.take, rating=stars, blind=blind_rating)
        source.apply(dataclasses.replace(job, take=take), seq)

    # A sighted rating from before does not count, and its stars are not shown.
    rate(jobs[0], 5, 10, blind_rating=False)
    masked = blind.model().job_at(blind.model().index_of(jobs[0].id))
    assert masked.take.rating is None
    for seq, job in enumerate(jobs[:-1], start=11):
        rate(job, 3, seq)
        assert blind.active
    masked = blind.model().job_at(blind.model().index_of(jobs[0].id))
    assert masked.take.rating == 3  # a blind rating shows on the blind tile
    with qtbot.waitSignal(blind.sig_changed, check_params_cb=lambda on: on is False):
        rate(jobs[-1], 4, 20)
    assert not blind.active
    assert compare.pane.view.model() is source
    assert messages and "names are back" in messages[-1]
