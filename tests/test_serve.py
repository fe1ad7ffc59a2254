"""A real ``mkdocs serve``: edits rebuild, mistakes are shown, the server stays up."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import ANSWER, Repo


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def _wait_for(check: Callable[[], bool], what: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.25)
    raise AssertionError(f"gave up waiting for {what}")


#: Plain ``mkdocs serve`` (a full rebuild on every save), and what ``make serve`` runs.
SERVE_FLAGS = {"full": [], "make-serve": ["--dirty", "--no-strict"]}


class Server:
    """``mkdocs serve`` on a free port, in its own process."""

    def __init__(self, root: Path, flags: list[str]) -> None:
        self.port = _free_port()
        self.log = root.parent / "serve.log"
        mkdocs = str(Path(sys.executable).parent / "mkdocs")
        self._out = self.log.open("w")
        self.process = subprocess.Popen(
            [mkdocs, "serve", "-a", f"127.0.0.1:{self.port}", *flags],
            cwd=root,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )

    def page(self, path: str) -> tuple[int, str]:
        return _get(f"http://127.0.0.1:{self.port}/{path}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self._out.close()


@pytest.fixture(params=list(SERVE_FLAGS))
def serving(repo: Repo, request: pytest.FixtureRequest) -> Iterator[tuple[Repo, Server]]:
    repo.add_review("child-test", qm01=ANSWER)
    server = Server(repo.root, SERVE_FLAGS[request.param])
    try:
        _wait_for(lambda: server.page("reviews/child-test/")[0] == 200, "the first build")
        yield repo, server
    finally:
        server.stop()


def test_an_edit_rebuilds_a_mistake_is_shown_and_a_fix_clears_it(
    serving: tuple[Repo, Server],
) -> None:
    repo, server = serving
    assert "Judgement: ✓ Met" in server.page("reviews/child-test/qm01/")[1]

    repo.add_review("child-test", qm01=ANSWER.replace("judgement: met", "judgement: not-met"))
    _wait_for(
        lambda: "Judgement: ✗ Not met" in server.page("reviews/child-test/qm01/")[1],
        "the edited judgement",
    )

    repo.add_review("child-test", qm01=ANSWER.replace("judgement: met", "judgement: mett"))
    _wait_for(lambda: server.page("problems/")[0] == 200, "the problems page")
    problems = server.page("problems/")[1]
    assert "reviews/child-test/qm01.md:2:12: error:" in problems
    assert "1 problem(s) in the records" in server.page("")[1]
    assert server.process.poll() is None, "the server must stay up"
    assert "reviews/child-test/qm01.md:2:12: error:" in server.log.read_text(encoding="utf-8")

    repo.add_review("child-test", qm01=ANSWER)
    _wait_for(lambda: server.page("problems/")[0] == 404, "the problems page to go")
    assert "Judgement: ✓ Met" in server.page("reviews/child-test/qm01/")[1]
    assert "problem(s) in the records" not in server.page("")[1]


def test_a_new_review_appears_and_a_removed_one_goes(serving: tuple[Repo, Server]) -> None:
    repo, server = serving
    repo.add_review("child-other", qm01=ANSWER)
    _wait_for(lambda: server.page("reviews/child-other/")[0] == 200, "the new review")
    for path in sorted((repo.root / "reviews" / "child-other").iterdir()):
        path.unlink()
    (repo.root / "reviews" / "child-other").rmdir()
    _wait_for(lambda: server.page("reviews/child-other/")[0] == 404, "the removed review to go")
    assert "child-other" not in server.page("reviews/")[1]
