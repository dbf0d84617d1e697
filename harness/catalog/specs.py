"""Spec documents: official URLs, OIDF locator prefixes, and section-number → anchor maps.

Section numbers are the ones the sources get when rendered (headings numbered in order from
"1 Introduction"; RISC by XML `<section>` nesting), as the catalog uses them. Anchors are the
explicit `{#anchor}` / `anchor="…"` of the heading; a kramdown heading without one gets kramdown's
auto id (what kramdown-rfc hands to xml2rfc as the section anchor).
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SpecDoc:
    key: str               # the catalog's source key: SSF, CAEP, RISC, INTEROP, 8417, …
    url: str               # official URL of the rendered document
    oidf_prefix: str       # requirement prefix used in OIDF conformance-suite logs
    source_file: str | None = None  # under shared/specs; None for RFCs (anchor is #section-N)


SPECS: dict[str, SpecDoc] = {s.key: s for s in (
    SpecDoc("SSF", "https://openid.net/specs/openid-sharedsignals-framework-1_0.html",
            "OIDSSF", "ssf-1_0.md"),
    SpecDoc("CAEP", "https://openid.net/specs/openid-caep-1_0.html", "OIDCAEP", "caep-1_0.md"),
    SpecDoc("RISC", "https://openid.net/specs/openid-risc-1_0.html", "OIDRISC", "risc-1_0.xml"),
    SpecDoc("INTEROP", "https://openid.net/specs/openid-caep-interoperability-profile-1_0.html",
            "CAEPIOP", "caep-interop-profile-1_0.md"),
    *(SpecDoc(num, f"https://www.rfc-editor.org/rfc/rfc{num}", f"RFC{num}")
      for num in ("8417", "8935", "8936", "9493", "7515", "7519")),
    # Cited only by the project-local rows (harness/catalog/extra_requirements.yaml).
    *(SpecDoc(num, f"https://www.rfc-editor.org/rfc/rfc{num}", f"RFC{num}")
      for num in ("7591", "7592", "8414", "6749")),
    # The trust directory's seed pages: product documents without a public URL; their rows
    # link to the copy every developer has at ../shared/seeds (seen from the project root).
    SpecDoc("DIRECTORY", "../shared/seeds/", "DIR"),
    # Vendor dialects' product documents (ditto), for the rows of `dialect:` targets.
    SpecDoc("KOLIDE", "../shared/seeds/", "KOLIDE"),
    SpecDoc("STARFLY", "../shared/seeds/", "STARFLY"),
    # The legacy SSE draft as deployed: the field survey of vendor dialects (no seed page).
    SpecDoc("SSE", "../shared/anchors/", "SSE"),
)}
# seed file name prefix -> the spec key of its rows
SEED_SPECS = {"directory-": "DIRECTORY", "kolide-": "KOLIDE", "starfly-": "STARFLY",
              "vendor-dialects": "SSE"}

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{#([^}]+)\})?\s*$")
_FENCE = re.compile(r"^(```|~~~)")


def kramdown_auto_id(title: str) -> str:
    """kramdown's generated header id: drop leading non-letters and other punctuation."""
    text = re.sub(r"^[^a-zA-Z]+", "", title)
    text = re.sub(r"[^a-zA-Z0-9 -]", "", text)
    return text.replace(" ", "-").lower()


def markdown_section_anchors(text: str) -> dict[str, str]:
    """Map "8.1.1.1" → "creating-a-stream" for the `--- middle` part of a kramdown-rfc source."""
    body = text.split("\n--- middle\n", 1)[-1].split("\n--- back\n", 1)[0]
    counters: list[int] = []
    anchors: dict[str, str] = {}
    used: dict[str, int] = {}
    in_fence = False
    for line in body.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        match = None if in_fence else _HEADING.match(line)
        if not match:
            continue
        depth = len(match.group(1))
        counters = (counters + [0] * depth)[:depth]
        counters[-1] += 1
        anchor = match.group(3)
        if anchor is None:
            anchor = kramdown_auto_id(match.group(2))
            if anchor in used:  # kramdown de-duplicates auto ids with -1, -2, …
                used[anchor] += 1
                anchor = f"{anchor}-{used[anchor]}"
            else:
                used[anchor] = 0
        anchors[".".join(map(str, counters))] = anchor.strip()
    return anchors


def xml_section_anchors(text: str) -> dict[str, str]:
    """Map section numbers to anchors for an xml2rfc v2 source (the `<middle>` sections)."""
    root = ET.fromstring(text)
    middle = root.find("middle")
    anchors: dict[str, str] = {}

    def walk(parent: ET.Element, prefix: str) -> None:
        for number, section in enumerate(parent.findall("section"), start=1):
            label = f"{prefix}{number}"
            if section.get("anchor"):
                anchors[label] = section.get("anchor")
            walk(section, label + ".")

    if middle is not None:
        walk(middle, "")
    return anchors


def load_section_anchors(specs_dir: Path) -> dict[str, dict[str, str]]:
    """Section → anchor maps for every spec whose source is in `specs_dir`."""
    maps: dict[str, dict[str, str]] = {}
    for spec in SPECS.values():
        if spec.source_file is None:
            continue
        text = (specs_dir / spec.source_file).read_text(encoding="utf-8")
        parse = xml_section_anchors if spec.source_file.endswith(".xml") else markdown_section_anchors
        maps[spec.key] = parse(text)
    return maps


def link_for(spec_key: str, section: str | None, anchor: str | None) -> str:
    """Absolute URL to the section: `#anchor` for OpenID specs, `#section-N` for RFCs."""
    spec = SPECS[spec_key]
    if spec.source_file is None and section:
        return f"{spec.url}#section-{section}"
    return f"{spec.url}#{anchor}" if anchor else spec.url


def oidf_locator(spec_key: str, section: str | None) -> str | None:
    """The OIDF suite's requirement label, e.g. OIDSSF-8.1.1.1 or RFC8935-2.4."""
    return f"{SPECS[spec_key].oidf_prefix}-{section}" if section else None
