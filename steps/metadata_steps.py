"""Steps: discovery and metadata (features/transmitter/discovery.feature, interop.feature)."""
from pytest_bdd import given, parsers, then, when

from harness.checks import metadata as m
from harness.results.root_causes import METADATA
from steps import preconditions as pre


@when("the suite fetches the transmitter configuration without credentials")
def fetch_metadata(ctx):
    ctx.call(ctx.driver.fetch_metadata)


@given("the transmitter metadata has been discovered")
def discovered(ctx):
    """Precondition "metadata discovered": when it fails, the root cause also says whether the
    transmitter speaks the legacy SSE draft instead of SSF 1.0. A dialect without a discovery
    document supplies the metadata itself: nothing is served, so nothing is judged."""
    documented = ctx.driver.api.metadata_without_discovery(ctx.session.issuer)
    if documented is not None:
        ctx.driver.metadata = documented
        return
    resp = pre.attempt(ctx, METADATA, lambda: ctx.call(ctx.driver.fetch_metadata))
    verdict = m.check_metadata_served(resp)
    pre.require(ctx, METADATA, verdict, explain=lambda: pre.legacy_sse_explanation(
        ctx.driver.probe_legacy_sse_metadata(), verdict))
    ctx.driver.metadata = resp.json()


@then("the metadata is served as a JSON object")
def served(ctx):
    verdict = ctx.verify(m.check_metadata_served(ctx.response))
    if verdict.passed:
        ctx.driver.metadata = ctx.response.json()


@then("the metadata media type is application/json")
def media_type(ctx):
    ctx.verify(m.check_metadata_media_type(ctx.response))


@then("the metadata issuer is an https URL without query or fragment")
def issuer_https(ctx):
    ctx.verify(m.check_issuer_is_https_without_query(ctx.driver.metadata))


@then("the metadata issuer equals the configured issuer")
def issuer_matches(ctx):
    ctx.verify(m.check_issuer_matches_configured(ctx.driver.metadata, ctx.session.issuer,
                                                 ctx.session.discovery_url))


@then(parsers.parse("the metadata states spec_version 1_0 for requirement {requirement}"))
def spec_version(ctx, requirement):
    ctx.verify(m.check_spec_version(ctx.driver.metadata, requirement=requirement))


@then(parsers.parse("the metadata lists the supported delivery methods for requirement "
                    "{requirement}"))
def delivery_methods(ctx, requirement):
    ctx.verify(m.check_delivery_methods_supported(ctx.driver.metadata, requirement=requirement))


@then("every endpoint in the metadata is an https URL")
def endpoints_https(ctx):
    ctx.verify(m.check_endpoints_are_https(ctx.driver.metadata))


@then("the metadata authorization schemes are well-formed")
def schemes(ctx):
    ctx.verify(m.check_authorization_schemes_shape(ctx.driver.metadata))


@then("the metadata authorization schemes include OAuth 2.0")
def schemes_oauth(ctx):
    ctx.verify(m.check_authorization_schemes_include_oauth(ctx.driver.metadata))


@then("the metadata default_subjects is ALL or NONE")
def default_subjects(ctx):
    ctx.verify(m.check_default_subjects_value(ctx.driver.metadata))


@then("the metadata has no empty arrays")
def no_empty_arrays(ctx):
    ctx.verify(m.check_no_empty_arrays(ctx.driver.metadata))


@then(parsers.parse("the metadata names a jwks_uri for requirement {requirement}"))
def jwks_uri(ctx, requirement):
    ctx.require(m.check_jwks_uri_present(ctx.driver.metadata, requirement=requirement))


@then("the JWKS at jwks_uri holds at least one key")
def jwks_document(ctx):
    ctx.verify(m.check_jwks_document(ctx.call(ctx.driver.fetch_jwks)))


@then("the metadata names the configuration, status and verification endpoints")
def interop_endpoints(ctx):
    ctx.verify(m.check_interop_endpoints_present(ctx.driver.metadata))
