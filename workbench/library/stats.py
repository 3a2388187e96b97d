"""The 抽卡 ledger: per service and model, draws, keepers, spend, render times, failures.

Everything is computed in SQLite. The queries are shaped for 100,000 draws: the whole
library (no prompt or period filter) is read from covering indexes (:mod:`.ledger`); with a
filter, runs and prompt versions are joined only when a prompt filter needs them and a
period filter walks the created-at index; failures and reason chips are counted from their
own small indexes.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import asdict
from typing import Any

from workbench.domain.views import ProviderStats, Sighting, StatsFilter
from workbench.library.ledger import whole_ledger
from workbench.library.reads import KEEPER_SQL, SPEND_SQL

_TAKE = "LEFT JOIN takes t ON t.job_id = j.id AND t.deleted_at IS NULL"
_PROMPT = "JOIN runs r ON r.id = j.run_id JOIN prompt_versions pv ON pv.id = r.prompt_version_id"


def _scope(flt: StatsFilter, *, need_take: bool) -> tuple[str, str, list[Any]]:
    """FROM (with only the joins the filter needs) and WHERE of the ledger's draws."""
    joins = []
    # A period walks the created-at index; otherwise the provider/model index serves.
    index = "INDEXED BY ix_jobs_created" if flt.since is not None else ""
    if need_take or flt.sighting is not Sighting.ALL:
        joins.append(_TAKE)
    if flt.prompt_id is not None:
        joins.append(_PROMPT)
    # Planned and canceled draws never reached a service: they are not draws of the ledger.
    where = ["j.state NOT IN ('planned', 'canceled')"]
    args: list[Any] = []
    if flt.prompt_id is not None:
        where.append("pv.prompt_id = ?")
        args.append(flt.prompt_id)
    if flt.since is not None:
        where.append("j.created_at >= ?")
        args.append(flt.since)
    if flt.until is not None:
        where.append("j.created_at < ?")
        args.append(flt.until)
    if flt.sighting is Sighting.BLIND:
        where.append("t.rated_blind = 1")
    elif flt.sighting is Sighting.SIGHTED:
        where.append("COALESCE(t.rated_blind, 0) = 0")
    source = f"FROM jobs j {index} " + " ".join(joins)
    return source, " WHERE " + " AND ".join(where), args


class StatsRepo:
    """Mixin of :class:`~workbench.library.library.Library` for the statistics."""

    conn: sqlite3.Connection

    def provider_stats(self, flt: StatsFilter | None = None) -> list[ProviderStats]:
        """Per provider and model: the ledger, ordered by provider then model."""
        flt = flt or StatsFilter()
        if flt == StatsFilter(sighting=flt.sighting):
            # The whole library (what the stats view opens on): read from covering indexes.
            tallies, medians = whole_ledger(self.conn, flt.sighting)
            groups = [{"provider": k[0], "model": k[1], **asdict(t)} for k, t in tallies.items()]
        else:
            groups, medians = self._filtered_ledger(flt)
        failures = self._failures(flt)
        reasons = self._reasons(flt)
        out = []
        for g in sorted(groups, key=lambda g: (g["provider"], g["model"])):
            key = (g["provider"], g["model"])
            median = medians.get(key)
            out.append(
                ProviderStats(
                    provider=g["provider"],
                    model=g["model"],
                    draws=g["draws"],
                    done=g["done"],
                    failed=g["failed"],
                    keepers=g["keepers"],
                    charged_draws=g["charged"],
                    cost_usd=round(g["spend"], 4),
                    median_render_s=round(median, 2) if median is not None else None,
                    failures=dict(failures.get(key, {})),
                    reasons=dict(reasons.get(key, {})),
                )
            )
        return out

    def _filtered_ledger(self, flt: StatsFilter) -> tuple[list[Any], dict[Any, float]]:
        """Tallies and medians of the draws a prompt or period filter leaves."""
        source, where, args = _scope(flt, need_take=True)
        groups = self.conn.execute(
            "SELECT j.provider, j.model, COUNT(*) AS draws,"
            " COALESCE(SUM(j.state = 'done'), 0) AS done,"
            " COALESCE(SUM(j.state = 'failed'), 0) AS failed,"
            f" COALESCE(SUM(CASE WHEN {KEEPER_SQL} THEN 1 ELSE 0 END), 0) AS keepers,"
            " COALESCE(SUM(j.charged = 1), 0) AS charged,"
            f" COALESCE(SUM({SPEND_SQL}), 0) AS spend {source}{where} GROUP BY 1, 2",
            args,
        ).fetchall()
        return groups, self._medians(flt, [(g["provider"], g["model"]) for g in groups])

    def _medians(self, flt: StatsFilter, keys: list[tuple[str, str]]) -> dict[Any, float]:
        """Median render time of the filtered done draws per provider and model."""
        source, where, args = _scope(flt, need_take=False)
        return {
            (r[0], r[1]): r[2]
            for r in self.conn.execute(
                "SELECT provider, model, AVG(render_s) FROM ("
                " SELECT j.provider, j.model, j.render_s,"
                "  ROW_NUMBER() OVER (PARTITION BY j.provider, j.model ORDER BY j.render_s) AS n,"
                "  COUNT(*) OVER (PARTITION BY j.provider, j.model) AS c"
                f" {source}{where} AND j.state = 'done' AND j.render_s IS NOT NULL)"
                " WHERE n IN ((c + 1) / 2, (c + 2) / 2) GROUP BY provider, model",
                args,
            )
        }

    def _failures(self, flt: StatsFilter) -> dict[tuple[str, str], dict[str, int]]:
        """Failed draws by kind, per provider and model (from the failed draws' index)."""
        source, where, args = _scope(flt, need_take=False)
        if flt.since is None:
            source = source.replace("FROM jobs j ", "FROM jobs j INDEXED BY ix_jobs_failed ", 1)
        found: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        for provider, model, kind, count in self.conn.execute(
            "SELECT j.provider, j.model, j.failure_kind, COUNT(*)"
            f" {source}{where} AND j.state = 'failed' GROUP BY 1, 2, 3",
            args,
        ):
            found[(provider, model)][kind or "provider"] = count
        return found

    def _reasons(self, flt: StatsFilter) -> dict[tuple[str, str], dict[str, int]]:
        """Reason chips per provider and model, counted from the chips (few) to the draws."""
        _source, where, args = _scope(flt, need_take=False)
        prompt = _PROMPT if flt.prompt_id is not None else ""
        # Without a prompt, CROSS JOIN keeps SQLite walking the few chips rather than every
        # draw (43 vs 290 ms at 100,000 takes); with one, its own plan starts from the
        # prompt's runs (10 vs 42 ms).
        join = "JOIN" if prompt else "CROSS JOIN"
        found: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        for provider, model, reason, count in self.conn.execute(
            "SELECT j.provider, j.model, tr.reason, COUNT(*) FROM take_reasons tr"
            f" {join} takes t ON t.id = tr.take_id AND t.deleted_at IS NULL"
            f" {join} jobs j ON j.id = t.job_id {prompt}{where} GROUP BY 1, 2, 3",
            args,
        ):
            found[(provider, model)][reason] = count
        return found
