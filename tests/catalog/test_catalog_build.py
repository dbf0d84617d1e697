"""Building requirements.json from the shared markdown, and keeping the committed copy fresh."""
import json

import pytest

from harness.catalog import build, markdown, specs
from harness.catalog.paths import REQUIREMENTS_JSON, find_shared_dir

SHARED = find_shared_dir()
needs_shared = pytest.mark.skipif(SHARED is None, reason="shared reference folder (../shared or "
                                  "/work/shared) not present; nothing to compare against")


@needs_shared
def test_committed_catalog_matches_the_shared_markdown():
    fresh = build.render_json(build.build_catalog_data(SHARED))
    assert REQUIREMENTS_JSON.read_text(encoding="utf-8") == fresh, (
        "harness/catalog/requirements.json is stale; run: python -m harness.catalog.build")


@needs_shared
def test_build_check_mode_reports_fresh_and_stale(tmp_path, capsys):
    out = tmp_path / "requirements.json"
    assert build.main(["--shared", str(SHARED), "--output", str(out), "--check"]) == 1
    assert "is stale" in capsys.readouterr().err
    assert build.main(["--shared", str(SHARED), "--output", str(out)]) == 0
    assert json.loads(out.read_text())["count"] == 314 + 34 + 9 + 14 + 9 + 5  # shared + project-local
    assert build.main(["--shared", str(SHARED), "--output", str(out), "--check"]) == 0


def test_build_without_shared_folder_is_a_usage_error(tmp_path, capsys):
    assert build.main(["--shared", str(tmp_path), "--output", str(tmp_path / "x.json")]) == 2
    assert "no requirements-catalog.md found" in capsys.readouterr().err


CATALOG_MD = """# Catalog

## 1. Discovery (SSF §7)

| ID | Source | Level | Role | Requirement (own words) | Black-box check |
|---|---|---|---|---|---|
| SSF-DISC-01 | SSF §7.2 | MUST | T | Publish metadata. | GET it. |
| JOSE-01 (*) | RFC 7515 §4.1.9 | def | R | `typ` is<br>• a media type. | Push one. |

| Field | Supplied by | Presence | Notes |
|---|---|---|---|
| `stream_id` | Transmitter | REQUIRED | ignored table |

## 2. Other

| ID | Source | Level | Role | Requirement | Black-box check |
|---|---|---|---|---|---|
| SSF-STREAM-44 | derived | derived | B | Nothing after delete. | Check. |
"""


def test_parse_rows_reads_requirement_tables_only():
    rows = markdown.parse_rows(CATALOG_MD)
    assert [r.id for r in rows] == ["SSF-DISC-01", "JOSE-01", "SSF-STREAM-44"]
    assert rows[1].source_unchecked and not rows[0].source_unchecked
    assert rows[1].statement == "`typ` is • a media type."
    assert (rows[0].role, rows[1].role, rows[2].role) == ("transmitter", "receiver", "both")
    assert rows[0].area == "1. Discovery (SSF §7)" and rows[2].area == "2. Other"


@pytest.mark.parametrize("bad, message", [
    ("| SSF-X-01 | SSF §1 | MUST | T | only five |", "has 5 cells"),
    ("| SSF-X-01 | SSF §1 | MUST | Q | a | b |", "unknown role 'Q'"),
    ("| SSF-X-01 | SSF §1 | MUST | T | a | b |\n| SSF-X-01 | SSF §1 | MUST | T | a | b |",
     "duplicate requirement id SSF-X-01"),
])
def test_parse_rows_refuses_malformed_rows(bad, message):
    with pytest.raises(markdown.CatalogFormatError, match=message):
        markdown.parse_rows(bad)


@pytest.mark.parametrize("rid, source, expected", [
    ("SSF-STREAM-18", "SSF §8.1.1.1 `#creating-a-stream`",
     markdown.SourceRef("SSF", "8.1.1.1", "#creating-a-stream")),
    ("SET-09", "8417 §2.2; SSF §4.1.8", markdown.SourceRef("8417", "2.2", None)),
    ("JOSE-04", "derived from INTEROP §2.6 / 8417 §5.1", markdown.SourceRef("INTEROP", "2.6", None)),
    ("JOSE-02", "RFC 7515 §4.1.11", markdown.SourceRef("7515", "4.1.11", None)),
    ("SSF-UPD-06", "derived", markdown.SourceRef("SSF", None, None)),
])
def test_parse_source(rid, source, expected):
    assert markdown.parse_source(rid, source) == expected


def test_parse_source_refuses_unplaceable_rows():
    with pytest.raises(markdown.CatalogFormatError, match="cannot read a spec"):
        markdown.parse_source("PUSH-99", "somewhere")


SPEC_MD = """---
title: x
--- middle

# Introduction {#introduction}

## Notational Conventions

```
# not a heading
```

# Delivery {#delivery}

## Push Delivery using HTTP

## Push Delivery using HTTP

### Creating a Stream’s Thing {#creating}

--- back

# Appendix {#appendix}
"""


def test_markdown_section_anchors_number_headings_like_the_renderer():
    anchors = specs.markdown_section_anchors(SPEC_MD)
    assert anchors == {"1": "introduction", "1.1": "notational-conventions", "2": "delivery",
                       "2.1": "push-delivery-using-http", "2.2": "push-delivery-using-http-1",
                       "2.2.1": "creating"}


def test_xml_section_anchors_follow_nesting():
    xml = ("<rfc><front/><middle><section anchor='intro'/><section anchor='types'>"
           "<section anchor='a'/><section><section anchor='c'/></section></section>"
           "</middle><back><section anchor='ack'/></back></rfc>")
    assert specs.xml_section_anchors(xml) == {"1": "intro", "2": "types", "2.1": "a", "2.2.1": "c"}


def test_a_catalog_anchor_that_contradicts_the_spec_is_refused(tmp_path):
    row = markdown.parse_rows(CATALOG_MD)[0]
    ref = markdown.SourceRef("SSF", "7.2", "#wrong-anchor")
    with pytest.raises(build.CatalogBuildError, match="catalog anchor #wrong-anchor"):
        build._resolve_anchor(row, ref, {"SSF": {"7.2": "obtaining"}})
    with pytest.raises(build.CatalogBuildError, match="SSF has no section 7.2"):
        build._resolve_anchor(row, ref, {"SSF": {}})
