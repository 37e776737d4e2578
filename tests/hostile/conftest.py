from tests.conftest import fictional_tree  # noqa: F401 - shared fixture
