"""Steps orchestrate: they never import an HTTP client, call one, or build a URL or request
path themselves; every request goes through a driver (issue 12). And no step or check names a
dialect: dialects are adapters behind harness/suite/dialects."""
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STEPS = sorted((ROOT / "steps").glob("*.py"))
CHECKS = sorted((ROOT / "harness" / "checks").glob("*.py"))
FORBIDDEN_IMPORTS = ("httpx", "requests", "urllib", "http.client", "harness.suite.http.SuiteHttp")
# a request path or URL written in a step: "/ssf/...", "/.well-known/...", "http(s)://..."
# (URLs on example domains are test data, e.g. a subject's issuer, not requests.)
URL_LITERAL = re.compile(r"^(https?://(?![\w.-]*example\b)|/ssf\b|/\.well-known/|/stream\b|/verify\b"
                         r"|/status\b|/subjects/|/poll\b|/register\b|/_emulator/)")
DIALECTS = ("kolide", "starfly", "sse-draft", "sse_draft")


def _imports(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def _string_literals(tree: ast.AST) -> list[str]:
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr)
                  and isinstance(n.body[0].value, ast.Constant)}
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in docstrings]


def test_no_step_imports_an_http_client():
    offenders = {p.name: sorted(i for i in _imports(ast.parse(p.read_text()))
                                if i.startswith(FORBIDDEN_IMPORTS))
                 for p in STEPS}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_no_step_calls_the_http_client_or_a_raw_control():
    pattern = re.compile(r"\.http\.(call|client)\b|\breference_control\(")
    offenders = [f"{p.name}:{n}" for p in STEPS
                 for n, line in enumerate(p.read_text().splitlines(), 1) if pattern.search(line)]
    assert offenders == []


def test_no_step_writes_a_url_or_request_path():
    offenders = [f"{p.name}: {s!r}" for p in STEPS for s in _string_literals(ast.parse(
        p.read_text())) if URL_LITERAL.match(s)]
    assert offenders == []


def test_no_step_or_check_names_a_dialect():
    offenders = [f"{p.relative_to(ROOT)}: {s!r}" for p in STEPS + CHECKS
                 for s in _string_literals(ast.parse(p.read_text()))
                 if s.lower() in DIALECTS]   # a branch on the dialect's name, not a row id
    assert offenders == []


def test_the_checker_sees_a_violation():
    tree = ast.parse('import httpx\nx = "/ssf/stream"\n"""doc"""\n')
    assert "httpx" in _imports(tree)
    assert [s for s in _string_literals(tree) if URL_LITERAL.match(s)] == ["/ssf/stream"]
