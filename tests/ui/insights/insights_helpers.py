"""Realistic statistics and prompt histories, and a bridge over a fake engine that serves them.

The panes only ever call ``bridge.call(use_case, on_done, on_error)`` and connect the
bridge's signals; ``FakeBridge`` runs each use case on a ``FakeEngine`` at once and
delivers the answer on the next turn of the event loop, as the real bridge does.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from workbench.domain.views import (
    PromptHistory,
    PromptVersionView,
    ProviderStats,
    RunSummary,
    Sighting,
    StatsFilter,
    VersionOutcome,
)

NOW = 1_800_000_000.0
DAY = 86_400.0


def stats_rows() -> list[ProviderStats]:
    """Six services and models of a busy month (as ``engine.stats`` orders them)."""
    return [
        ProviderStats("grok", "grok-imagine-video", 22, 17, 5, 0, 20, 5.5, 21.0,
                      {"moderation": 5}, {"style": 2}),
        ProviderStats("kling", "kling-v3", 318, 289, 29, 63, 301, 178.08, 96.0,
                      {"moderation": 18, "quota": 7, "provider": 4},
                      {"hands": 11, "text": 7, "style": 4}),
        ProviderStats("runway", "gen4.5", 96, 90, 6, 11, 92, 57.6, 48.0,
                      {"provider": 4, "network": 2}, {"camera": 6, "physics": 4}),
        ProviderStats("seedance", "dreamina-seedance-2-0-260128", 412, 376, 36, 71, 380,
                      131.6, 74.2, {"moderation": 21, "provider": 9, "timeout": 6},
                      {"hands": 14, "physics": 9, "face": 6, "camera": 3}),
        ProviderStats("sim", "sim-fast", 60, 60, 0, 9, 0, 0.0, 2.1, {}, {}),
        ProviderStats("veo", "veo-3.1-generate-preview", 141, 129, 12, 38, 131, 451.2, 62.5,
                      {"moderation": 9, "invalid": 3}, {"off-prompt": 5, "artefacts": 3}),
    ]  # fmt: skip


VERSIONS = {
    "en": [
        ("A paper boat drifts down a rainy street at night", "blur"),
        (
            "A paper boat drifts down a rain-soaked neon street at night, reflections shimmering",
            "blur, watermark",
        ),
        (
            "A white paper boat drifts slowly down a rain-soaked neon street at night, "
            "reflections shimmering, slow dolly shot",
            "blur, watermark, text",
        ),
    ],
    "zh": [
        ("雨夜街道上，一只小纸船顺着积水漂走", "模糊"),
        ("雨夜霓虹街道上，一只纸船顺着积水缓缓漂流，倒影闪烁", "模糊，水印"),
        (
            "雨夜霓虹街道上，一只白色纸船顺着积水缓缓漂流，倒影闪烁，镜头缓慢推进",
            "模糊，水印，文字",
        ),
    ],
}


def history(language: str = "en", prompt_id: int = 12) -> PromptHistory:
    """Three versions of one prompt; each rewrite kept more takes."""
    outcomes = [
        (
            VersionOutcome("kling", "kling-v3", 16, 2, 8.96, 16),
            VersionOutcome("seedance", "dreamina-seedance-2-0-260128", 16, 3, 5.6, 16),
        ),
        (
            VersionOutcome("kling", "kling-v3", 12, 3, 6.72, 12),
            VersionOutcome("seedance", "dreamina-seedance-2-0-260128", 12, 4, 4.2, 12),
            VersionOutcome("veo", "veo-3.1-generate-preview", 4, 1, 12.8, 4),
        ),
        (
            VersionOutcome("kling", "kling-v3", 8, 4, 4.48, 8),
            VersionOutcome("seedance", "dreamina-seedance-2-0-260128", 8, 3, 2.8, 8),
        ),
    ]
    versions = tuple(
        PromptVersionView(
            id=30 + n,
            prompt_id=prompt_id,
            version=n + 1,
            text=text,
            negative=negative,
            created_at=NOW - (3 - n) * DAY,
            outcomes=outcomes[n],
        )
        for n, (text, negative) in enumerate(VERSIONS[language])
    )
    return PromptHistory(prompt_id=prompt_id, versions=versions)


def run_summary(prompt_id: int, version: PromptVersionView, run_id: int) -> RunSummary:
    return RunSummary(
        id=run_id,
        prompt_id=prompt_id,
        prompt_version_id=version.id,
        prompt_version=version.version,
        prompt=version.text,
        created_at=version.created_at,
        estimate_usd=1.0,
        budget_usd=None,
        parent_take_id=None,
        providers=("kling",),
        total=8,
        done=8,
        failed=0,
        pending=0,
        other=0,
        cost_usd=1.0,
        finished=True,
    )


class FakeEngine:
    """Serves fixed statistics (narrowed by prompt and sighting) and histories."""

    def __init__(self, language: str = "en") -> None:
        self.histories = {
            12: history(language, 12),
            7: history("zh" if language == "en" else "en", 7),
        }
        self.rows = stats_rows()
        self.asked: list[StatsFilter] = []

    async def stats(self, flt: StatsFilter | None = None) -> list[ProviderStats]:
        flt = flt or StatsFilter()
        self.asked.append(flt)
        if flt.until is not None and flt.until < NOW - 30 * DAY:
            return []
        rows = self.rows
        if flt.prompt_id is not None:
            rows = rows[1:4:2]
        if flt.sighting is Sighting.BLIND:
            rows = rows[:2]
        return list(rows)

    async def run_summaries(self, limit: int = 50, before: int | None = None) -> list[RunSummary]:
        runs = []
        for prompt_id, h in self.histories.items():
            for v in h.versions:
                runs.append(run_summary(prompt_id, v, 100 + v.id + prompt_id))
        return runs[:limit]

    async def prompt_history(self, prompt_id: int) -> PromptHistory:
        if prompt_id not in self.histories:
            raise LookupError(f"there is no prompt {prompt_id}")
        return self.histories[prompt_id]


class FakeBridge(QObject):
    """The bridge's signals and ``call``, over a :class:`FakeEngine`."""

    sig_snapshot = Signal(object)
    sig_job_changed = Signal(object)
    sig_run_changed = Signal(object)
    sig_take_changed = Signal(object)
    sig_take_deleted = Signal(object)
    sig_engine_changed = Signal(object)
    sig_error = Signal(str)

    def __init__(self, engine: FakeEngine | None = None, *, sync: bool = False) -> None:
        super().__init__()
        self.engine = engine or FakeEngine()
        self.sync = sync
        self.calls = 0
        self.pending = 0

    def call(
        self,
        use_case: Callable[[Any], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        self.calls += 1
        try:
            result: Any = asyncio.run(use_case(self.engine))
            error: BaseException | None = None
        except Exception as exc:  # delivered like the real bridge does
            result, error = None, exc

        def deliver() -> None:
            if error is not None:
                if on_error is not None:
                    on_error(error)
            elif on_done is not None:
                on_done(result)

        if self.sync:
            deliver()
        else:
            QTimer.singleShot(0, self, deliver)
