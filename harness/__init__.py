"""SSF conformance suite and interop harness."""

__version__ = "0.1.0"
