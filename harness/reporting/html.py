"""The offline HTML report, built by the Allure 3 CLI from npm (package.json pins it; `npm ci`
installs it into node_modules/).

Two outputs: a multi-file report (open it over HTTP, e.g. `python -m http.server`) and a
single-file `index.html` to send to an auditor (opens from file://). Allure 3 always embeds a
Google Analytics (gtag) script that `ALLURE_NO_ANALYTICS` does not turn off; we strip it after
generating, so the report never calls out (see ../shared/tooling.md section 4)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from harness.reporting.allure_metadata import allure3_categories

# The gtag loader plus the inline block that configures it (dataLayer … gtag('config', …)).
_GTAG = re.compile(
    r"<script[^>]*googletagmanager\.com/gtag/js[^>]*>\s*</script>\s*"
    r"(?:<script>(?:(?!</script>).)*?gtag\((?:(?!</script>).)*?</script>)?",
    re.DOTALL)
_ANY_GTAG = re.compile(r"googletagmanager|gtag\(", re.IGNORECASE)
DEFAULT_TIMEOUT = 300.0  # seconds; override with SSF_REPORT_TIMEOUT


class HtmlReportError(RuntimeError):
    """The Allure CLI was found but failed; the message carries its last output lines."""


@dataclass(frozen=True)
class AllureCli:
    node: str
    script: Path  # node_modules/allure/cli.js (run with node, so no shell wrapper is needed)

    def command(self, *args: str) -> list[str]:
        return [self.node, str(self.script), *args]


def find_allure_cli(project_root: Path) -> AllureCli | None:
    """The pinned Allure CLI in node_modules, or None when Node or the package is missing."""
    node = shutil.which("node")
    bin_link = project_root / "node_modules" / ".bin" / "allure"
    if not bin_link.exists():
        # An installed wheel (or the container image): $SSF_ALLURE_CLI, or `npm install -g`'s.
        bin_link = Path(os.environ.get("SSF_ALLURE_CLI") or shutil.which("allure") or bin_link)
    if node is None or not bin_link.exists():
        return None
    return AllureCli(node, bin_link.resolve())


def how_to_get_html(project_root: Path) -> str:
    if shutil.which("node") is None:
        return ("no HTML report: Node.js is not installed. Install Node 20+ (e.g. "
                "`apt-get install nodejs npm`), then run `npm ci` in "
                f"{project_root} and `ssf-conformance report`.")
    return ("no HTML report: the Allure CLI is not installed. Run `npm ci` in "
            f"{project_root}, then `ssf-conformance report`.")


def strip_analytics(html_file: Path) -> int:
    """Remove the gtag script blocks from a generated index.html; returns how many went."""
    text = html_file.read_text(encoding="utf-8")
    stripped, count = _GTAG.subn("", text)
    if count:
        html_file.write_text(stripped, encoding="utf-8")
    return count


def has_analytics(directory: Path) -> bool:
    return any(_ANY_GTAG.search(p.read_text(encoding="utf-8", errors="replace"))
               for p in directory.rglob("*.html"))


def _allurerc(name: str, output: Path, single_file: bool) -> dict:
    # The tree groups scenarios by role, then by area (the labels apply_labels sets).
    awesome = {"reportName": name, "stepTreeExpansion": "expanded",
               "groupBy": ["parentSuite", "feature"]}
    if single_file:
        awesome["singleFile"] = True
    return {"name": name, "output": str(output), "categories": allure3_categories(),
            "plugins": {"awesome": {"options": awesome}}}


def generate_html(cli: AllureCli, allure_results: Path, output: Path, *, name: str,
                  single_file: bool = False, timeout: float | None = None) -> Path:
    """Generate one report into `output` (replaced); returns its index.html."""
    timeout = timeout or float(os.environ.get("SSF_REPORT_TIMEOUT", DEFAULT_TIMEOUT))
    if output.exists():
        shutil.rmtree(output)
    with tempfile.TemporaryDirectory(prefix="ssf-allurerc-") as workdir:
        config = Path(workdir) / "allurerc.json"
        config.write_text(json.dumps(_allurerc(name, output, single_file)), encoding="utf-8")
        env = {**os.environ, "ALLURE_NO_ANALYTICS": "true", "NO_COLOR": "1"}
        try:
            proc = subprocess.run(
                cli.command("generate", str(allure_results), "--config", str(config),
                            "--output", str(output)),
                cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired as exc:
            raise HtmlReportError(f"allure generate took longer than {timeout:.0f}s "
                                  "(set SSF_REPORT_TIMEOUT to allow more)") from exc
    index = output / "index.html"
    if proc.returncode != 0 or not index.exists():
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-10:])
        raise HtmlReportError(f"allure generate failed (exit {proc.returncode}):\n{tail}")
    strip_analytics(index)
    return index
