"""The shared HTTP policy against a loopback server: retries, Retry-After, no double submit."""

from __future__ import annotations

import asyncio

import pytest

from tests.fakes.server import FakeService, Response, html_error_page
from tests.helpers import fast_policy
from workbench.providers._http import HttpClient, check_url, parse_retry_after
from workbench.providers.errors import (
    AuthError,
    ProtocolError,
    ProviderConnectionError,
    ProviderError,
    RateLimited,
    ServerError,
    SubmitOutcomeUnknown,
)


@pytest.fixture
def fake():
    service = FakeService()
    service.route("GET", "/ok", lambda r, m: Response(200, {"ok": True}))
    service.route("POST", "/create", lambda r, m: Response(200, {"id": "t1"}))
    with service:
        yield service


def call(coro_factory):
    async def go():
        return await coro_factory()

    return asyncio.run(go())


def client(fake, **policy):
    sleeps: list[float] = []

    async def sleep(seconds: float) -> None:
        sleeps.append(seconds)

    http = HttpClient(
        "Fake",
        fake.base_url,
        policy=fast_policy(sleep=sleep, **policy),
        auth=lambda: {"Authorization": "Bearer sekret-value"},
        secrets=("sekret-value",),
    )
    return http, sleeps


def test_429_with_retry_after_is_honoured_then_succeeds(fake):
    fake.fail_next(
        "GET",
        "/ok",
        Response(429, {"error": {"message": "slow down"}}, headers={"Retry-After": "3"}),
    )
    http, sleeps = client(fake)
    assert call(lambda: http.json("GET", "/ok")) == {"ok": True}
    assert sleeps == [3.0]
    assert len(fake.calls("GET", "/ok")) == 2


def test_retry_after_ms_wins_over_retry_after():
    assert parse_retry_after({"retry-after-ms": "250", "retry-after": "9"}) == 0.25
    assert parse_retry_after({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}) == 0.0


def test_too_long_retry_after_is_not_waited_out(fake):
    fake.fail_next("GET", "/ok", Response(429, {"error": "quota"}, headers={"Retry-After": "3600"}))
    http, sleeps = client(fake)
    with pytest.raises(RateLimited) as caught:
        call(lambda: http.json("GET", "/ok"))
    assert caught.value.retry_after == 3600 and sleeps == []


def test_5xx_on_a_poll_is_retried(fake):
    fake.fail_next("GET", "/ok", Response(500, {"error": "boom"}), Response(502, "bad"))
    http, _ = client(fake)
    assert call(lambda: http.json("GET", "/ok")) == {"ok": True}
    assert len(fake.calls("GET", "/ok")) == 3


def test_5xx_on_a_submit_is_never_resent(fake):
    fake.fail_next("POST", "/create", Response(500, {"error": {"message": "internal"}}))
    http, _ = client(fake)
    with pytest.raises(SubmitOutcomeUnknown) as caught:
        call(lambda: http.json("POST", "/create", json={"prompt": "x"}))
    assert len(fake.calls("POST", "/create")) == 1
    assert caught.value.provider_text == "internal"


def test_503_and_429_on_a_submit_are_retried(fake):
    fake.fail_next("POST", "/create", Response(503, "busy"), Response(429, "slow"))
    http, _ = client(fake)
    assert call(lambda: http.json("POST", "/create", json={}))["id"] == "t1"
    assert len(fake.calls("POST", "/create")) == 3


def test_read_timeout_on_a_submit_is_unknown_not_resent(fake):
    fake.hold_next("POST", "/create", 1.5)
    http, _ = client(fake, timeout_s=0.3)
    with pytest.raises(SubmitOutcomeUnknown):
        call(lambda: http.json("POST", "/create", json={}))
    assert len(fake.calls("POST", "/create")) == 1


def test_read_timeout_on_a_poll_is_retried(fake):
    fake.hold_next("GET", "/ok", 1.0)
    http, _ = client(fake, timeout_s=0.3)
    assert call(lambda: http.json("GET", "/ok")) == {"ok": True}


def test_html_page_with_200_is_a_protocol_error(fake):
    fake.fail_next(
        "GET",
        "/ok",
        Response(200, "<!DOCTYPE html><html>login</html>", headers={"Content-Type": "text/html"}),
    )
    http, _ = client(fake)
    with pytest.raises(ProtocolError, match="HTML page"):
        call(lambda: http.json("GET", "/ok"))


def test_html_error_page_is_described_in_words(fake):
    fake.fail_next("GET", "/ok", *[html_error_page(502)] * 3)
    http, _ = client(fake)
    with pytest.raises(ServerError) as caught:
        call(lambda: http.json("GET", "/ok"))
    assert caught.value.provider_text == "an HTML error page (HTTP 502)"


def test_401_is_an_auth_error_and_secrets_are_scrubbed(fake):
    fake.fail_next("GET", "/ok", Response(401, {"error": {"message": "bad key sekret-value"}}))
    http, _ = client(fake)
    with pytest.raises(AuthError) as caught:
        call(lambda: http.json("GET", "/ok"))
    assert "sekret-value" not in caught.value.provider_text
    assert "***" in caught.value.provider_text


def test_auth_header_goes_only_to_the_providers_own_host(fake):
    other = FakeService()
    other.route("GET", "/file", lambda r, m: Response(200, b"data"))
    with other:
        http, _ = client(fake)
        url = other.url("/file").replace("127.0.0.1", "localhost")

        async def go() -> bytes:
            async with http.stream(url) as resp:
                return await resp.aread()

        assert call(go) == b"data"
        assert other.calls("GET", "/file")[0].header("authorization") is None
    call(lambda: http.json("GET", "/ok"))
    assert fake.calls("GET", "/ok")[0].header("authorization") == "Bearer sekret-value"


def test_unreachable_service_is_a_connection_error():
    http = HttpClient("Nowhere", "http://127.0.0.1:9", policy=fast_policy())
    with pytest.raises(ProviderConnectionError, match="could not reach Nowhere"):
        call(lambda: http.json("GET", "/"))


@pytest.mark.parametrize("url", ["http://example.com/v1", "ftp://127.0.0.1/x", "nonsense"])
def test_clear_text_to_other_hosts_is_refused(url):
    with pytest.raises(ProviderError, match="only HTTPS"):
        check_url(url)


@pytest.mark.parametrize(
    "url",
    ["https://api.example.com", "http://127.0.0.1:8188", "http://localhost:1", "http://[::1]:80"],
)
def test_https_and_loopback_are_allowed(url):
    check_url(url)
