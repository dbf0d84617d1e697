"""Hypothesis strategies for hostile HTTP input: JSON text that `json.loads` accepts but JSON does
not (lone surrogates, NaN, huge numbers, duplicate members, deep nesting), legitimate bodies
with one member replaced by something hostile, odd query strings, header values and path
segments.

JSON is rendered by hand from a small tree (`Obj` keeps duplicate member names, `Raw` is emitted
verbatim) so the generator can say things no JSON encoder would.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from hypothesis import strategies as st


@dataclass(frozen=True)
class Raw:
    text: str


@dataclass(frozen=True)
class Obj:
    pairs: tuple = ()


def render(value) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Obj):
        return "{" + ",".join(f"{render(k)}:{render(v)}" for k, v in value.pairs) + "}"
    if isinstance(value, dict):
        return "{" + ",".join(f"{render(k)}:{render(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(render(v) for v in value) + "]"
    if isinstance(value, str):  # ensure_ascii escapes a lone surrogate as \udXXX, as wanted
        return json.dumps(value)
    return json.dumps(value)


def deep(depth: int, leaf: str = "1", kind: str = "[") -> Raw:
    close = "]" if kind == "[" else "}"
    if kind == "{":
        return Raw('{"a":' * depth + leaf + close * depth)
    return Raw(kind * depth + leaf + close * depth)


HOSTILE_STRINGS = [
    "\ud800", "a\udfffb", "\udbff\udc00", "", " ", "\x00", "\u202e", "é", "٣", "²", "x" * 3000,
    "http://[", "http://[::1", "http://169.254.169.254/latest/meta-data/", "http://[::1]:9/",
    "http://10.0.0.1/push", "http://127.0.0.1:1/", "http://localhost:1/", "https://a:99999/",
    "https://a:-1/", "https://user:pw@example.com/", "javascript:alert(1)", "ftp://example.com/",
    "http:///nohost", "http://exa mple.com/", "http://ex\u00e4mple.com/", "http://%zz/",
    "urn:ietf:rfc:8935", "urn:ietf:rfc:8936", "enabled", "paused", "disabled", "../../etc",
    "%00", "Bearer x", "<script>", "null",
]
HOSTILE_NUMBERS = [
    Raw("NaN"), Raw("Infinity"), Raw("-Infinity"), Raw("1e999"), Raw("-1e999"),
    Raw("9223372036854775808"), Raw("-9223372036854775809"), Raw("1" + "0" * 500),
    Raw("1" + "0" * 5000), 2 ** 53 + 1, 0, -1, 1.5, -0.0, 1e308, True, False, None,
]
HOSTILE_CONTAINERS = [
    [], {}, deep(33), deep(200, kind="{"), deep(3000), deep(5000, kind="{"),
    Obj((("a", 1), ("a", 2))), Obj((("\ud800", 1),)), [Raw("NaN")], {"format": "\ud800"},
]


def hostile_value() -> st.SearchStrategy:
    leaf = st.one_of(st.sampled_from(HOSTILE_STRINGS), st.sampled_from(HOSTILE_NUMBERS),
                     st.text(max_size=12), st.integers(-2 ** 70, 2 ** 70),
                     st.floats(allow_nan=False, allow_infinity=False))
    return st.one_of(leaf, st.sampled_from(HOSTILE_CONTAINERS),
                     st.lists(leaf, max_size=3), st.dictionaries(st.text(max_size=5), leaf,
                                                                 max_size=3))


def _paths(value, prefix=()) -> list[tuple]:
    out = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            out += _paths(child, prefix + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            out += _paths(child, prefix + (i,))
    return out


_DROP = object()


def _replace(value, path: tuple, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        out = dict(value)
        replaced = _replace(value[head], rest, new)
        if replaced is _DROP:
            del out[head]
        else:
            out[head] = replaced
        return out
    out = list(value)
    replaced = _replace(value[head], rest, new)
    if replaced is _DROP:
        del out[head]
    else:
        out[head] = replaced
    return out


@st.composite
def mutated(draw, template):
    """`template` with one member (or the whole body) replaced by a hostile value, or dropped,
    or with a duplicate of a member added."""
    path = draw(st.sampled_from(_paths(template)))
    choice = draw(st.integers(0, 9))
    if choice == 0 and path:
        body = _replace(template, path, _DROP)
    elif choice == 1 and isinstance(template, dict) and template:
        key = draw(st.sampled_from(sorted(template)))
        return render(Obj(tuple(template.items()) + ((key, draw(hostile_value())),)))
    else:
        body = _replace(template, path, draw(hostile_value()))
    return render(body)


def body_text(templates: list) -> st.SearchStrategy:
    """JSON-ish request bodies: mutated templates most of the time, else anything hostile."""
    junk = st.sampled_from(["", "{", "}", "[", "not json", "\ufeff{}", "{}" * 3, '{"a":}',
                            "[1,]", "'single'", '"\\ud800"', '"\\x41"', "\x00"])
    sources = [hostile_value().map(render), junk]
    if templates:  # mostly one hostile member in an otherwise good body, sometimes all good
        sources = [st.sampled_from(templates).flatmap(mutated)] * 4 + [
            st.sampled_from(templates).map(render)] + sources
    return st.one_of(*sources)


def body_bytes(templates: list) -> st.SearchStrategy:
    encoded = body_text(templates).map(lambda text: text.encode("utf-8", "surrogatepass"))
    return st.one_of(encoded, encoded, st.binary(max_size=40),
                     st.sampled_from([b"\xff\xfe{}", b"\xed\xa0\x80", b'{"a":"\xed\xa0\x80"}']))


QUERY_VALUES = ["٣", "²", "1e3", "-1", "0", "1", "5", "99999999999999999999", "nan", "inf",
                "-inf", "1.5", "true", "maybe", "%ED%A0%80", "%FF", "%00", "", "x" * 300,
                "asc", "desc", "push", "poll", "session-revoked", "verification", "1000", "30"]


@st.composite
def query(draw, names: list[str]) -> str:
    pairs = draw(st.lists(st.tuples(st.sampled_from(names + ["x", "%ED%A0%80"]),
                                    st.sampled_from(QUERY_VALUES)), max_size=3))
    return "&".join(f"{k}={v}" for k, v in pairs)


HEADER_VALUES = [b"\xff", b"\xc3\xa9t\xc3\xa9", b"Bearer \xff\xfe", b"bearer", b"Bearer",
                 b"Basic \xff", b"Basic Og==", b"", b"de;q=nan", b"*;q=1e999, en;q=-1",
                 b"application/json; charset=\xff", b"x" * 2000, b"\xe2\x80\xae"]


@dataclass
class Request:
    method: str
    path: str
    query: str = ""
    headers: dict = field(default_factory=dict)
    content: bytes | None = None

    def __repr__(self) -> str:
        headers = {k: (v[:60] + b"...") if len(v) > 60 else v for k, v in self.headers.items()}
        body = self.content[:200] if self.content else self.content
        return f"{self.method} {self.path[:100]}?{self.query[:100]} headers={headers!r} body={body!r}"
