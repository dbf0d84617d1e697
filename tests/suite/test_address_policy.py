"""The suite follows an external implementation only to hosts its profile names: a URL in an
answer pointing at a link-local, private or (for a remote target) loopback address is refused
with a failed verdict, before any connection (issue 14, SSRF)."""
import pytest

from harness.profiles.loader import load_profile
from harness.suite.http import SuiteHttp, TargetFault
from harness.suite.session import suite_address_policy

PROFILE = """version: 1
name: remote
transmitter:
  issuer: {issuer}
  auth: {{type: bearer, token_env: T}}
  capabilities: {{delivery_methods: [push]}}
"""


def policy_for(tmp_path, issuer):
    path = tmp_path / "p.yaml"
    path.write_text(PROFILE.format(issuer=issuer))
    return suite_address_policy(load_profile(path, env={"T": "t" * 20}))


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/",
                                 "https://10.1.2.3/jwks", "https://127.0.0.1:9/jwks",
                                 "https://[::1]/jwks", "https://localhost/jwks"])
def test_a_remote_target_cannot_send_the_suite_to_a_private_address(tmp_path, url):
    http = SuiteHttp(address_policy=policy_for(tmp_path, "https://tx.example.com/ssf"))
    with pytest.raises(TargetFault, match="does not follow the implementation"):
        http.call("GET", url)


def test_a_private_host_the_profile_names_is_allowed(tmp_path):
    policy = policy_for(tmp_path, "https://10.1.2.3/ssf")
    policy.check_url("https://10.1.2.3/jwks")          # declared: allowed
    with pytest.raises(Exception):
        policy.check_url("https://10.9.9.9/jwks")      # another private host: refused


def test_a_target_on_this_machine_may_use_loopback(tmp_path):
    policy = policy_for(tmp_path, "http://127.0.0.1:8080/ssf")
    policy.check_url("http://127.0.0.1:8444/jwks")
    policy.check_url("http://localhost:8444/jwks")
