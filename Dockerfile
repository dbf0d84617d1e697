# ssf-conformance in a container, for a vendor's CI (issue 16). UNTESTED here: this workplace
# cannot run docker; every step uses only the package registries (PyPI, Debian, npm).
#
#   docker build -t ssf-conformance .
#   docker run --rm -v "$PWD:/work" -w /work \
#     -e MY_TX_TOKEN -e MY_ADMIN_TOKEN \
#     ssf-conformance run --target profiles/my-transmitter.yaml --role transmitter \
#       --reports /work/reports
#   docker run --rm -v "$PWD:/work" -w /work ssf-conformance report --reports /work/reports
#
# The exit code of `run` is the gate (0 pass, 1 implementation failures, 2 profile or usage
# error, 3 harness error). The suite's push endpoint and persona listen inside the container:
# publish their ports (e.g. -p 8443:8443) and set `suite.push_endpoint` in the profile when the
# implementation under test must reach them.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1

# Node for the Allure 3 CLI (the HTML report).
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/* \
 && npm install -g --no-audit --no-fund allure@3.18.0

# mitmproxy in its own venv: its pins would downgrade the suite's h11/cryptography/jwcrypto.
RUN python -m venv /opt/mitm && /opt/mitm/bin/pip install "mitmproxy>=11,<12"
ENV SSF_MITMDUMP=/opt/mitm/bin/mitmdump

# The suite itself, as the wheel (features, steps, profiles, schemas and catalog inside).
COPY . /src
RUN pip wheel --no-deps -w /tmp/dist /src \
 && pip install /tmp/dist/ssf_conformance-*.whl \
 && rm -rf /tmp/dist /src

# The suite's CA and state live here; mount a volume to keep the CA across runs.
ENV SSF_STATE_DIR=/var/lib/ssf-conformance
WORKDIR /work
ENTRYPOINT ["ssf-conformance"]
CMD ["--help"]
