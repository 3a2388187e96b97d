"""The offline ``sim`` service: a file-backed job queue that behaves like a remote one.

Jobs live in files under the data directory, and their progress follows the wall clock,
so a job keeps "rendering" while Workbench is closed and a resume finds it done — the same
situation as with a real service. Clips are rendered in a small worker pool that stands
for the service's own machines. Fates are deterministic: a prompt and seed that the
content filter refuses are always refused; quota refusals depend on the draw.

The service's own files may not fit on its disk. A submit that cannot be stored is refused
whole (nothing of it is left behind, so it was never received); a render that cannot be
written fails its job once, like a service whose machine broke, and leaves no temp file.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.domain.geometry import short_side
from workbench.domain.spec import DrawRequest

#: Words the sim's "content filter" refuses at input, as real services do.
BLOCKED_WORDS = ("nsfw", "gore", "blood", "violence", "血腥", "暴力", "色情")

_RENDER_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="sim-render")
#: Renders that could not be written in this process: output path → (code, text). Kept
#: here too because a full disk may not even take the note in the job's own file.
_RENDER_FAILED: dict[str, tuple[str, str]] = {}


class SimQuotaExceeded(Exception):
    """The sim refuses a submit as a rate-limited service would (HTTP 429)."""


class SimUnavailable(Exception):
    """The sim could not store a job (its disk is full or read-only); nothing was kept."""

    def __init__(self, code: str, text: str) -> None:
        super().__init__(text)
        self.code = code


def _storage_words(exc: BaseException) -> tuple[str, str]:
    """A code and words for a file the service could not write."""
    number = getattr(exc, "errno", None)
    if number in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return "SIM.NO_SPACE", "no space left on the sim's disk"
    if number in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "SIM.READ_ONLY", "the sim's folder cannot be written"
    return "SIM.STORAGE", f"the sim could not write its files ({exc})"


@dataclass(frozen=True, slots=True)
class SimState:
    """A sim job's state at one moment."""

    phase: str  # queued | running | succeeded | failed | canceled
    progress: float
    failure_code: str = ""
    failure_text: str = ""


def _unit(*parts: object) -> float:
    digest = hashlib.sha256("\x1f".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


class SimService:
    """The service side of the sim provider."""

    def __init__(
        self,
        root: Path,
        *,
        clock: Callable[[], float] = time.time,
        render_scale: float = 1.0,
        failure_rate: float = 0.08,
    ) -> None:
        self.root = root
        self.clock = clock
        self.render_scale = render_scale
        self.failure_rate = failure_rate
        for sub in ("tasks", "refs", "outputs"):
            # A folder that cannot be made now refuses submits later, in words.
            with contextlib.suppress(OSError):
                (root / sub).mkdir(parents=True, exist_ok=True)
        self._rendering: set[str] = set()
        self._lock = threading.Lock()

    # -- submit / look up ---------------------------------------------------------------------
    def submit(self, request: DrawRequest, typical_render_s: float) -> dict[str, Any]:
        """Accept a job (or refuse it for quota) and record it durably."""
        spec = request.spec
        if _unit("quota", request.client_ref) < self.failure_rate * 0.35:
            raise SimQuotaExceeded("SIM.QUOTA: too many concurrent jobs for this account")
        seed = request.seed if request.seed is not None else 0
        text = spec.prompt.lower()
        fate = "ok"
        if any(word in text for word in BLOCKED_WORDS):
            fate = "moderation_input"
        elif _unit("fate", spec.prompt, seed, request.model) < self.failure_rate * 0.65:
            fate = "moderation_output"
        scale = (spec.duration or 5) / 5 * max(0.5, short_side(spec.resolution or "480p") / 480)
        jitter = 0.8 + 0.4 * _unit("time", spec.prompt, seed, request.client_ref)
        task = {
            "id": f"sim-{uuid.uuid4().hex[:16]}",
            "client_ref": request.client_ref,
            "model": request.model,
            "seed": seed,
            "fate": fate,
            "spec": spec.model_dump(mode="json"),
            "created_at": self.clock(),
            "render_s": round(typical_render_s * scale**0.5 * jitter * self.render_scale, 3),
            "canceled_at": None,
        }
        self._store(task, request.client_ref)
        if fate == "ok":
            self._start_render(task)
        return task

    def _store(self, task: dict[str, Any], client_ref: str) -> None:
        """Keep a new job durably, all or nothing.

        Raises:
            SimUnavailable: a file could not be written; whatever was written is removed.
        """
        written: list[Path] = []
        try:
            # The reference first: a reference whose job file is missing means "never
            # received" (a lookup answers None and the draw may be sent again), so a process
            # killed between the two writes never leaves a job that cannot be found.
            for path, data in (
                (self.root / "refs" / _ref_name(client_ref), {"id": task["id"]}),
                (self.root / "tasks" / f"{task['id']}.json", task),
            ):
                self._write(path, data)
                written.append(path)
            _append(self.root / "submissions.log", f"{client_ref}\t{task['id']}\n")
        except OSError as exc:
            for path in written:
                path.unlink(missing_ok=True)
            code, words = _storage_words(exc)
            raise SimUnavailable(code, f"The sim could not accept the job: {words}.") from None

    def find(self, client_ref: str) -> dict[str, Any] | None:
        """The job submitted with this caller id, if the service has it."""
        ref = self.root / "refs" / _ref_name(client_ref)
        if not ref.exists():
            return None
        return self.get(json.loads(ref.read_text())["id"])

    def get(self, task_id: str) -> dict[str, Any] | None:
        """A job by the service's id."""
        path = self.root / "tasks" / f"{Path(task_id).name}.json"
        return json.loads(path.read_text()) if path.exists() else None

    def submissions(self) -> list[str]:
        """Every accepted submit's caller id, in order (tests check for duplicates)."""
        log = self.root / "submissions.log"
        if not log.exists():
            return []
        return [line.split("\t")[0] for line in log.read_text().splitlines() if line]

    # -- progress -------------------------------------------------------------------------
    def state(self, task: dict[str, Any]) -> SimState:
        """Where the job stands now, from the clock."""
        if task["canceled_at"] is not None:
            return SimState("canceled", 0.0)
        elapsed = self.clock() - task["created_at"]
        render_s = max(task["render_s"], 1e-6)
        queued_s = 0.15 * render_s
        if task["fate"] == "moderation_input" and elapsed >= queued_s:
            return SimState(
                "failed",
                0.0,
                "SIM.SAFETY.INPUT",
                "The prompt was flagged by the sim content filter.",
            )
        if elapsed < queued_s:
            return SimState("queued", 0.0)
        if elapsed < render_s:
            return SimState("running", round((elapsed - queued_s) / (render_s - queued_s), 3))
        if task["fate"] == "moderation_output":
            return SimState(
                "failed",
                1.0,
                "SIM.SAFETY.OUTPUT",
                "The generated video was flagged by the sim content filter.",
            )
        out = self.output_path(task["id"])
        if out.exists():
            return SimState("succeeded", 1.0)
        failed = task.get("render_failed") or _RENDER_FAILED.get(str(out))
        if failed:  # the render could not be written: the job failed, once and for all
            return SimState("failed", 1.0, failed[0], failed[1])
        self._start_render(task)  # e.g. the app was closed while the service rendered
        return SimState("running", 0.99)

    def cancel(self, task_id: str) -> bool:
        """Stop a job that has not finished."""
        task = self.get(task_id)
        if task is None or self.state(task).phase in ("succeeded", "failed", "canceled"):
            return False
        task["canceled_at"] = self.clock()
        try:
            self._write(self.root / "tasks" / f"{task_id}.json", task)
        except OSError:
            return False  # like a service that could not take the cancel just now
        return True

    def output_path(self, task_id: str) -> Path:
        """Where the job's clip is (once rendered)."""
        return self.root / "outputs" / f"{Path(task_id).name}.mp4"

    # -- internals ------------------------------------------------------------------------
    def _start_render(self, task: dict[str, Any]) -> None:
        with self._lock:
            if task["id"] in self._rendering:
                return
            self._rendering.add(task["id"])
        _RENDER_POOL.submit(self._render, task)

    def _render(self, task: dict[str, Any]) -> None:
        from workbench.domain.spec import GenerationSpec
        from workbench.providers.sim.render import render_clip

        out = self.output_path(task["id"])
        tmp = out.with_name(f"{out.stem}.{uuid.uuid4().hex[:6]}.part.mp4")
        try:
            if out.exists():
                return
            render_clip(
                GenerationSpec.model_validate(task["spec"]), task["seed"], task["model"], tmp
            )
            os.replace(tmp, out)
        except Exception as exc:  # a render that cannot be made fails its job once
            tmp.unlink(missing_ok=True)  # gone before anyone can see the job failed
            code, words = _storage_words(exc) if isinstance(exc, OSError) else ("", "")
            failed = (
                code.replace("SIM.", "SIM.RENDER.", 1) or "SIM.RENDER.FAILED",
                f"The sim could not write the clip: {words or exc}.",
            )
            _RENDER_FAILED[str(out)] = failed
            task["render_failed"] = list(failed)
            with contextlib.suppress(OSError):  # a full disk may not take even this
                self._write(self.root / "tasks" / f"{task['id']}.json", task)
        finally:
            tmp.unlink(missing_ok=True)
            with self._lock:
                self._rendering.discard(task["id"])

    @staticmethod
    def _write(path: Path, data: dict[str, Any]) -> None:
        tmp = path.with_name(path.name + f".{uuid.uuid4().hex[:6]}.tmp")
        try:
            tmp.write_text(json.dumps(data, ensure_ascii=False))
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise


def _append(path: Path, line: str) -> None:
    """Append one whole line, or nothing (a full disk must not leave half a line)."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        size = os.fstat(fd).st_size
        data = line.encode()
        try:
            if os.write(fd, data) != len(data):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        except OSError:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, size)
            raise
    finally:
        os.close(fd)


def _ref_name(client_ref: str) -> str:
    return hashlib.sha256(client_ref.encode()).hexdigest()[:32]
