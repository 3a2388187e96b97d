"""The failure matrix, written once and run against every adapter and its loopback fake.

Each case is what a creator relies on from every service alike: a draw is made once and
delivered as its own clip; a refusal keeps the service's words and costs nothing unless the
service says so; retries never send a paid job twice; broken answers, bad keys and dead
links are classified in words; a retired model is refused before anything is sent, and a
"model not found" answer is classified as retired. Service-specific behaviour lives in the
per-adapter test files.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.fakes.clips import png_bytes
from tests.fakes.clock import ManualClock
from tests.fakes.server import Response, html_error_page
from tests.providers import kit
from tests.providers.harness import HARNESSES, Harness
from workbench.domain.capabilities import Lifecycle, ModelStatus
from workbench.domain.jobs import FailureKind, JobState
from workbench.domain.spec import GenerationSpec, ImageInput
from workbench.engine.planner import Target, plan_run
from workbench.providers.base import Phase, Provider
from workbench.providers.errors import (
    AssetExpired,
    AuthError,
    MissingKey,
    ModelRetired,
    NotFound,
    ProtocolError,
    ProviderError,
    ProviderRefused,
    ServerError,
    SubmitOutcomeUnknown,
)


@pytest.fixture(params=HARNESSES, ids=str)
def h(request: pytest.FixtureRequest) -> Harness:
    return request.param


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def fake(h: Harness, clock: ManualClock) -> Iterator[Any]:
    service = h.start(clock)
    yield service
    service.stop()


def finished(h: Harness, fake: Any, clock: ManualClock, **adapter: Any) -> Any:
    """Submit one draw, poll it to its end; the final status."""

    async def go(p: Provider) -> Any:
        sub = await p.submit(h.draw())
        return (await kit.finish(p, sub.ref, clock))[0]

    return kit.run(h.adapter(fake, clock, **adapter), go)


def engine(h: Harness, fake: Any, clock: ManualClock, home: Path, draws: int = 1, **kw: Any) -> Any:
    """Drive ``draws`` draws through the real engine on the manual clock."""
    jobs = kit.run_engine(
        home,
        lambda _pid: h.adapter(fake, clock, **kw),
        GenerationSpec(prompt="a red fox running through snow at dawn"),
        [Target(h.provider, h.model, draws=draws)],
        clock,
    )
    return jobs if draws > 1 else jobs[0]


def with_retry_after(response: Response, seconds: str) -> Response:
    return dataclasses.replace(response, headers={**response.headers, "Retry-After": seconds})


# -- a draw, made once, delivered as its own clip ------------------------------------------------
def test_a_draw_is_sent_once_delivered_and_charged(h: Harness, fake: Any, clock: ManualClock):
    async def go(p: Provider) -> Any:
        sub = await p.submit(h.draw())
        final, seen = await kit.finish(p, sub.ref, clock)
        return sub, final, seen, await kit.fetch_all(p, sub.ref, final)

    sub, final, seen, data = kit.run(h.adapter(fake, clock), go)
    assert final.phase is Phase.SUCCEEDED and final.assets and final.progress == 1.0
    assert any(not s.phase.is_terminal for s in seen)  # it really went through its states
    assert final.charged is True and (final.cost_usd is not None) == h.reports_cost
    assert sub.cost_usd is None and sub.charged is None  # an estimate is not a charge
    assert data == fake.clip_for(1)
    assert h.secret not in json.dumps(sub.ref.data)
    assert len(fake.calls("POST", h.create)) == 1


def test_two_draws_become_two_takes(h: Harness, fake: Any, clock: ManualClock, isolated_home):
    jobs = engine(h, fake, clock, isolated_home, draws=2)
    assert [j.state for j in jobs] == [JobState.DONE] * 2, [j.failure for j in jobs]
    assert len(set(kit.takes(isolated_home, jobs))) == 2  # one file per take
    assert len(fake.calls("POST", h.create)) == 2
    assert all(j.cost_usd for j in jobs) == h.reports_cost
    assert all(j.remote_id for j in jobs)


# -- failures the service reports --------------------------------------------------------------
@pytest.mark.parametrize("outcome", ["moderation", "failure", "no_video"])
def test_a_failed_draw_keeps_the_services_words_and_shows_no_cost(
    h: Harness, fake: Any, clock: ManualClock, outcome: str
):
    fake.next_outcome(outcome)
    final = finished(h, fake, clock)
    assert final.phase is Phase.FAILED and final.failure is not None and not final.assets
    assert final.cost_usd is None and final.charged is h.failed_charged
    failure = final.failure
    if outcome == "moderation":
        assert failure.kind is FailureKind.MODERATION and not failure.retryable
    if outcome == "failure":
        assert failure.kind is FailureKind.PROVIDER and failure.retryable
    if outcome != "no_video":
        assert failure.provider_text  # the service's own words
    assert failure.message and failure.message != failure.provider_text


def test_a_refused_draw_fails_the_job_without_a_take(
    h: Harness, fake: Any, clock: ManualClock, isolated_home
):
    fake.next_outcome("moderation")
    job = engine(h, fake, clock, isolated_home)
    assert job.state is JobState.FAILED and job.failure.kind is FailureKind.MODERATION
    assert job.cost_usd is None and kit.takes(isolated_home, [job]) == []


# -- retries never send a paid job twice --------------------------------------------------------
def test_429_retry_after_is_honoured_on_create_and_status(
    h: Harness, fake: Any, clock: ManualClock
):
    sleeps = kit.Sleeps()
    fake.fail_next("POST", h.create, with_retry_after(h.error(429, "slow down"), "2"))

    async def go(p: Provider) -> Any:
        sub = await p.submit(h.draw())
        fake.fail_next(h.status_method, h.status, with_retry_after(h.error(429, "slow"), "3"))
        return await p.poll(sub.ref)

    assert not kit.run(h.adapter(fake, clock, http=kit.policy(sleeps)), go).phase.is_terminal
    assert sleeps == [2.0, 3.0]
    assert len(fake.calls("POST", h.create)) == 2 and len(fake.tasks) == 1


def test_5xx_on_status_is_retried(h: Harness, fake: Any, clock: ManualClock):
    async def go(p: Provider) -> Any:
        sub = await p.submit(h.draw())
        fake.fail_next(h.status_method, h.status, h.error(500, "boom"), html_error_page(502))
        return await p.poll(sub.ref)

    assert not kit.run(h.adapter(fake, clock), go).phase.is_terminal
    assert len(fake.calls(h.status_method, h.status)) == 3


def test_503_on_create_is_retried_but_500_is_never_resent(
    h: Harness, fake: Any, clock: ManualClock
):
    fake.fail_next("POST", h.create, h.error(503, "busy"))
    sub = kit.run(h.adapter(fake, clock), lambda p: p.submit(h.draw()))
    assert sub.ref.remote_id and len(fake.calls("POST", h.create)) == 2
    fake.fail_next("POST", h.create, h.error(500, "oops"))
    with pytest.raises(SubmitOutcomeUnknown) as caught:
        kit.run(h.adapter(fake, clock), lambda p: p.submit(h.draw()))
    assert "oops" in caught.value.provider_text
    assert len(fake.calls("POST", h.create)) == 3 and len(fake.tasks) == 1


def test_a_create_whose_answer_was_lost_is_never_sent_again(
    h: Harness, fake: Any, clock: ManualClock, isolated_home
):
    fake.drop_answer_next("POST", h.create)
    with pytest.raises(SubmitOutcomeUnknown, match="may or may not"):
        kit.run(h.adapter(fake, clock), lambda p: p.submit(h.draw()))
    assert len(fake.calls("POST", h.create)) == 1 and len(fake.tasks) == 1
    fake.drop_answer_next("POST", h.create)
    job = engine(h, fake, clock, isolated_home)
    assert len(fake.calls("POST", h.create)) == 2  # the engine did not send it again either
    if h.lookup:  # found by our own id, and finished
        assert job.state is JobState.DONE, job.failure
    else:
        assert job.state is JobState.UNKNOWN and job.failure.kind is FailureKind.LOST


# -- broken answers -----------------------------------------------------------------------------
def test_garbage_on_create_is_classified_and_never_resent(
    h: Harness, fake: Any, clock: ManualClock
):
    json_type = {"Content-Type": "application/json"}
    fake.fail_next("POST", h.create, Response(200, '{"id": "x"', headers=json_type))
    with pytest.raises(ProtocolError, match="malformed JSON"):
        kit.run(h.adapter(fake, clock), lambda p: p.submit(h.draw()))
    page = Response(
        200, "<!DOCTYPE html><html>sign in</html>", headers={"Content-Type": "text/html"}
    )
    fake.fail_next("POST", h.create, page)
    with pytest.raises(ProtocolError, match="HTML page"):
        kit.run(h.adapter(fake, clock), lambda p: p.submit(h.draw()))
    fake.fail_next("POST", h.create, html_error_page(502))
    with pytest.raises(SubmitOutcomeUnknown) as caught:
        kit.run(h.adapter(fake, clock), lambda p: p.submit(h.draw()))
    assert caught.value.provider_text == "an HTML error page (HTTP 502)"
    fake.fail_next("POST", h.create, Response(200, {}))
    with pytest.raises(ProtocolError):  # an answer without the job's id
        kit.run(h.adapter(fake, clock), lambda p: p.submit(h.draw()))
    assert len(fake.calls("POST", h.create)) == 4 and not fake.tasks


def test_a_garbled_create_answer_is_settled_without_paying_twice(
    h: Harness, fake: Any, clock: ManualClock, isolated_home
):
    fake.fail_next("POST", h.create, Response(200, "{oops"))
    job = engine(h, fake, clock, isolated_home)
    if h.lookup:  # twice confirmed absent by our own id, so sent once more, and finished
        assert job.state is JobState.DONE and len(fake.calls("POST", h.create)) == 2
    else:
        assert job.state is JobState.UNKNOWN and len(fake.calls("POST", h.create)) == 1


def test_garbage_on_status_is_classified_and_ridden_out(
    h: Harness, fake: Any, clock: ManualClock, isolated_home
):
    async def go(p: Provider) -> list[Exception]:
        sub = await p.submit(h.draw())
        json_type = {"Content-Type": "application/json"}
        fake.fail_next(
            h.status_method, h.status, Response(200, '{"status": "ru', headers=json_type)
        )
        fake.fail_next(h.status_method, h.status, *[html_error_page(502)] * 3)
        fake.fail_next(h.status_method, h.status, Response(200, []))
        caught: list[Exception] = []
        for _ in range(3):
            with pytest.raises(ProviderError) as error:
                await p.poll(sub.ref)
            caught.append(error.value)
        return caught

    malformed, html, shapeless = kit.run(h.adapter(fake, clock), go)
    assert isinstance(malformed, ProtocolError) and "malformed JSON" in malformed.message
    assert isinstance(html, ServerError) and html.provider_text == "an HTML error page (HTTP 502)"
    assert isinstance(shapeless, ProtocolError)
    fake.fail_next(h.status_method, h.status, *[html_error_page(502)] * 3, Response(200, "{oops"))
    assert engine(h, fake, clock, isolated_home).state is JobState.DONE


def test_a_job_the_service_does_not_know_is_not_found(h: Harness, fake: Any, clock: ManualClock):
    with pytest.raises(NotFound):
        kit.run(h.adapter(fake, clock), lambda p: p.poll(h.unknown_ref))


# -- keys -------------------------------------------------------------------------------------
def test_a_wrong_key_is_an_auth_failure_in_words_and_never_shown(
    h: Harness, fake: Any, clock: ManualClock, isolated_home
):
    bad = h.bad_credentials()
    with pytest.raises(AuthError) as caught:
        kit.run(h.adapter(fake, clock, credentials=bad), lambda p: p.submit(h.draw()))
    error = caught.value
    assert "did not accept" in error.message and error.failure().kind is FailureKind.AUTH
    for value in bad.values():
        assert value not in str(error) + error.provider_text
    job = engine(h, fake, clock, isolated_home, credentials=bad)
    assert job.state is JobState.FAILED and job.failure.kind is FailureKind.AUTH
    assert not fake.tasks


def test_no_key_sends_nothing(h: Harness, fake: Any, clock: ManualClock):
    with pytest.raises(MissingKey):
        kit.run(h.adapter(fake, clock, credentials=None), lambda p: p.submit(h.draw()))
    assert fake.requests == []


def test_a_key_the_service_echoes_is_scrubbed(h: Harness, fake: Any, clock: ManualClock):
    async def go(p: Provider) -> None:
        sub = await p.submit(h.draw())
        echo = h.error(400, f"bad header Bearer {h.secret}")
        fake.fail_next(h.status_method, h.status, echo)
        await p.poll(sub.ref)

    with pytest.raises(ProviderError) as caught:
        kit.run(h.adapter(fake, clock), go)
    assert h.secret not in caught.value.provider_text + str(caught.value)
    assert "***" in caught.value.provider_text


# -- result delivery ----------------------------------------------------------------------------
LINKED = [h for h in HARNESSES if h.links]  # Vertex answers with the clip inline


@pytest.mark.parametrize("h", LINKED, ids=str)
def test_an_expired_link_is_expired(h: Harness, fake: Any, clock: ManualClock, isolated_home):
    async def go(p: Provider) -> None:
        sub = await p.submit(h.draw())
        final = (await kit.finish(p, sub.ref, clock))[0]
        fake.expire_links()
        await kit.fetch_all(p, sub.ref, final)

    with pytest.raises(AssetExpired) as caught:
        kit.run(h.adapter(fake, clock), go)
    assert caught.value.failure().kind is FailureKind.EXPIRED
    fake.reset()
    if h.refreshes_links:  # the first link handed out is already dead; a re-poll renews it
        fake.born_expired = 1
        assert engine(h, fake, clock, isolated_home).state is JobState.DONE
        return
    fake.links_expired = True
    job = engine(h, fake, clock, isolated_home)
    assert job.state is JobState.FAILED and job.failure.kind is FailureKind.EXPIRED
    assert kit.takes(isolated_home, [job]) == []


@pytest.mark.parametrize("h", LINKED, ids=str)
def test_a_download_that_keeps_breaking_records_no_take(
    h: Harness, fake: Any, clock: ManualClock, isolated_home
):
    fake.truncate_next_downloads(20)
    job = engine(h, fake, clock, isolated_home)
    assert job.state is JobState.DOWNLOADING  # resumable: the clip is still on the service
    assert kit.takes(isolated_home, [job]) == []


@pytest.mark.parametrize("h", LINKED, ids=str)
def test_a_broken_download_is_retried_and_recorded_once(
    h: Harness, fake: Any, clock: ManualClock, isolated_home
):
    fake.truncate_next_downloads(1)
    job = engine(h, fake, clock, isolated_home)
    assert job.state is JobState.DONE and len(kit.takes(isolated_home, [job])) == 1


@pytest.mark.parametrize(
    "payload", [b"<!DOCTYPE html><html><body>Access denied</body></html>", png_bytes(64, 64)]
)
def test_bytes_that_are_not_a_video_fail_in_words(
    h: Harness, fake: Any, clock: ManualClock, isolated_home, payload: bytes
):
    fake.media_override = payload
    job = engine(h, fake, clock, isolated_home)
    assert job.state is JobState.FAILED and "not a video" in job.failure.message
    assert kit.takes(isolated_home, [job]) == []


# -- live check ---------------------------------------------------------------------------------
def test_the_live_check_generates_nothing(h: Harness, fake: Any, clock: ManualClock):
    good = kit.run(h.adapter(fake, clock), lambda p: p.check_live())
    assert (good.ok, good.status) == (True, "ok"), good.detail
    bad = h.bad_credentials()
    wrong = kit.run(h.adapter(fake, clock, credentials=bad), lambda p: p.check_live())
    assert (wrong.ok, wrong.status) == (False, "auth failed")
    assert all(value not in wrong.detail for value in bad.values())
    assert not fake.tasks and all(r.method == "GET" for r in fake.requests)
    with socket.socket() as sock:  # a loopback port nobody listens on once closed
        sock.bind(("127.0.0.1", 0))
        gone = f"http://127.0.0.1:{sock.getsockname()[1]}"
    p = h.adapter(fake, clock)
    p.base_url = gone  # the same adapter, pointed at nothing
    assert kit.run(p, lambda q: q.check_live()).status == "unreachable"


# -- models that died ---------------------------------------------------------------------------
def test_a_retired_model_is_refused_naming_its_replacement_and_nothing_is_sent(
    h: Harness, fake: Any, clock: ManualClock
):
    p = h.adapter(fake, clock)
    others = [m.id for m in p.info.models if m.id != h.model and not m.retired]
    life = Lifecycle(
        status=ModelStatus.RETIRED, date=datetime.date(2026, 10, 1), replacement=others[0]
    )
    models = tuple(
        m.model_copy(update={"lifecycle": life}) if m.id == h.model else m for m in p.info.models
    )
    p.info = p.info.model_copy(update={"models": models})
    [problem] = p.validate(h.draw())
    assert problem.code == "model_retired" and problem.allowed == (others[0],)
    assert "2026-10-01" in problem.message and others[0] in problem.message
    plan = plan_run(
        GenerationSpec(prompt="a fox"),
        [Target(h.provider, h.model)],
        provider_for=lambda _pid: p,
        has_key=lambda _p: True,
    )
    assert not plan.ok and [x.code for x in plan.problems] == ["model_retired"]
    assert fake.requests == []


def test_a_model_not_found_answer_is_classified_retired(
    h: Harness, fake: Any, clock: ManualClock, isolated_home
):
    h.retire(fake, h.model)
    with pytest.raises(ModelRetired) as caught:
        kit.run(h.adapter(fake, clock), lambda p: p.submit(h.draw()))
    failure = caught.value.failure()
    assert failure.kind is FailureKind.RETIRED and not failure.retryable
    assert failure.provider_text and h.model.split("/")[-1] in failure.message
    assert len(fake.calls("POST", h.create)) == 1 and not fake.tasks
    job = engine(h, fake, clock, isolated_home)
    assert job.state is JobState.FAILED and job.failure.kind is FailureKind.RETIRED


# -- input images -------------------------------------------------------------------------------
def test_an_image_gone_since_validation_is_refused_before_sending(
    h: Harness, fake: Any, clock: ManualClock, tmp_path: Path
):
    gone = ImageInput(path=str(tmp_path / "gone.png"), format="png", width=640, height=360)
    with pytest.raises(ProviderRefused) as caught:
        kit.run(h.adapter(fake, clock), lambda p: p.submit(h.draw(first_frame=gone)))
    assert caught.value.failure().kind is FailureKind.INVALID
    assert "could not be read" in caught.value.message
    assert fake.requests == []
