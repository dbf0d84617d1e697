"""A minimal Chrome DevTools Protocol driver for headless Chromium (the Debian package): start a
browser, open a page, evaluate JavaScript, wait for a condition in the page, take screenshots.

Waits are `Runtime.evaluate` of a promise that resolves when the page shows the condition (a
MutationObserver in the page), bounded by a deadline: no fixed sleeps, no polling loop here."""
from __future__ import annotations

import base64
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", "--window-size=1400,1000", "--remote-debugging-port=0",
         "about:blank"]

# Resolves with true when the predicate holds, re-checked on every DOM change.
_WAIT = """new Promise((resolve, reject) => {
  const check = () => { try { return Boolean((%s)()); } catch (e) { return false; } };
  if (check()) return resolve(true);
  const observer = new MutationObserver(() => {
    if (check()) { observer.disconnect(); clearTimeout(timer); resolve(true); } });
  observer.observe(document,
                   {subtree: true, childList: true, characterData: true, attributes: true});
  const timer = setTimeout(() => { observer.disconnect(); resolve(false); }, %d);
})"""


class Browser:
    def __init__(self, deadline: float = 20.0, flags: tuple[str, ...] = ()):
        from websockets.sync.client import connect

        # Chromium's helper processes may still write there as it exits: a leftover file in a
        # temp folder is not a test failure.
        self.profile = tempfile.TemporaryDirectory(prefix="ssf-console-chromium-",
                                                   ignore_cleanup_errors=True)
        self.proc = subprocess.Popen([CHROMIUM, *FLAGS, *flags,
                                      f"--user-data-dir={self.profile.name}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        ws_url = self._devtools_url(deadline)
        self._id = 0
        self.console_errors: list[str] = []
        self.ws = connect(ws_url, max_size=None, open_timeout=deadline).__enter__()
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        self.call("Page.enable", session=True)
        self.call("Runtime.enable", session=True)

    def _devtools_url(self, deadline: float) -> str:
        # Chromium prints the endpoint on stderr once it listens.
        end = time.monotonic() + deadline
        while time.monotonic() < end:
            line = self.proc.stderr.readline()
            if "DevTools listening on" in line:
                return line.split("on ", 1)[1].strip()
            if not line and self.proc.poll() is not None:
                break
        raise RuntimeError("Chromium did not start its DevTools endpoint")

    def call(self, method: str, session: bool = False, timeout: float = 20.0,
             until_event: str | None = None, **params):
        """Send a command; return its result (or, with until_event, once that event came)."""
        self._id += 1
        message = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        self.ws.send(json.dumps(message))
        result, seen = None, until_event is None
        while result is None or not seen:
            reply = json.loads(self.ws.recv(timeout=timeout))
            if reply.get("method") == "Runtime.exceptionThrown":
                self.console_errors.append(json.dumps(reply["params"])[:500])
            seen = seen or reply.get("method") == until_event
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result = reply["result"]
        return result

    def evaluate(self, expression: str, timeout: float = 20.0):
        result = self.call("Runtime.evaluate", session=True, timeout=timeout + 5,
                           expression=expression, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"page error: {result['exceptionDetails']}")
        return result["result"].get("value")

    def navigate(self, url: str) -> None:
        self.call("Page.navigate", session=True, url=url, until_event="Page.loadEventFired")

    def wait(self, predicate_js: str, seconds: float = 15.0) -> bool:
        return bool(self.evaluate(_WAIT % (predicate_js, int(seconds * 1000)), seconds))

    def text(self, selector: str = "body") -> str:
        return self.evaluate(f"document.querySelector({json.dumps(selector)}).innerText")

    def screenshot(self, path: Path, top: tuple[int, int] | None = None,
                   scale: float = 1.0) -> Path:
        """The whole page, or with `top` (width, height) its top part, scaled."""
        params = {"captureBeyondViewport": True}
        if top:
            params["clip"] = {"x": 0, "y": 0, "width": top[0], "height": top[1], "scale": scale}
        data = self.call("Page.captureScreenshot", session=True, format="png", **params)["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.ws.close()
        finally:
            self.proc.terminate()
            self.proc.wait(timeout=10)
            self.profile.cleanup()
