"""Recording proxy: every exchange with an external implementation goes through a mitmdump
subprocess (own environment, `.venv-mitm`) in reverse mode, is written redacted to a JSONL record
file, and can be sliced per scenario as evidence. Faults can be injected at run time.

Typical use:

    with RecordingProxy(tut_origin, run_dir / "tut.jsonl", upstream_ca=ca) as proxy:
        start = proxy.mark()
        client.get(proxy.base_url + "/.well-known/ssf-configuration")
        evidence = [e.to_dict() for e in proxy.exchanges(since=start)]
"""
from harness.proxy.exchange import (Exchange, Marker, RecordedRequest, RecordedResponse,
                                    end_marker, read_exchanges)
from harness.proxy.faults import FaultControl, FaultRule
from harness.proxy.process import (ExchangeTimeout, ProxyError, RecordingProxy, default_mitmdump,
                                   stop_all)

__all__ = ["Exchange", "ExchangeTimeout", "FaultControl", "FaultRule", "Marker", "ProxyError",
           "RecordedRequest", "RecordedResponse", "RecordingProxy", "default_mitmdump",
           "end_marker", "read_exchanges", "stop_all"]
