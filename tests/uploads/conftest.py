from tests.submissions.conftest import cast  # noqa: F401 (the submission tests' small cast)
