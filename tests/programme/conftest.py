import pytest

from grensloos.programme.demo import demo_document
from grensloos.programme.exchange import import_programme


@pytest.fixture
def demo(db):  # noqa: ANN001, ANN201
    """The full demo programme 2021–2024."""
    return import_programme(demo_document())
