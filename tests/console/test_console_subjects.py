"""The "send event" form in a real browser with every subject format CAEP and RISC events use
besides email: phone_number, iss_sub, opaque, account and a complex subject (user + session and
device). A person picks the format, fills its fields and sends; the live feed shows the SET
decoded with `sub_id` exactly as sent and its push delivered. Wrong input is refused in the page
with a message that says what to type, and nothing is sent."""
from __future__ import annotations

import json

import pytest

from tests.console.conftest import needs_chromium

pytestmark = needs_chromium
pytest.importorskip("websockets", reason="the DevTools driver needs websockets (uvicorn[standard])")

SENT = [  # (event action, subject format, fields as typed, the subject the SET must carry)
    ("identifier-changed", "phone_number", {"subj-phone": "+1 206-555-0100"},
     {"format": "phone_number", "phone_number": "+12065550100"}),
    ("credential-change", "iss_sub", {"subj-iss": "https://idp.example.com/",
                                      "subj-sub": "145234573"},
     {"format": "iss_sub", "iss": "https://idp.example.com/", "sub": "145234573"}),
    ("token-claims-change", "opaque", {"subj-id": "opaque-7f3a91"},
     {"format": "opaque", "id": "opaque-7f3a91"}),
    ("account-disabled", "account", {"subj-acct": "acct:dave@example.com"},
     {"format": "account", "uri": "acct:dave@example.com"}),
    ("session-revoked", "complex", {"subj-user": "erin@example.com", "subj-session": "sess-42",
                                    "subj-device": "dev-9"},
     {"format": "complex", "user": {"format": "email", "email": "erin@example.com"},
      "session": {"format": "opaque", "id": "sess-42"},
      "device": {"format": "opaque", "id": "dev-9"}}),
]

REFUSED = [  # (event action, subject format, fields as typed, words the message must hold)
    ("session-revoked", "phone_number", {"subj-phone": "2065550100"}, "is not E.164"),
    ("session-revoked", "account", {"subj-acct": "dave@example.com"}, "is not an acct: URI"),
    ("session-revoked", "iss_sub", {"subj-iss": "https://idp.example.com/", "subj-sub": ""},
     "the subject (sub) is required"),
    ("session-revoked", "complex", {"subj-user": "erin@example.com", "subj-session": "",
                                    "subj-device": ""}, "a session id, a device id, or both"),
    ("identifier-changed", "opaque", {"subj-id": "x"},
     "takes a subject of format email or phone_number"),
]

# The feed card whose subject line is `expected` (key order aside), as the page shows it.
_CARD = """(() => {
  const canon = (v) => JSON.stringify(v, (k, x) => x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort()) : x);
  const want = canon(%s);
  for (const card of document.querySelectorAll('#feed-list .event')) {
    let subject;
    try { subject = JSON.parse(card.querySelector('.subject').textContent); } catch { continue; }
    const pres = card.querySelectorAll('.decoded pre');
    if (canon(subject) !== want || pres.length < 2) continue;
    return {subject, claims: JSON.parse(pres[1].textContent), text: card.innerText,
            delivery: card.querySelector('.delivery').textContent};
  }
  return null; })()"""


@pytest.fixture(scope="module")
def with_push_stream(console):
    console.evaluate("document.getElementById('create-push').click()")
    assert console.wait("() => document.querySelector('#stream-rows tr[data-method=push]')"), \
        console.text("#streams")
    return console


# The event sends the page has made (its curl lines): other calls, such as the refresh of
# the security state after an earlier event is delivered, may land at any time.
_SENDS = """[...document.querySelectorAll('#curl-list code')]
    .filter(c => c.textContent.includes('/ssf/actions/')).length"""


def fill_and_send(browser, action: str, fmt: str, fields: dict) -> None:
    browser.evaluate(f"""(() => {{
        const set = (id, v) => {{ document.getElementById(id).value = v; }};
        set('action', {json.dumps(action)});
        set('subject-format', {json.dumps(fmt)});
        document.getElementById('subject-format').dispatchEvent(new Event('change'));
        for (const [id, v] of Object.entries({json.dumps(fields)})) set(id, v);
        document.getElementById('send-result').textContent = '';
        document.getElementById('send-form').requestSubmit(); }})()""")
    assert browser.wait("() => document.getElementById('send-result').textContent !== ''"), \
        "the form said nothing"


@pytest.mark.parametrize("action,fmt,fields,expected", SENT, ids=[s[1] for s in SENT])
def test_an_event_sent_with_this_subject_format_shows_it_in_the_feed(
        with_push_stream, shots, action, fmt, fields, expected):
    console = with_push_stream
    fill_and_send(console, action, fmt, fields)
    assert console.evaluate("""[...document.querySelectorAll('[data-subject-format]')]
        .filter(l => !l.hidden).map(l => l.querySelector('input').id)""") == list(fields)
    result = console.text("#send-result")
    assert result.startswith("sent to "), result
    assert console.wait(f"() => {_CARD % json.dumps(expected)}?.delivery.includes('delivered')",
                        15), console.text("#feed-list")[:2000]
    card = console.evaluate(_CARD % json.dumps(expected))
    assert card["claims"]["sub_id"] == expected, card
    assert action in card["text"] and "signature verified" in card["text"], card["text"]
    assert card["delivery"].startswith("delivery: delivered"), card["delivery"]
    console.screenshot(shots / f"console-subject-{fmt}.png")


@pytest.mark.parametrize("action,fmt,fields,words", REFUSED, ids=[r[1] for r in REFUSED])
def test_wrong_subject_input_is_explained_and_not_sent(with_push_stream, action, fmt, fields,
                                                       words):
    console = with_push_stream
    calls_before = console.evaluate(_SENDS)
    fill_and_send(console, action, fmt, fields)
    message = console.text("#send-result")
    assert words in message, message
    assert console.evaluate("document.getElementById('send-result').className") == "outcome bad"
    assert console.evaluate("document.querySelectorAll('[aria-invalid=true]').length") == (
        0 if fmt == "opaque" else 1)
    assert console.evaluate(_SENDS) == calls_before, \
        "the page sent a request for input it should have refused"
