import pytest

from harness.schemas import SchemaStore
from harness.schemas.engines import available_engines

_STORES: dict[str, SchemaStore] = {}


def store_for(engine: str) -> SchemaStore:
    # One store per engine per worker: loading and compiling happen once.
    if engine not in _STORES:
        _STORES[engine] = SchemaStore(engine=engine)
    return _STORES[engine]


@pytest.fixture(params=available_engines())
def store(request) -> SchemaStore:
    return store_for(request.param)
