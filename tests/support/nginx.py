"""A real nginx for the hosting tests: a foreground process on free loopback ports.

Every path nginx writes (pid, error log, temporary files) is under the test's own
folder, and the generated ``server {}`` block is included in a minimal ``http {}``
as it would be in Debian's ``nginx.conf``. nginx is Debian's (scripts/install_nginx.sh,
run by ``make test``); if it is missing and cannot be installed, the tests skip.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = Path("/usr/sbin/nginx")
MIME_TYPES = Path("/etc/nginx/mime.types")
INSTALL = ROOT / "scripts" / "install_nginx.sh"


def nginx_or_skip() -> Path:
    """Debian's nginx, installed now if missing (as ``make test`` would); else skip."""
    if not NGINX.is_file():
        if os.geteuid() != 0 and shutil.which("sudo") is None:
            pytest.skip(f"{NGINX} is missing and cannot be installed: run `make test` as root")
        done = subprocess.run(
            ["sh", str(INSTALL)], capture_output=True, text=True, stdin=subprocess.DEVNULL
        )
        if done.returncode != 0 or not NGINX.is_file():
            pytest.skip(f"{NGINX} is missing and {INSTALL.name} failed: {done.stderr[-500:]}")
    return NGINX


def nginx_or_fail() -> Path:
    """Debian's nginx for the browser suite, which never skips (as with Chromium)."""
    if not NGINX.is_file():
        pytest.fail(
            f"{NGINX} is missing: run `make test` (it installs Debian's nginx), "
            "or set REVIEW_RECORDS_BROWSER_SERVER=python"
        )
    return NGINX


def free_port() -> int:
    """A TCP port nobody listens on at the moment (127.0.0.1)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wrapper(prefix: Path, server_block: Path, http_extra: str) -> str:
    temp = prefix / "temp"
    # As root, the workers would run as `nobody`, who cannot read pytest's 0700 folders.
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}worker_processes 1;\n"
        f"pid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'};\n"
        "events { worker_connections 64; }\n"
        "http {\n"
        f"    include {MIME_TYPES};\n"
        "    default_type application/octet-stream;\n"
        "    access_log off;\n"
        f"    {http_extra}\n"
        + "".join(
            f"    {kind}_temp_path {temp / kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"    include {server_block};\n"
        "}\n"
    )


def write_config(prefix: Path, server_block: str, http_extra: str = "") -> Path:
    """``prefix/nginx.conf`` including ``server_block`` (written beside it), with
    ``http_extra`` directives in its ``http {}`` before it."""
    nginx_or_skip()
    (prefix / "temp").mkdir(parents=True, exist_ok=True)
    block = prefix / "site.conf"
    block.write_text(server_block, encoding="utf-8")
    config = prefix / "nginx.conf"
    config.write_text(_wrapper(prefix, block, http_extra), encoding="utf-8")
    return config


def _command(prefix: Path, config: Path, *args: str) -> list[str]:
    # -e: before it reads the configuration nginx opens its built-in error log
    # (/var/log/nginx), which is not the test's.
    return [
        str(NGINX),
        "-p",
        str(prefix),
        "-c",
        str(config),
        "-e",
        str(prefix / "error.log"),
        *args,
    ]


def config_test(prefix: Path, server_block: str) -> subprocess.CompletedProcess[str]:
    """``nginx -t`` on the wrapper that includes ``server_block``."""
    config = write_config(prefix, server_block)
    return subprocess.run(_command(prefix, config, "-t"), capture_output=True, text=True)


def _wait_for(port: int, process: subprocess.Popen[str], log: Path) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopped: {log.read_text(encoding='utf-8')[-2000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.02)
    raise RuntimeError(f"nginx did not listen on {port} within 10 s")


@contextlib.contextmanager
def running(
    prefix: Path, server_block: str, port: int, http_extra: str = ""
) -> Iterator[subprocess.Popen[str]]:
    """nginx in the foreground with ``server_block``, until the block ends (it listens on
    ``port``, which the block names)."""
    config = write_config(prefix, server_block, http_extra)
    with (prefix / "stderr.log").open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            _command(prefix, config, "-g", "daemon off;"),
            stdin=subprocess.DEVNULL,
            stdout=stderr,
            stderr=stderr,
            text=True,
        )
    try:
        _wait_for(port, process, prefix / "error.log")
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def published(site: Path, prefix: Path) -> Iterator[str]:
    """``http://127.0.0.1:PORT``: the built ``site`` served by nginx through the block
    ``review-records hosting nginx`` makes for it (no password), on a free port, with
    nginx's own files under ``prefix``."""
    from review_records.safety.hosting import nginx_site
    from review_records.safety.nginx import nginx_config

    port = free_port()
    block = nginx_config(nginx_site(site, listen=f"127.0.0.1:{port}"))
    with running(prefix, block, port):
        yield f"http://127.0.0.1:{port}"


def htpasswd(path: Path, user: str, password: str) -> Path:
    """A password file as the Guide makes it: ``openssl passwd -6`` (SHA-512 crypt)."""
    hashed = subprocess.run(
        ["openssl", "passwd", "-6", "-stdin"],
        input=password,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    path.write_text(f"{user}:{hashed}\n", encoding="utf-8")
    return path


def self_signed(folder: Path, name: str = "localhost") -> tuple[Path, Path]:
    """A certificate for ``name`` and 127.0.0.1, valid for a day, and its key (EC P-256)."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", f"/CN={name}",
         "-addext", f"subjectAltName=DNS:{name},IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        capture_output=True,
        check=True,
    )  # fmt: skip
    return cert, key
