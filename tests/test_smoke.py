"""The fixtures themselves work: a valid hand-written review passes."""

from conftest import ANSWER, Repo


def test_valid_review_passes(repo: Repo) -> None:
    repo.add_review(qm01=ANSWER)
    assert repo.problems() == []
