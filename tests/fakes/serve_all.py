"""Start every vendor fake on 127.0.0.1 and print the shell lines that point Workbench at them.

    python -m tests.fakes.serve_all        # then paste the printed lines in another shell

For trying the real command line against the six seed services without any account.
"""

from __future__ import annotations

import signal
import sys

from tests.fakes.grok import FakeGrok
from tests.fakes.kling import ACCESS_KEY, SECRET_KEY, FakeKling
from tests.fakes.runway import FakeRunway
from tests.fakes.seedance import FakeSeedance
from tests.fakes.sora import FakeSora
from tests.fakes.veo import FakeGeminiApi


def main() -> int:
    render_s = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    fakes = {
        "seedance": FakeSeedance(render_s=render_s),
        "kling": FakeKling(render_s=render_s),
        "veo": FakeGeminiApi(render_s=render_s),
        "runway": FakeRunway(render_s=render_s),
        "grok": FakeGrok(render_s=render_s),
        "sora": FakeSora(render_s=render_s),
    }
    keys = {
        "ARK_API_KEY": "test-key-0000",
        "KLING_ACCESS_KEY": ACCESS_KEY,
        "KLING_SECRET_KEY": SECRET_KEY,
        "GEMINI_API_KEY": "test-key-0000",
        "RUNWAYML_API_SECRET": "test-key-0000",
        "XAI_API_KEY": "test-key-0000",
        "OPENAI_API_KEY": "test-key-0000",
    }
    for name, fake in fakes.items():
        fake.start()
        url = getattr(fake, "api_base", None) or fake.base_url
        print(f"export WORKBENCH_{name.upper()}_BASE_URL={url}")
    for env, value in keys.items():
        print(f"export {env}={value}")
    sys.stdout.flush()
    signal.sigwait({signal.SIGINT, signal.SIGTERM})
    for fake in fakes.values():
        fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
