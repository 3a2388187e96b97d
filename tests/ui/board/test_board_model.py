"""BoardModel: layout of rows and columns, event ordering, retries, no resets on updates."""

from __future__ import annotations

import dataclasses

from board_helpers import job
from PySide6.QtCore import QModelIndex, Qt

from workbench.domain.jobs import Failure, FailureKind, JobState
from workbench.ui.board import JOB_ROLE, ROW_LABELS_ROLE, BoardModel


def layout(model: BoardModel) -> list[list[int | None]]:
    """Job ids as the table shows them."""
    return [
        [
            (j.id if (j := model.job_at(model.index(r, c))) else None)
            for c in range(model.columnCount())
        ]
        for r in range(model.rowCount())
    ]


def test_rows_in_draw_order_columns_by_draw_number() -> None:
    model = BoardModel()
    model.set_jobs(
        [
            job(3, 1, model="sim-pro"),
            job(1, 1),
            job(2, 2),
            job(4, 2, model="sim-pro"),
            job(5, 3),
        ],
        seq=10,
    )
    # sim-fast's first draw (id 1) was made before sim-pro's (id 3).
    assert model.row_key(0) == ("sim", "sim-fast")
    assert layout(model) == [[1, 2, 5], [3, 4, None]]
    assert model.tile_count() == 5
    assert model.flags(model.index(1, 2)) == Qt.ItemFlag.NoItemFlags
    assert model.job_at(model.index(1, 2)) is None
    assert model.index(0, 2).data(JOB_ROLE).id == 5


def test_later_runs_of_the_same_version_continue_the_rows() -> None:
    model = BoardModel()
    first = [job(1, 1), job(2, 2), job(3, 1, model="sim-pro"), job(4, 2, model="sim-pro")]
    model.set_jobs(first, seq=5)
    # A reroll: run 2, draw numbers continue per service and model.
    model.apply(job(5, 3, run_id=2), seq=6)
    model.apply(job(6, 3, run_id=2, model="sim-pro"), seq=7)
    model.apply(job(7, 4, run_id=2), seq=8)
    assert layout(model) == [[1, 2, 5, 7], [3, 4, 6, None]]
    assert model.first_index_of_run(2) == model.index(0, 2)
    assert model.first_index_of_run(1) == model.index(0, 0)
    assert not model.first_index_of_run(99).isValid()
    assert [j.id for j in model.jobs()] == [1, 2, 5, 7, 3, 4, 6]


def test_inserts_use_row_and_column_signals(qtbot: object) -> None:
    model = BoardModel()
    model.set_jobs([], seq=0, version_id=7)
    seen: list[str] = []
    model.rowsInserted.connect(lambda *a: seen.append(f"row {a[1]}"))
    model.columnsInserted.connect(lambda *a: seen.append(f"col {a[1]}"))
    model.modelReset.connect(lambda: seen.append("reset"))
    model.apply(job(1, 1), seq=1)
    model.apply(job(2, 2), seq=2)
    model.apply(job(3, 1, model="sim-pro"), seq=3)
    assert seen == ["row 0", "col 0", "col 1", "row 1"]
    assert layout(model) == [[1, 2], [3, None]]


def test_out_of_order_draws_take_their_place() -> None:
    model = BoardModel()
    model.set_jobs([], seq=0, version_id=7)
    changed: list[tuple[int, int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), a.column(), b.column())))
    model.apply(job(3, 3), seq=1)
    model.apply(job(1, 1), seq=2)
    model.apply(job(2, 2), seq=3)
    assert layout(model) == [[1, 2, 3]]
    # Tiles that moved right were repainted.
    assert (0, 0, 1) in changed
    assert (0, 1, 2) in changed


def test_updates_are_one_data_changed_on_one_index() -> None:
    model = BoardModel()
    model.set_jobs([job(1, 1), job(2, 2)], seq=1)
    changed: list[tuple[QModelIndex, QModelIndex]] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a, b)))
    assert model.apply(job(2, 2, JobState.RUNNING, progress=0.5), seq=2)
    assert len(changed) == 1
    assert changed[0][0] == changed[0][1] == model.index(0, 1)
    assert model.index(0, 1).data(JOB_ROLE).progress == 0.5


def test_events_at_or_below_the_applied_seq_are_ignored() -> None:
    model = BoardModel()
    model.set_jobs([job(1, 1)], seq=10)
    # Older than the read: the read already reflects it.
    assert not model.apply(job(1, 1, JobState.SUBMITTING), seq=10)
    assert not model.apply(job(2, 2), seq=9)
    assert model.tile_count() == 1
    assert model.apply(job(1, 1, JobState.RUNNING, progress=0.2), seq=12)
    # An event that arrives late is older than what was applied for this job.
    assert not model.apply(job(1, 1, JobState.SUBMITTED), seq=11)
    assert model.jobs()[0].state is JobState.RUNNING
    assert model.apply(job(1, 1, JobState.RUNNING, progress=0.6), seq=13)
    assert model.jobs()[0].progress == 0.6


def test_an_older_read_keeps_newer_event_state() -> None:
    model = BoardModel()
    model.set_jobs([job(1, 1)], seq=10)
    model.apply(job(1, 1, JobState.DONE), seq=20)
    model.apply(job(2, 2, JobState.RUNNING), seq=21)
    # A read that was started before those events lands after them.
    model.set_jobs([job(1, 1, JobState.RUNNING)], seq=15)
    assert [j.state for j in model.jobs()] == [JobState.DONE, JobState.RUNNING]
    assert not model.apply(job(1, 1, JobState.RUNNING), seq=19)


def test_other_versions_are_ignored() -> None:
    model = BoardModel()
    model.set_jobs([job(1, 1)], seq=1)
    assert model.version_id == 7
    assert not model.apply(job(2, 2, version=8), seq=2)
    assert model.tile_count() == 1


def test_a_retry_replaces_the_failed_draw_in_place() -> None:
    model = BoardModel()
    failure = Failure(kind=FailureKind.MODERATION)
    model.set_jobs([job(1, 1), job(2, 2, JobState.FAILED, failure=failure), job(3, 3)], seq=3)
    changed: list[QModelIndex] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append(a))
    model.columnsInserted.connect(lambda *_: changed.append(QModelIndex()))
    assert model.apply(job(4, 4, retry_of=2, run_id=2), seq=4)
    assert layout(model) == [[1, 4, 3]]
    assert changed == [model.index(0, 1)]
    assert model.index_of(2) == model.index_of(4) == model.index(0, 1)
    # The hidden original's own late events change nothing on screen.
    assert model.apply(job(2, 2, JobState.FAILED, failure=failure, charged=False), seq=5)
    assert layout(model) == [[1, 4, 3]]
    # A retry of the retry replaces it again.
    model.apply(job(5, 5, retry_of=4), seq=6)
    assert layout(model) == [[1, 5, 3]]
    assert model.tile_count() == 3


def test_retries_in_a_read_and_retries_seen_before_their_original() -> None:
    model = BoardModel()
    model.set_jobs([job(1, 1, JobState.FAILED), job(2, 2), job(3, 3, retry_of=1)], seq=3)
    assert layout(model) == [[3, 2]]
    other = BoardModel()
    other.set_jobs([], seq=0, version_id=7)
    other.apply(job(3, 3, retry_of=1), seq=1)
    other.apply(job(1, 1, JobState.FAILED), seq=2)
    assert layout(other) == [[3]]
    assert other.index_of(1) == other.index(0, 0)


def test_row_labels_come_from_the_registry() -> None:
    model = BoardModel()
    model.set_jobs([job(1, 1), job(2, 1, provider="nowhere", model="m-1")], seq=1)
    service, name = model.headerData(0, Qt.Orientation.Vertical, ROW_LABELS_ROLE)
    assert service == "Sim (offline)"
    assert name == "Sim Fast"  # the part before " — "; the whole label is in the tooltip
    tip = model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
    assert "flat shapes" in tip
    assert "sim:sim-fast" in tip
    display = model.headerData(0, Qt.Orientation.Vertical, Qt.ItemDataRole.DisplayRole)
    assert display == "Sim (offline)\nSim Fast"
    # Unknown services fall back to their ids.
    assert model.headerData(1, Qt.Orientation.Vertical, ROW_LABELS_ROLE) == ("nowhere", "m-1")


def test_tooltip_has_the_whole_failure() -> None:
    failure = Failure(
        kind=FailureKind.MODERATION, provider_text="OutputVideoSensitiveContentDetected"
    )
    model = BoardModel()
    model.set_jobs([job(1, 3, JobState.FAILED, failure=failure, charged=False)], seq=1)
    tip = model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert "Refused by moderation" in tip
    assert "content filter" in tip
    assert "OutputVideoSensitiveContentDetected" in tip
    assert "not charged" in tip
    assert model.index(0, 0).data() == "#3 Refused by moderation"


def test_200_tiles_take_1000_progress_updates_without_a_reset() -> None:
    model = BoardModel()
    jobs = [
        job(i + 1, i % 20 + 1, JobState.RUNNING, model=f"sim-{i // 20}", progress=0.0)
        for i in range(200)
    ]
    model.set_jobs(jobs, seq=1)
    assert (model.rowCount(), model.columnCount(), model.tile_count()) == (10, 20, 200)
    resets: list[int] = []
    spans: list[int] = []
    model.modelAboutToBeReset.connect(lambda: resets.append(1))
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(
        lambda a, b, *_: spans.append((b.row() - a.row() + 1) * (b.column() - a.column() + 1))
    )
    for n in range(1000):
        current = jobs[(n * 7) % 200]
        update = dataclasses.replace(current, progress=round((n + 1) / 1000, 3))
        assert model.apply(update, seq=2 + n)
    assert resets == []
    assert spans == [1] * 1000
    assert model.tile_count() == 200
