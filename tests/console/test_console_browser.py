"""The sandbox console in a real browser: headless Chromium opens the page `serve` prints, enters
the admin token once, runs each guided demo and sees what a person sees (the SET decoded and
verified, the security state before and after, the comparison table filled). A SET whose
claims carry markup renders as text. Screenshots go to the `shots` folder (printed; `-rP`)."""
from __future__ import annotations

import re

import httpx
import pytest

from tests.console.conftest import ADMIN, TOKENS, needs_chromium

pytestmark = needs_chromium
pytest.importorskip("websockets", reason="the DevTools driver needs websockets (uvicorn[standard])")
DEMO_SECONDS = 20


def run_demo(browser, name: str, panel: str) -> str:
    browser.evaluate(f"document.querySelector('[data-demo={name}]').click()")
    assert browser.wait(f"() => document.getElementById('{panel}').dataset.state !== 'running'",
                        DEMO_SECONDS)
    text = browser.text(f"#{panel}")
    assert browser.evaluate(f"document.getElementById('{panel}').dataset.state") == "done", text
    return text


def cell(browser, panel: str, key: str) -> str:
    return browser.evaluate(f"document.querySelector('#{panel} [data-k=\"{key}\"]').textContent")


def test_the_page_is_served_safely_and_the_token_stays_out_of_the_dom(sandbox, console):
    assert f"console      {sandbox['url']}/" in sandbox["banner"]
    page = httpx.get(sandbox["url"] + "/")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    # Works offline: nothing is loaded from elsewhere (placeholders may show example URLs).
    assert "cdn" not in page.text.lower()
    assert not re.search(r"""(src|href|action)=["']?(https?:)?//""", page.text), page.text
    assert httpx.get(sandbox["url"] + "/console/sandbox").status_code == 401
    # Everything the browser loaded came from serve itself: the page needs no network.
    loaded = console.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert loaded and all(u.startswith(sandbox["url"] + "/") for u in loaded), loaded
    dom = console.evaluate("document.documentElement.outerHTML")
    assert not any(secret in dom for secret in TOKENS.values())
    assert ADMIN not in console.evaluate("location.href")


def test_session_revoked_demo_revokes_alices_sessions(console, shots):
    run_demo(console, "session", "demo-session")
    before, after = int(cell(console, "demo-session", "before-active")), \
        int(cell(console, "demo-session", "after-active"))
    assert before >= 1 and after == 0, (before, after)
    assert int(cell(console, "demo-session", "after-revoked")) >= before
    assert console.wait("() => [...document.querySelectorAll('#feed-list .event')].some(e => "
                        "e.innerText.includes('session-revoked') && "
                        "e.innerText.includes('signature verified'))"), console.text("#feed-list")
    feed = console.text("#feed-list")
    assert '"iss"' in feed and '"alg"' in feed and "delivery: delivered" in feed
    assert "curl -sS -X POST" in console.text("#curl-list")
    calls = console.text("#curl-list")
    assert "$TOKEN" in calls and "$RECEIVER_TOKEN" in calls and "$PUSH_TOKEN" in calls
    assert not any(secret in calls for secret in TOKENS.values())
    print("screenshot:", console.screenshot(shots / "console-session-revoked.png"))


def test_credential_compromise_demo_shows_the_response_action(console, shots):
    run_demo(console, "compromise", "demo-compromise")
    assert cell(console, "demo-compromise", "action") not in ("", "none")
    before = (cell(console, "demo-compromise", "before-account"),
              cell(console, "demo-compromise", "before-reset"))
    after = (cell(console, "demo-compromise", "after-account"),
             cell(console, "demo-compromise", "after-reset"))
    assert before != after, (before, after)
    print("screenshot:", console.screenshot(shots / "console-credential-compromise.png"))


def test_push_vs_poll_demo_fills_the_comparison_table(console, shots):
    run_demo(console, "compare", "demo-compare")
    cells = {k: cell(console, "demo-compare", k) for k in (
        "push-latency", "poll-latency", "push-requests", "poll-requests", "push-batch",
        "poll-batch", "push-paused", "poll-paused", "push-resumed", "poll-resumed")}
    assert all(cells.values()), cells
    assert cells["poll-batch"].startswith("3 in one response"), cells
    assert cells["push-requests"].startswith("3"), cells
    assert cells["push-paused"] == "held: queued" and cells["poll-paused"].startswith("0 SETs")
    assert cells["push-resumed"] == "delivered when enabled"
    assert cells["poll-resumed"] == "returned by the next poll"
    print("screenshot:", console.screenshot(shots / "console-push-vs-poll.png"))
    # The top of the page after the three demos: docs/console.png is this picture.
    print("screenshot:", console.screenshot(shots / "console-overview.png", (1400, 1150), 0.7))


def test_markup_in_set_claims_renders_as_text(sandbox, console):
    hostile = '<img src=x onerror="window.pwned=1"><b id="injected">bold</b>'
    answer = httpx.post(sandbox["url"] + "/ssf/actions/session-revoked",
                        json={"email": "carol@example.com",
                              "event": {"reason_admin": {"en": hostile}}},
                        headers={"Authorization": f"Bearer {ADMIN}"})
    assert answer.status_code == 202 and answer.json()["deliveries"], answer.text
    assert console.wait("() => document.getElementById('feed-list').innerText"
                        ".includes('onerror=')"), console.text("#feed-list")
    assert console.evaluate("document.querySelector('#feed-list img, #injected') === null")
    assert console.evaluate("window.pwned === undefined")
    assert not console.console_errors, console.console_errors
