"""Download: 1 GiB from a loopback server; RSS growth must stay ≤ 32 MiB.

The server (its own process) streams a real MP4 followed by a 1 GiB `free` box, so the
file is a valid clip that PyAV can probe. The download goes through the production path:
`HttpClient.stream` → `Provider.fetch` → `engine.downloads.save_clip` (temp file, size cap,
magic bytes, SHA-256, PyAV probe, poster, atomic move). A sampler thread records peak RSS.
"""

from __future__ import annotations

import asyncio
import http.server
import multiprocessing
import sys
import tempfile
import threading
import time
from pathlib import Path

import _common

GIB = 1024**3
LIMIT_MIB = 32.0


def serve(port_box: object, clip: bytes) -> None:
    free_box = (GIB + 8).to_bytes(4, "big") + b"free"
    total = len(clip) + GIB + 8

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "video/mp4")
            self.send_header("Content-Length", str(total))
            self.end_headers()
            self.wfile.write(clip + free_box)
            zeros = bytes(1 << 20)
            for _ in range(GIB >> 20):
                self.wfile.write(zeros)

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    port_box.value = server.server_address[1]  # type: ignore[attr-defined]
    server.serve_forever()


async def download(url: str, store_root: Path) -> object:
    from workbench.domain.capabilities import ModelCapabilities, ProviderInfo
    from workbench.engine.downloads import save_clip
    from workbench.library.store import ClipStore
    from workbench.providers.base import Asset, Provider, ProviderConfig, RemoteRef

    class Loopback(Provider):
        info = ProviderInfo(
            id="bench",
            label="Bench",
            models=(ModelCapabilities(id="m"),),
            default_model="m",
            needs_key=False,
            default_base_url=url,
        )

        async def submit(self, request: object) -> object:  # type: ignore[override]
            raise NotImplementedError

        async def poll(self, ref: object) -> object:  # type: ignore[override]
            raise NotImplementedError

    provider = Loopback(ProviderConfig())
    try:
        return await save_clip(
            provider.fetch(RemoteRef("x"), Asset(url=url)), ClipStore(store_root)
        )
    finally:
        await provider.aclose()


def main() -> int:
    sys.path.insert(0, str(_common.ROOT))
    from tests.fakes.clips import clip_bytes

    clip = clip_bytes(seconds=2, resolution="360p")
    port = multiprocessing.Value("i", 0)
    server = multiprocessing.Process(target=serve, args=(port, clip), daemon=True)
    server.start()
    while not port.value:
        time.sleep(0.01)
    url = f"http://127.0.0.1:{port.value}/big.mp4"
    peak = [0.0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _common.rss_mib())
            time.sleep(0.01)

    with tempfile.TemporaryDirectory() as tmp:
        # Warm up imports, PyAV and the HTTP stack on a small file first.
        asyncio.run(_small(clip, Path(tmp)))
        baseline = _common.rss_mib()
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start = time.perf_counter()
        take = asyncio.run(download(url, Path(tmp) / "store"))
        elapsed = time.perf_counter() - start
        stop.set()
        sampler.join()
    server.terminate()
    size = take.bytes  # type: ignore[attr-defined]
    print(
        f"download: {size / GIB:.3f} GiB in {elapsed:.1f} s "
        f"({size / GIB / elapsed * 1024:.0f} MiB/s), probed {take.duration} s "  # type: ignore[attr-defined]
        f"{take.width}x{take.height}; RSS {baseline:.1f} → peak {peak[0]:.1f} MiB"
    )  # type: ignore[attr-defined]
    ok = _common.verdict("RSS growth while downloading 1 GiB", peak[0] - baseline, LIMIT_MIB, "MiB")
    print("download benchmark:", "target met" if ok else "TARGET MISSED")
    return 0 if ok else 1


async def _small(clip: bytes, root: Path) -> None:
    from workbench.engine.downloads import save_clip
    from workbench.library.store import ClipStore

    async def chunks():  # type: ignore[no-untyped-def]
        yield clip

    await save_clip(chunks(), ClipStore(root / "warm"))


if __name__ == "__main__":
    sys.exit(main())
