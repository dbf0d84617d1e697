"""A real `ssf-conformance serve` (subprocess, free ports, its own state folder) and one headless
Chromium for the console tests of this folder."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from harness.suite.profiles import PROJECT_ROOT
from tests.console.cdp import CHROMIUM

ADMIN = "adm-console-" + "k" * 16
TOKENS = {"SSF_SERVE_TOKEN": "tok-" + "a" * 20, "SSF_SERVE_PUSH_TOKEN": "push-" + "p" * 16,
          "SSF_SERVE_CONTROL_TOKEN": "ctl-" + "c" * 16, "SSF_SERVE_ADMIN_TOKEN": ADMIN,
          "SSF_SERVE_DIRECTORY_TOKEN": "dir-" + "w" * 20}
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="headless Chromium is not installed "
    "(apt-get install -y chromium): the console cannot be driven in a browser")


@contextmanager
def serving(state: Path, *args: str, last: str = "addresses"):
    """`serve` on three ports it picks with `args`; yields (transmitter port, banner) once the banner
    line starting with `last` is printed; SIGTERM at the end."""
    proc = subprocess.Popen(   # port 0: serve binds free ports itself and prints them
        [sys.executable, "-m", "harness", "serve", "--transmitter-port", "0",
         "--receiver-port", "0", "--directory-port", "0", "--state", str(state), *args],
        cwd=PROJECT_ROOT, env={**os.environ, **TOKENS}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        banner = []
        while not banner or not banner[-1].startswith(last):
            line = proc.stdout.readline()
            assert line, f"serve ended before printing {last!r}: " + "".join(banner)
            banner.append(line)
        from tests.test_serve_cli import printed_ports
        yield printed_ports(banner)["transmitter"], "".join(banner)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)  # serve stops its servers within 10 s each, together


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    with serving(tmp_path_factory.mktemp("console-state"), last="console") as (port, banner):
        yield {"url": f"http://127.0.0.1:{port}", "banner": banner}


@pytest.fixture(scope="module")
def browser(sandbox):
    from tests.console.cdp import Browser
    opened = Browser()
    try:
        yield opened
    finally:
        opened.close()


def open_console(browser, url: str):
    """Open the page at `url` and enter the admin token the way a person does."""
    browser.navigate(url + "/")
    browser.evaluate(f"""(() => {{
        document.getElementById('token').value = {json.dumps(ADMIN)};
        document.getElementById('token-form').requestSubmit(); }})()""")
    assert browser.wait("() => document.getElementById('token-state').textContent"
                        ".includes('accepted')"), browser.text("#token-state")
    return browser


@pytest.fixture(scope="module")
def console(sandbox, browser):
    return open_console(browser, sandbox["url"])


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    """Screenshots are test output: SSF_CONSOLE_SCREENSHOTS names a folder to keep them in."""
    folder = os.environ.get("SSF_CONSOLE_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("console-screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
