"""What the web server is told about the built site, checked: where it listens, its name,
its files, and the Content-Security-Policy header its pages need.

A browser enforces every policy a page has, header and ``<meta>`` alike: a load
must pass both. So the header may not be stricter than a page's own policy (it
would refuse the theme's inline scripts, which each page allows by hash), and it
must not be weaker either, or a page whose ``<meta>`` was removed would run
anything. :func:`header_policy` therefore reads the built site: the header is
:data:`~review_records.safety.csp.POLICY` with every source the pages' own
policies add (the hashes of the theme's inline scripts, a few different ones by
folder depth, and the search page's ``'wasm-unsafe-eval'``: one header serves
every page, and each page's ``<meta>`` still refuses WebAssembly off the search
page), and nothing else, plus ``frame-ancestors``, which a ``<meta>`` cannot say.
It must be made again after each build, since a new theme version brings new
hashes.

Every value that :mod:`~review_records.safety.nginx` writes is checked here
first: nothing given on the command line can end a directive (``;``), open a
block (``{``) or name an nginx variable (``$``).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from ..errors import ConfigurationError
from .csp import POLICY, SEARCH_PAGES, parse_policy, policy_findings, policy_for
from .postcheck import site_files

__all__ = ["Listen", "NginxSite", "Tls", "header_policy", "nginx_site", "parse_listen"]

#: More script hashes than this means the theme writes an inline script per page.
_MAX_HASHES = 64
#: Characters that could end a quoted nginx value, start a variable or a comment,
#: or a directive or block if the quotes were ever lost.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\"'\\$;{}#]")
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_SERVER_NAME = re.compile(rf"_|(?:\*\.)?{_LABEL}(?:\.{_LABEL})*")
_LISTEN = re.compile(r"(?:(\[[0-9A-Fa-f:.]+\]|[0-9.]+|\*):)?([0-9]{1,5})")
_HEAD_END = re.compile(r"</head\s*>", re.I)


@dataclass(frozen=True, slots=True)
class Listen:
    """Where a server listens: an IP address (``None``: every address) and a port."""

    address: str | None
    port: int

    def __str__(self) -> str:
        if self.address is None:
            return str(self.port)
        if ":" in self.address:
            return f"[{self.address}]:{self.port}"
        return f"{self.address}:{self.port}"


@dataclass(frozen=True, slots=True)
class Tls:
    """The certificate and key of an HTTPS server, and where plain HTTP is redirected from."""

    cert: Path
    key: Path
    redirect: Listen


@dataclass(frozen=True, slots=True)
class NginxSite:
    """Everything the server block says, each value already checked (see :func:`nginx_site`)."""

    root: Path
    listen: Listen
    server_name: str
    policy: str
    htpasswd: Path | None = None
    tls: Tls | None = None


def parse_listen(text: str, option: str = "--listen") -> Listen:
    """``PORT``, ``ADDRESS:PORT``, ``[IPv6]:PORT`` or ``*:PORT`` as a :class:`Listen`."""
    match = _LISTEN.fullmatch(text.strip())
    address = match.group(1) if match else None
    port = int(match.group(2)) if match else 0
    if address is not None and address != "*":
        try:
            address = str(ipaddress.ip_address(address.strip("[]")))
        except ValueError:
            match = None
    if match is None or not 1 <= port <= 65535:
        raise ConfigurationError(
            f"{option} {text!r} is not ADDRESS:PORT: give an IP address and a port "
            "from 1 to 65535, e.g. 127.0.0.1:8080, [::1]:8080, *:443 or just 443"
        )
    return Listen(None if address == "*" else address, port)


def _server_name(text: str) -> str:
    if len(text) > 253 or not _SERVER_NAME.fullmatch(text):
        raise ConfigurationError(
            f"--server-name {text!r} is not a host name: use letters, digits, hyphens "
            "and dots (e.g. reviews.example.org, or *.example.org), or _ for any name"
        )
    return text


def _existing_file(path: Path, option: str, site: Path | None = None) -> Path:
    resolved = path.expanduser().resolve()
    if not resolved.is_file():
        raise ConfigurationError(f"{option} {path}: no such file")
    _quotable(resolved, option)
    if site is not None and (resolved == site or site in resolved.parents):
        raise ConfigurationError(
            f"{option} {path} is inside the site folder {site}, so the server would "
            "publish it: keep it outside (e.g. under /etc/nginx/)"
        )
    return resolved


def _quotable(path: Path, option: str) -> None:
    if _UNSAFE.search(str(path)):
        raise ConfigurationError(
            f"{option} {path}: the path holds a character nginx would read as syntax "
            "(one of \" ' \\ $ ; { } # or a control character): move or rename it"
        )


def _require_text(path: Path, option: str, marker: str, what: str) -> None:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        raise ConfigurationError(f"{option} {path}: cannot read it: {error.strerror}") from None
    if marker not in text:
        raise ConfigurationError(f"{option} {path} does not look like {what}")


def _check_htpasswd(path: Path) -> None:
    _require_text(path, "--htpasswd", ":", "a password file (lines of NAME:HASH)")
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, line in enumerate(lines, start=1):
        if line.strip() and not line.startswith("#"):
            name, colon, hash_ = line.partition(":")
            if not (name and colon and hash_):
                raise ConfigurationError(
                    f"{path}:{number}: not NAME:HASH; make the file with "
                    "htpasswd or openssl passwd (see the Guide, Publishing the site)"
                )


def nginx_site(
    site: Path,
    *,
    listen: str | None = None,
    server_name: str = "_",
    htpasswd: Path | None = None,
    tls_cert: Path | None = None,
    tls_key: Path | None = None,
    redirect_listen: str | None = None,
) -> NginxSite:
    """Check what the command line gave and read the built ``site``'s policy.

    Raises :class:`~review_records.errors.ConfigurationError` with a message for
    the user on any bad value, missing file or unfinished site.
    """
    if (tls_cert is None) != (tls_key is None):
        given, missing = (
            ("--tls-cert", "--tls-key") if tls_key is None else ("--tls-key", "--tls-cert")
        )
        raise ConfigurationError(f"{given} needs {missing} too")
    if redirect_listen is not None and tls_cert is None:
        raise ConfigurationError("--redirect-listen is for HTTPS: give --tls-cert and --tls-key")
    root = site.expanduser().resolve()
    if not root.is_dir():
        raise ConfigurationError(f"--site {site}: no such folder; build the site first")
    _quotable(root, "--site")
    where = parse_listen(listen) if listen is not None else Listen(None, 443 if tls_cert else 80)
    name = _server_name(server_name)
    password_file = None
    if htpasswd is not None:
        password_file = _existing_file(htpasswd, "--htpasswd", root)
        _check_htpasswd(password_file)
    tls = None
    if tls_cert is not None and tls_key is not None:
        tls = _tls(tls_cert, tls_key, redirect_listen, where, root)
    return NginxSite(root, where, name, header_policy(root), password_file, tls)


def _tls(cert: Path, key: Path, redirect_listen: str | None, where: Listen, root: Path) -> Tls:
    cert = _existing_file(cert, "--tls-cert", root)
    key = _existing_file(key, "--tls-key", root)
    _require_text(cert, "--tls-cert", "-----BEGIN CERTIFICATE-----", "a PEM certificate")
    _require_text(key, "--tls-key", "PRIVATE KEY-----", "a PEM private key")
    redirect = (
        parse_listen(redirect_listen, "--redirect-listen")
        if redirect_listen is not None
        else Listen(where.address, 80)
    )
    if redirect == where:
        raise ConfigurationError(
            f"plain HTTP would be redirected from {redirect}, where HTTPS listens: "
            "give --redirect-listen another port"
        )
    return Tls(cert, key, redirect)


def _page_sources(html: str, page: str) -> dict[str, list[str]]:
    """The sources of each directive of the page's own policy (its ``<meta>``, if any)."""
    head_end = _HEAD_END.search(html)
    tree = LexborHTMLParser(html[: head_end.end()] if head_end else html)
    metas = tree.css('meta[http-equiv="Content-Security-Policy" i]')
    if not metas:
        # Built with `csp: false`: the policy the page would have had.
        return parse_policy(policy_for(html, wasm=page in SEARCH_PAGES))
    if findings := policy_findings(tree, wasm=page in SEARCH_PAGES):
        raise ConfigurationError(
            f"{page}: {findings[0]}; build the site again with mkdocs build --strict"
        )
    return parse_policy(metas[0].attributes.get("content") or "")


def header_policy(site: Path) -> str:
    """The Content-Security-Policy header for the built ``site``.

    :data:`~review_records.safety.csp.POLICY`, widened only by what the pages'
    own policies add (never by a page that fails the publication check), plus
    ``frame-ancestors 'none'``.
    """
    pages = [(name, path) for name, path in site_files(site) if name.endswith(".html")]
    if not any(name == "index.html" for name, _ in pages):
        raise ConfigurationError(f"--site {site}: no index.html; build the site first")
    if not any(name == "404.html" for name, _ in pages):
        raise ConfigurationError(f"--site {site}: no 404.html, the error page nginx shows")
    added: dict[str, set[str]] = {name: set() for name in POLICY}
    for name, path in pages:
        for directive, sources in _page_sources(path.read_text("utf-8", "replace"), name).items():
            if directive in added:
                added[directive].update(s for s in sources if s not in POLICY[directive])
    if len(added["script-src"]) > _MAX_HASHES:
        raise ConfigurationError(
            f"the pages of {site} allow {len(added['script-src'])} different inline scripts: "
            "the theme writes one per page, which no header can list"
        )
    directives = [
        f"{directive} {' '.join((*POLICY[directive], *sorted(added[directive])))}"
        for directive in POLICY
    ]
    return "; ".join([*directives, "frame-ancestors 'none'"])
