"""The project-local catalog rows (harness/catalog/extra_requirements.yaml): well formed, merged
after the shared rows, and never reusing a shared id."""
import pytest
import yaml

from harness.catalog import load_catalog
from harness.catalog.extension import ExtensionError, load_extension, merge
from harness.catalog.paths import find_shared_dir

SHARED = find_shared_dir()


def test_local_ids_do_not_clash_with_the_shared_catalog():
    local = {r["id"] for r in load_extension()}
    if SHARED is not None:
        from harness.catalog import markdown
        text = (SHARED / "requirements-catalog.md").read_text(encoding="utf-8")
        shared = {row.id for row in markdown.parse_rows(text)}
    else:  # the committed catalog still holds the shared rows first
        shared = set(load_catalog().ids()[:314])
    assert local and not local & shared


def test_local_rows_are_in_the_committed_catalog_with_their_prefixes():
    catalog = load_catalog()
    for row in load_extension():
        req = catalog.get(row["id"])
        assert req.id.split("-")[0] in ("DIR", "SSA", "DCR", "INTEROP", "CAEP", "KOLIDE", "STARFLY", "SSE"), req.id
        assert req.role in ("directory", "transmitter", "receiver", "both"), req.id
        assert req.statement and req.check and req.area.startswith(
            ("17.", "18.", "19.", "20.", "21.", "22.", "23.", "24.")), req.id


@pytest.mark.parametrize("rid, spec, link, locator, unchecked", [
    ("DCR-05", "7591", "https://www.rfc-editor.org/rfc/rfc7591#section-3.2.2", "RFC7591-3.2.2",
     True),
    ("DCR-13", "7591", "https://www.rfc-editor.org/rfc/rfc7591#section-3.2.1", "RFC7591-3.2.1",
     True),
    ("SSA-03", "DIRECTORY", "../shared/seeds/directory-get-ssa-assertion.txt", None, False),
    ("DIR-CREATE-04", "DIRECTORY", "../shared/seeds/directory-create-software-statement.txt",
     None, False),
])
def test_sources_become_spec_link_and_locator(rid, spec, link, locator, unchecked):
    req = load_catalog().get(rid)
    assert (req.spec, req.link, req.oidf_locator, req.source_unchecked) == (
        spec, link, locator, unchecked)


def test_interop_draft_01_rows_cite_the_draft_and_the_oidf_label():
    # Issue 15: the certification profile's newer draft; its sections are the OIDF CAEPIOP-x.y.
    req = load_catalog().get("INTEROP-UC-DCC-01")
    assert (req.spec, req.section, req.oidf_locator, req.role) == (
        "INTEROP", "3.3", "CAEPIOP-3.3", "both")
    assert req.link.endswith("openid-caep-interoperability-profile-1_0.html#section-3.3")
    assert load_catalog().get("CAEP-ALC-07").level == "SHOULD"   # the split-out clause


@pytest.mark.parametrize("rid, level", [("DIR-CREATE-01", "MUST"), ("DIR-ERR-02", "SHOULD"),
                                        ("DCR-03", "MUST"), ("DCR-07", "SHOULD"),
                                        ("SSA-07", "SHOULD"), ("DCR-08", "MUST")])
def test_levels_follow_the_general_rules(rid, level):
    assert load_catalog().get(rid).level == level


def test_a_clash_or_a_repeat_is_refused(tmp_path):
    row = {"id": "SSF-DISC-01"}
    with pytest.raises(ExtensionError, match="clash with the shared catalog.*SSF-DISC-01"):
        merge([row], [row])
    doc = {"areas": [{"title": "x", "rows": [
        {"id": "DIR-X-01", "source": "seeds/directory-get-ssa-assertion.txt", "level": "MUST",
         "role": "D", "statement": "s", "check": "c"}] * 2}]}
    path = tmp_path / "extra.yaml"
    path.write_text(yaml.safe_dump(doc))
    with pytest.raises(ExtensionError, match="DIR-X-01 appears twice"):
        load_extension(path)


@pytest.mark.parametrize("change, message", [
    ({"role": "Q"}, "unknown role 'Q'"),
    ({"source": "somewhere"}, "cannot read a spec"),
    ({"id": "dir-1"}, "malformed requirement id"),
])
def test_malformed_rows_are_refused(tmp_path, change, message):
    row = {"id": "DIR-X-01", "source": "RFC 7591 §3.1", "level": "MUST", "role": "T",
           "statement": "s", "check": "c", **change}
    path = tmp_path / "extra.yaml"
    path.write_text(yaml.safe_dump({"areas": [{"title": "x", "rows": [row]}]}))
    with pytest.raises(ExtensionError, match=message):
        load_extension(path)
