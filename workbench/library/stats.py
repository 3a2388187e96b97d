"""The 抽卡 ledger: per service and model, draws, keepers, spend, render times, failures.

Everything is computed in SQLite (medians with window functions), so the statistics of
100,000 draws cost a few grouped scans, not a Python loop over rows.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from typing import Any

from workbench.domain.views import ProviderStats, Sighting, StatsFilter
from workbench.library.reads import KEEPER_SQL, SPEND_SQL

_FROM = """
FROM jobs j
JOIN runs r ON r.id = j.run_id
JOIN prompt_versions pv ON pv.id = r.prompt_version_id
LEFT JOIN takes t ON t.job_id = j.id AND t.deleted_at IS NULL
"""


def _conditions(flt: StatsFilter) -> tuple[str, list[Any]]:
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
    return " WHERE " + " AND ".join(where), args


class StatsRepo:
    """Mixin of :class:`~workbench.library.library.Library` for the statistics."""

    conn: sqlite3.Connection

    def provider_stats(self, flt: StatsFilter | None = None) -> list[ProviderStats]:
        """Per provider and model: the ledger, ordered by provider then model."""
        where, args = _conditions(flt or StatsFilter())
        groups = self.conn.execute(
            "SELECT j.provider, j.model, COUNT(*) AS draws,"
            " COALESCE(SUM(j.state = 'done'), 0) AS done,"
            " COALESCE(SUM(j.state = 'failed'), 0) AS failed,"
            f" COALESCE(SUM(CASE WHEN {KEEPER_SQL} THEN 1 ELSE 0 END), 0) AS keepers,"
            " COALESCE(SUM(j.charged = 1), 0) AS charged,"
            f" COALESCE(SUM({SPEND_SQL}), 0) AS spend" + _FROM + where + " GROUP BY 1, 2",
            args,
        ).fetchall()
        medians = {
            (r[0], r[1]): r[2]
            for r in self.conn.execute(
                "SELECT provider, model, AVG(render_s) FROM ("
                " SELECT j.provider, j.model, j.render_s,"
                "  ROW_NUMBER() OVER (PARTITION BY j.provider, j.model ORDER BY j.render_s) AS n,"
                "  COUNT(*) OVER (PARTITION BY j.provider, j.model) AS c"
                + _FROM
                + where
                + " AND j.state = 'done' AND j.render_s IS NOT NULL)"
                " WHERE n IN ((c + 1) / 2, (c + 2) / 2) GROUP BY provider, model",
                args,
            )
        }
        failures: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        for provider, model, kind, count in self.conn.execute(
            "SELECT j.provider, j.model, j.failure_kind, COUNT(*)"
            + _FROM
            + where
            + " AND j.state = 'failed' GROUP BY 1, 2, 3",
            args,
        ):
            failures[(provider, model)][kind or "provider"] = count
        reasons: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
        for provider, model, reason, count in self.conn.execute(
            "SELECT j.provider, j.model, tr.reason, COUNT(*)"
            + _FROM
            + " JOIN take_reasons tr ON tr.take_id = t.id"
            + where
            + " GROUP BY 1, 2, 3",
            args,
        ):
            reasons[(provider, model)][reason] = count
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
