"""`ssf-conformance matrix` against real servers: the embedded reference on both sides gives
green cells and valid reports; a fault-switched receiver turns its cells red with the reason
(pairs in the process pool); a hostile string in a reason is shown as text in the HTML."""
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from harness.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, _load_commands, app
from harness.interop.report_html import render_html
from harness.suite.profiles import default_profile_path

_load_commands()


def _matrix(*args) -> tuple[int, str]:
    # A wide terminal: rich's error panel would cut a long path at the default width.
    result = CliRunner().invoke(app, ["matrix", *[str(a) for a in args]],
                                env={"COLUMNS": "400"})
    return result.exit_code, result.output


class _Page(HTMLParser):
    """Collects what the page would run or fetch, and its anchors and links."""

    def __init__(self):
        super().__init__()
        self.tags, self.ids, self.links, self.external = [], set(), [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        for name in ("src", "href"):
            value = attrs.get(name) or ""
            if value and not value.startswith("#"):
                self.external.append(value)
        self.external += [f"{tag} {k}" for k in attrs if k.startswith("on")]


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    reports = tmp_path_factory.mktemp("matrix")
    code, output = _matrix("--flows", "session-revoked", "--methods", "push,poll",
                           "--reports", reports)
    return code, output, reports


def test_reference_by_reference_is_green(clean):
    code, output, reports = clean
    assert code == EXIT_OK, output
    matrix = json.loads((reports / "matrix.json").read_text())
    cells = matrix["pairs"][0]["cells"]
    assert [(c["flow"], c["method"], c["colour"]) for c in cells] == [
        ("session-revoked", "push", "green"), ("session-revoked", "poll", "green")]
    for cell in cells:
        assert cell["delivered"] and cell["accepted"] and cell["action_observed"]
        assert cell["latency_ms"] is not None and cell["latency_ms"] >= 0
    comparison = matrix["pairs"][0]["comparison"]
    assert comparison["push"]["burst"]["sets_per_request"] == 1.0
    assert comparison["poll"]["paused"]["behaviour"] == "held, delivered on resume"
    assert "| reference → reference |" in (reports / "matrix.md").read_text()


def test_the_page_is_self_contained_and_every_cell_links_to_its_evidence(clean):
    page = _Page()
    page.feed((clean[2] / "matrix.html").read_text())
    assert "script" not in page.tags and page.external == []
    cell_links = [link for link in page.links if link.startswith("#p0-")]
    assert len(cell_links) == 2 and all(link[1:] in page.ids for link in cell_links)


def test_a_receiver_that_refuses_caep_events_shows_red_cells_with_the_reason(tmp_path):
    faulty = yaml.safe_load(default_profile_path().read_text())
    faulty["name"] = "refusing-receiver"
    faulty["reference"]["faults"] = ["refuses-caep-events"]
    (tmp_path / "refusing.yaml").write_text(yaml.safe_dump(faulty))
    code, output = _matrix("--receivers", default_profile_path(), tmp_path / "refusing.yaml",
                           "--flows", "session-revoked", "--methods", "push",
                           "--workers", "2", "--reports", tmp_path / "reports")
    assert code == EXIT_FAILED, output
    pairs = json.loads((tmp_path / "reports" / "matrix.json").read_text())["pairs"]
    by_receiver = {p["receiver"]["name"]: p["cells"][0] for p in pairs}
    assert by_receiver["reference"]["colour"] == "green"
    red = by_receiver["refusing-receiver"]
    assert red["colour"] == "red" and red["delivered"] is True and red["accepted"] is False
    assert "refused" in red["reason"] and "err" in red["reason"]
    assert "refused" in (tmp_path / "reports" / "matrix.md").read_text()


def test_markup_in_a_reason_is_shown_as_text(clean):
    matrix = json.loads((clean[2] / "matrix.json").read_text())
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&'
    pair = matrix["pairs"][0]
    pair["receiver"]["name"] = hostile
    pair["cells"][0].update(colour="red", reason=hostile)
    pair["cells"][0]["evidence"]["observed"] = {"description": hostile}
    html = render_html(matrix)
    page = _Page()
    page.feed(html)
    assert "script" not in page.tags and "img" not in page.tags and page.external == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and hostile not in html


def test_unknown_flows_and_missing_profiles_are_usage_errors(tmp_path):
    assert _matrix("--flows", "no-such-flow", "--reports", tmp_path)[0] == EXIT_USAGE
    code, output = _matrix("--transmitters", Path(tmp_path / "absent.yaml"),
                           "--reports", tmp_path)
    assert code == EXIT_USAGE and "absent.yaml" in output


def test_a_dialect_that_cannot_carry_the_push_credential_is_named_as_the_root_cause(tmp_path):
    """starfly's stream API has no authorization_header; the reference receiver requires a
    bearer: the red cell says so and what to do, not only that the push was refused."""
    from harness.suite.profiles import PROJECT_ROOT
    starfly = PROJECT_ROOT / "profiles/examples/starfly-embedded.yaml"
    code, output = _matrix("--transmitters", starfly,
                           "--flows", "session-revoked", "--methods", "push",
                           "--reports", tmp_path / "reports")
    assert code == EXIT_FAILED, output
    (pair,) = json.loads((tmp_path / "reports" / "matrix.json").read_text())["pairs"]
    red = pair["cells"][0]
    assert red["colour"] == "red" and "authentication_failed" in red["reason"]
    assert "gives a push stream no credential" in red["reason"]
