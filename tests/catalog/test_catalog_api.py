"""The public API of harness.catalog over the committed requirements.json."""
import dataclasses
import json
import re

import pytest

from harness.catalog import LEVELS, ROLES, Catalog, Requirement, load_catalog, severity_for
from harness.catalog.paths import REQUIREMENTS_JSON

ID = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def test_catalog_has_every_row_of_the_markdown(catalog):
    # 314 rows of ../shared/requirements-catalog.md, then the 34 + 9 project-local ones
    # (harness/catalog/extra_requirements.yaml: directory/registration, then issue 15's, then
    # the Kolide dialect's 12).
    assert len(catalog) == 314 + 34 + 9 + 14 + 9 + 5
    assert json.loads(REQUIREMENTS_JSON.read_text())["count"] == 314 + 34 + 9 + 14 + 9 + 5
    assert catalog.ids()[313] == "INTEROP-UC-CC-03" and catalog.ids()[314] == "DIR-CREATE-01"
    assert catalog.ids()[0] == "SSF-DISC-01" and catalog.ids()[-1] == "SSE-05"
    assert len(set(catalog.ids())) == len(catalog)


def test_load_catalog_is_cached(catalog):
    assert load_catalog() is catalog


def test_get_returns_a_frozen_requirement(catalog):
    req = catalog.get("SSF-STREAM-19")
    assert isinstance(req, Requirement)
    assert (req.spec, req.section, req.level, req.role) == ("SSF", "8.1.1.1", "MUST", "transmitter")
    assert req.anchor == "#creating-a-stream"
    assert req.link == "https://openid.net/specs/openid-sharedsignals-framework-1_0.html#creating-a-stream"
    assert req.oidf_locator == "OIDSSF-8.1.1.1"
    assert req.statement.startswith("`POST configuration_endpoint` with a valid body returns")
    assert req.check.startswith("Status 201")
    with pytest.raises(dataclasses.FrozenInstanceError):
        req.level = "MAY"


def test_get_unknown_id_raises_keyerror_with_suggestions(catalog):
    with pytest.raises(KeyError) as err:
        catalog.get("SSF-STREAM-190")
    message = str(err.value)
    assert "unknown requirement id 'SSF-STREAM-190'" in message
    assert "did you mean" in message and "SSF-STREAM-19" in message


def test_contains_and_iteration_follow_catalog_order(catalog):
    assert "PUSH-07" in catalog and "PUSH-99" not in catalog
    assert [r.id for r in catalog] == list(catalog.ids())


def test_every_field_is_well_formed(catalog):
    for req in catalog:
        assert ID.match(req.id), req.id
        assert req.level in LEVELS and req.role in ROLES, req.id
        assert req.spec in {"SSF", "CAEP", "RISC", "INTEROP", "8417", "8935", "8936", "9493",
                            "7515", "7519", "7591", "7592", "8414", "6749", "DIRECTORY",
                            "KOLIDE", "STARFLY", "SSE"}, req.id
        # The trust directory's seed pages have no public URL: their copy in ../shared (the
        # legacy SSE draft's rows cite the anchors' field survey).
        local = {"DIRECTORY": "../shared/seeds/", "KOLIDE": "../shared/seeds/",
                 "STARFLY": "../shared/seeds/", "SSE": "../shared/anchors/"}
        assert req.link.startswith(local.get(req.spec, "https://")), req.id
        assert req.statement and req.check and req.level_text and req.area, req.id
        assert "\n" not in req.statement and "<br>" not in req.statement, req.id
        if req.section:
            assert req.oidf_locator and req.oidf_locator.endswith("-" + req.section), req.id
            assert req.anchor and req.anchor.startswith("#"), req.id
            assert req.link.endswith(req.anchor), req.id


@pytest.mark.parametrize("rid, link, locator", [
    ("PUSH-13", "https://www.rfc-editor.org/rfc/rfc8935#section-2.4", "RFC8935-2.4"),
    ("CAEP-CC-03", "https://openid.net/specs/openid-caep-1_0.html#credential-change-claims",
     "OIDCAEP-3.3.1"),
    ("RISC-AD-02", "https://openid.net/specs/openid-risc-1_0.html#account-disabled", "OIDRISC-2.3"),
    ("INTEROP-TX-01",
     "https://openid.net/specs/openid-caep-interoperability-profile-1_0.html#spec-version",
     "CAEPIOP-2.3.1"),
    ("SUBID-05", "https://www.rfc-editor.org/rfc/rfc9493#section-3.2.5", "RFC9493-3.2.5"),
    ("SSF-STREAM-44", "https://openid.net/specs/openid-sharedsignals-framework-1_0.html", None),
])
def test_links_and_oidf_locators(catalog, rid, link, locator):
    req = catalog.get(rid)
    assert (req.link, req.oidf_locator) == (link, locator)


def test_unchecked_source_rows_keep_a_clean_id(catalog):
    jose = catalog.get("JOSE-02")
    assert jose.source_unchecked and jose.spec == "7515" and jose.source == "RFC 7515 §4.1.11"
    assert not catalog.get("SET-01").source_unchecked


def test_by_role_includes_both_unless_told_not_to(catalog):
    tx = catalog.by_role("transmitter")
    assert {r.role for r in tx} == {"transmitter", "both"}
    assert len(tx) == 218 + 12 + 6 + 43 + 2 + 14 + 9 + 5   # + the Kolide and starfly rows
    assert len(catalog.by_role("T", include_both=False)) == 218 + 12 + 6 + 14 + 9 + 5
    assert len(catalog.by_role("receiver", include_both=False)) == 53 + 3
    assert len(catalog.by_role("D")) == 20
    assert {r.role for r in catalog.by_role("both")} == {"both"}
    assert len(catalog.by_role("both")) == 43 + 2


def test_by_role_rejects_unknown_roles(catalog):
    with pytest.raises(ValueError, match="unknown role 'idp'"):
        catalog.by_role("idp")


@pytest.mark.parametrize("level, strict, expected", [
    ("MUST", False, "failed"), ("MUST", True, "failed"),
    ("SHOULD", False, "warning"), ("SHOULD", True, "failed"),
    ("MAY", False, "info"), ("MAY", True, "info"),
    ("INFO", False, "info"), ("INFO", True, "info"),
])
def test_severity_for(level, strict, expected):
    assert severity_for(level, strict=strict) == expected


def test_severity_for_rejects_unknown_level():
    with pytest.raises(ValueError, match="unknown level 'MUST NOT'"):
        severity_for("MUST NOT")


def test_duplicate_ids_are_refused():
    req = load_catalog().get("SET-01")
    with pytest.raises(ValueError, match="duplicate"):
        Catalog([req, req])
