"""Every word a tile shows, in one translation context ("TileDelegate").

The delegate paints these and the model puts them in tooltips, so both say the same thing.
Numbers are formatted here too, so a tile, its tooltip and the status bar agree.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

from workbench.domain.jobs import Failure, JobState
from workbench.domain.views import JobView

#: States whose tile shows time passing (and so needs a repaint every second).
LIVE_STATES = frozenset(
    {JobState.SUBMITTING, JobState.SUBMITTED, JobState.RUNNING, JobState.DOWNLOADING}
)

#: State → icon name in resources/icons.
STATE_ICONS = {
    JobState.PLANNED: "queued",
    JobState.SUBMITTING: "sending",
    JobState.SUBMITTED: "waiting",
    JobState.RUNNING: "rendering",
    JobState.DOWNLOADING: "downloading",
    JobState.DONE: "done",
    JobState.FAILED: "failed",
    JobState.CANCELED: "canceled",
    JobState.UNKNOWN: "unknown",
}


# Called by this name with literal arguments so pyside6-lupdate finds every string.
translate = QCoreApplication.translate


def state_word(state: JobState) -> str:
    """The state in a few words (failures get :func:`failure_title` instead)."""
    words = {
        JobState.PLANNED: translate("TileDelegate", "Queued"),
        JobState.SUBMITTING: translate("TileDelegate", "Sending"),
        JobState.SUBMITTED: translate("TileDelegate", "Queued at service"),
        JobState.RUNNING: translate("TileDelegate", "Rendering"),
        JobState.DOWNLOADING: translate("TileDelegate", "Downloading"),
        JobState.DONE: translate("TileDelegate", "Done"),
        JobState.FAILED: translate("TileDelegate", "Failed"),
        JobState.CANCELED: translate("TileDelegate", "Canceled"),
        JobState.UNKNOWN: translate("TileDelegate", "Sent — no answer; checking"),
    }
    return words.get(state, translate("TileDelegate", "Unknown state"))


def no_poster() -> str:
    """A done draw whose poster frame is missing or unreadable."""
    return translate("TileDelegate", "No poster")


def failure_title(kind: object) -> str:
    """A failure kind in plain words; kinds added later read as a generic failure."""
    value = getattr(kind, "value", kind)
    words = {
        "moderation": translate("TileDelegate", "Refused by moderation"),
        "quota": translate("TileDelegate", "Out of credit or rate-limited"),
        "auth": translate("TileDelegate", "Key rejected"),
        "invalid": translate("TileDelegate", "Settings rejected"),
        "expired": translate("TileDelegate", "Expired"),
        "provider": translate("TileDelegate", "Service error"),
        "network": translate("TileDelegate", "Could not reach the service"),
        "timeout": translate("TileDelegate", "No result in time"),
        "lost": translate("TileDelegate", "Sent — no answer"),
        "retired": translate("TileDelegate", "Model retired"),
    }
    return words.get(str(value), translate("TileDelegate", "Failed"))


def failure_sentence(job: JobView) -> str:
    """The failure's message, in the UI language when it is the kind's default sentence.

    An engine-specific message is shown as it is.
    """
    failure = job.failure
    if failure is None:
        return ""
    try:
        default = Failure(kind=failure.kind).message
    except (KeyError, ValueError):  # a kind this UI does not know yet
        default = None
    if failure.message != default:
        return failure.message
    sentences = {
        "moderation": translate("TileDelegate", "The service's content filter refused this draw."),
        "quota": translate(
            "TileDelegate", "The service's rate limit or balance stopped this draw."
        ),
        "auth": translate("TileDelegate", "The service did not accept the API key."),
        "invalid": translate("TileDelegate", "The service rejected the request's settings."),
        "expired": translate(
            "TileDelegate", "The job or its download link expired before the clip was saved."
        ),
        "provider": translate("TileDelegate", "The service failed to make or deliver this draw."),
        "network": translate("TileDelegate", "Workbench could not reach the service."),
        "timeout": translate("TileDelegate", "The service did not finish before the deadline."),
        "lost": translate("TileDelegate", "It is unknown whether the service received this draw."),
    }
    return sentences.get(str(getattr(failure.kind, "value", failure.kind)), failure.message)


def title(job: JobView) -> str:
    """The headline of a tile: the state, or the failure's kind."""
    if job.state is JobState.FAILED:
        return failure_title(job.failure.kind if job.failure else None)
    return state_word(job.state)


def money(usd: float) -> str:
    """Dollars with cents ("$0.42"); tiny non-zero sums do not read as free."""
    if 0 < usd < 0.005:
        return "<$0.01"
    return f"${usd:.2f}"


def cost_text(job: JobView) -> str | None:
    """The charged cost when known, else "~" and the estimate; None when neither."""
    if job.cost_usd is not None:
        return money(job.cost_usd)
    if job.charged is False:
        return money(0.0)
    if job.est_cost_usd is not None:
        return "~" + money(job.est_cost_usd)
    return None


def elapsed_text(seconds: float) -> str:
    """A running clock: "0:07", "12:30", "1:02:03"."""
    s = max(0, int(seconds))
    h, rest = divmod(s, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def info_parts(job: JobView) -> list[tuple[str, str]]:
    """The tile's info line as ``(key, text)``: seed, duration, cost, render time."""
    seed = (
        translate("TileDelegate", "seed {seed}").format(seed=job.seed)
        if job.seed is not None
        else translate("TileDelegate", "no seed")
    )
    parts = [("seed", seed)]
    seconds = job.take.duration if job.take and job.take.duration else job.duration
    if seconds:
        parts.append(
            (
                "duration",
                translate("TileDelegate", "{seconds} s").format(seconds=f"{float(seconds):.1f}"),
            )
        )
    cost = cost_text(job)
    if cost:
        parts.append(("cost", cost))
    if job.render_s is not None:
        parts.append(
            (
                "render",
                translate("TileDelegate", "{seconds} s").format(seconds=f"{job.render_s:.0f}"),
            )
        )
    return parts


def draw_label(job: JobView) -> str:
    """The draw number: "#3"."""
    return f"#{job.draw_no}"


def percent(progress: float) -> str:
    """A fraction as a whole percentage: "40 %"."""
    return translate("TileDelegate", "{percent} %").format(
        percent=round(max(0.0, min(1.0, progress)) * 100)
    )


def tooltip_html(job: JobView) -> str:
    """The whole story of a tile for its tooltip (rich text, so long texts wrap)."""
    e = html.escape
    lines = [f"<b>{e(draw_label(job))} · {e(headline(job))}</b>"]
    failure = job.failure
    if failure is not None:
        if failure.message:
            lines.append(e(failure_sentence(job)))
        said = failure.provider_text or failure.code
        if said:
            lines.append(
                translate("TileDelegate", "The service said: {text}").format(
                    text=f"<i>{e(said)}</i>"
                )
            )
    if job.provider_status:
        lines.append(
            translate("TileDelegate", "Service status: {status}").format(
                status=e(job.provider_status)
            )
        )
    facts = [info_parts(job)[0][1]]
    if job.est_cost_usd is not None:
        facts.append(
            translate("TileDelegate", "estimated {cost}").format(cost=money(job.est_cost_usd))
        )
    if job.cost_usd is not None:
        facts.append(translate("TileDelegate", "charged {cost}").format(cost=money(job.cost_usd)))
    elif job.charged is False:
        facts.append(translate("TileDelegate", "not charged"))
    if job.render_s is not None:
        facts.append(
            translate("TileDelegate", "rendered in {seconds} s").format(
                seconds=f"{job.render_s:.0f}"
            )
        )
    lines.append(e(" · ".join(facts)))
    if job.take is not None and job.take.reasons:
        lines.append(e(", ".join(job.take.reasons)))
    return "<qt>" + "<br>".join(lines) + "</qt>"


def headline(job: JobView) -> str:
    """The title, with the percentage while rendering."""
    if job.state is JobState.RUNNING and job.progress is not None:
        return f"{title(job)} {percent(job.progress)}"
    return title(job)


def accessible_text(job: JobView) -> str:
    """One plain line for screen readers and the item's display role."""
    return f"{draw_label(job)} {headline(job)}"
