"""Which Chromium the browser tests drive, and how it is launched.

Always Debian's ``chromium`` (``make test`` installs it with apt-get, see ``scripts/ensure-chromium``), never a
browser that Playwright downloads: ``playwright install`` is neither needed nor used.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

DEFAULT_CHROMIUM = "/usr/bin/chromium"

#: Quiet, offline, reproducible: no GPU, no sandbox (we run as root in CI), nothing phoning home.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--no-proxy-server",  # the live server is on 127.0.0.1, whatever proxy the environment names
]


def chromium_path() -> Path:
    """``E2E_CHROMIUM`` (for example a local Chrome on macOS) or Debian's ``/usr/bin/chromium``."""
    return Path(os.environ.get("E2E_CHROMIUM") or DEFAULT_CHROMIUM)


def require_chromium() -> Path:
    """The browser to launch; skips the test when there is none, except under ``CI=true``, where it fails."""
    path = chromium_path()
    if path.is_file() and os.access(path, os.X_OK):
        return path
    reason = (
        f"no Chromium at {path}: run `make chromium` (apt-get install chromium, as root) "
        "or set E2E_CHROMIUM to a Chromium or Chrome binary"
    )
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the browser tests, but {reason}", pytrace=False)
    pytest.skip(reason)


def headed() -> bool:
    """``E2E_HEADED=1`` shows the browser window (needs a display), for debugging a journey."""
    return os.environ.get("E2E_HEADED", "") not in ("", "0", "false")


def slow_mo_ms() -> float:
    """``E2E_SLOW_MO=250`` pauses that many milliseconds between browser actions, to watch a journey."""
    return float(os.environ.get("E2E_SLOW_MO") or 0)
