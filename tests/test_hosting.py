"""`review-records hosting nginx`: the generated server block, run by a real nginx.

The sample site is built once (a real strict MkDocs build); the block made for
it passes ``nginx -t`` and is served by Debian's nginx on a loopback port, with
a password file made as the Guide says (``openssl passwd -6``). Without the
password every kind of path answers 401; with it, 200 and every header. Then
the 404 page, folders (never listed), caching, and TLS with a self-signed
certificate and the plain-HTTP redirect. Last, the command's own checks: any
value that could inject nginx syntax, and every missing or mismatched file,
ends with a message and exit status 2.
"""

from __future__ import annotations

import base64
import gzip
import http.client
import json
import re
import shutil
import ssl
import textwrap
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from conftest import ROOT, build_site
from review_records.cli import main
from review_records.errors import ConfigurationError
from review_records.safety.csp import POLICY
from review_records.safety.hosting import (
    Listen,
    NginxSite,
    Tls,
    header_policy,
    nginx_site,
    parse_listen,
)
from review_records.safety.nginx import PERMISSIONS_POLICY, nginx_config, response_headers
from review_records.safety.postcheck import site_files
from support.nginx import config_test, free_port, htpasswd, nginx_or_skip, running, self_signed

pytestmark = pytest.mark.timeout(120)

USER, PASSWORD = "reader", "fictional-test-password"
META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def _get(
    port: int,
    path: str,
    *,
    password: str | None = None,
    tls: ssl.SSLContext | None = None,
    cookie: str | None = None,
    compressed: bool = False,
) -> Answer:
    if tls is None:
        connection: http.client.HTTPConnection = http.client.HTTPConnection("127.0.0.1", port)
    else:
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=tls)
    headers = {}
    if password is not None:
        token = base64.b64encode(f"{USER}:{password}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    if cookie is not None:
        headers["Cookie"] = cookie
    if compressed:
        headers["Accept-Encoding"] = "gzip"
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return Answer(
            response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        )
    finally:
        connection.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample records built by a real strict MkDocs build (Material, as bundled)."""
    root = tmp_path_factory.mktemp("hosted")
    for folder in ("docs", "reviews", "markers", "schema", "overrides"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return build_site(root)


@pytest.fixture(scope="module")
def secrets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder outside the site for the password file, the certificate and its key."""
    return tmp_path_factory.mktemp("secrets")


@dataclass(frozen=True)
class Served:
    port: int
    config: NginxSite


@pytest.fixture(scope="module")
def served(site: Path, secrets: Path, tmp_path_factory: pytest.TempPathFactory) -> Served:
    """The site behind the generated block with ``--htpasswd``, on a free loopback port."""
    nginx_or_skip()
    port = free_port()
    config = nginx_site(
        site, listen=f"127.0.0.1:{port}", htpasswd=htpasswd(secrets / "users", USER, PASSWORD)
    )
    # An organisation's http {} may list folders: the block must say otherwise.
    lenient = "autoindex on;"
    with running(tmp_path_factory.mktemp("nginx"), nginx_config(config), port, lenient):
        yield Served(port, config)


def _kinds(site: Path) -> dict[str, str]:
    """One path of each kind the site serves, and every file of its search."""
    names = [name for name, _ in site_files(site)]
    bundle = next(n for n in names if re.fullmatch(r"assets/javascripts/bundle\.\w+\.min\.js", n))
    search = [n for n in names if n.startswith(("search/", "pagefind/"))]
    assert search, "the built site has no search files"
    return {
        "home": "/",
        "page": "/reviews/sample-child-kestrel/",
        "answer": "/reviews/sample-child-kestrel/qm05/",
        "stylesheet": "/assets/stylesheets/theme-fixes.css",
        "bundle": f"/{bundle}",
        "plugin-script": "/assets/review-records/review-records.js",
        "image": "/assets/images/favicon.png",
        "export": "/data/reviews.json",
        "sitemap": "/sitemap.xml",
        **{f"search:{n}": f"/{n}" for n in search},
    }


def _assert_headers(answer: Answer, config: NginxSite) -> None:
    for name, value in response_headers(config).items():
        assert answer.headers.get(name.lower()) == value, name


# --- nginx -t ------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["plain", "htpasswd", "tls"])
def test_the_generated_block_passes_nginx_t(
    site: Path, secrets: Path, tmp_path: Path, variant: str
) -> None:
    nginx_or_skip()
    options: dict[str, object] = {"listen": f"127.0.0.1:{free_port()}"}
    if variant == "htpasswd":
        options["htpasswd"] = htpasswd(secrets / "t-users", USER, PASSWORD)
    if variant == "tls":
        options["tls_cert"], options["tls_key"] = self_signed(tmp_path)
        options["redirect_listen"] = f"127.0.0.1:{free_port()}"
    done = config_test(tmp_path / "prefix", nginx_config(nginx_site(site, **options)))  # type: ignore[arg-type]
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


# --- access control ------------------------------------------------------------------


def test_without_the_password_every_kind_of_path_answers_401(served: Served, site: Path) -> None:
    paths = {**_kinds(site), "missing": "/nowhere/", "folder": "/data/"}
    for kind, path in paths.items():
        answer = _get(served.port, path)
        assert answer.status == 401, kind
        assert answer.headers["www-authenticate"] == 'Basic realm="Case review records"'
        assert b"sample-child" not in answer.body
        _assert_headers(answer, served.config)
    assert _get(served.port, "/", password="wrong").status == 401


def test_with_the_password_every_kind_answers_200_with_every_header(
    served: Served, site: Path
) -> None:
    for kind, path in _kinds(site).items():
        answer = _get(served.port, path, password=PASSWORD)
        assert answer.status == 200, kind
        _assert_headers(answer, served.config)
        file = site / path.lstrip("/")
        assert answer.body == (file / "index.html" if file.is_dir() else file).read_bytes(), kind
    answer = _get(served.port, "/", password=PASSWORD)
    # What a security team looks for, spelt out (not only as the module says it).
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"
    assert answer.headers["x-robots-tag"] == "noindex, nofollow"
    assert answer.headers["permissions-policy"] == PERMISSIONS_POLICY
    assert "camera=()" in PERMISSIONS_POLICY and "geolocation=()" in PERMISSIONS_POLICY
    assert answer.headers["content-security-policy"].endswith("; frame-ancestors 'none'")
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert "server" not in answer.headers or answer.headers["server"] == "nginx"


def test_caching_pages_revalidate_and_assets_are_kept(served: Served, site: Path) -> None:
    kinds = _kinds(site)
    cache = {
        kind: _get(served.port, path, password=PASSWORD).headers["cache-control"]
        for kind, path in kinds.items()
    }
    for kind in (
        "home",
        "page",
        "export",
        "sitemap",
        *(k for k in kinds if k.startswith("search")),
    ):
        assert cache[kind] == "private, no-cache", kind
    assert cache["bundle"] == "private, max-age=31536000, immutable"
    for kind in ("stylesheet", "plugin-script", "image"):
        assert cache[kind] == "private, max-age=3600", kind


def test_text_is_sent_compressed_and_the_search_index_as_written(
    served: Served, site: Path
) -> None:
    kinds = _kinds(site)
    for kind in ("home", "answer", "bundle", "stylesheet", "plugin-script", "export"):
        path = kinds[kind]
        answer = _get(served.port, path, password=PASSWORD, compressed=True)
        assert answer.status == 200, kind
        assert answer.headers.get("content-encoding") == "gzip", kind
        assert "Accept-Encoding" in answer.headers.get("vary", ""), kind
        written = (site / path.lstrip("/")).joinpath("index.html" if path.endswith("/") else "")
        assert gzip.decompress(answer.body) == written.read_bytes(), kind
        assert len(answer.body) < written.stat().st_size / 2, kind
        _assert_headers(answer, served.config)
        # A client that does not ask for it gets the file as written.
        assert _get(served.port, path, password=PASSWORD).body == written.read_bytes()
    # Pagefind's files are gzip already (the browser's script unpacks them): never twice.
    index = [k for k in kinds if k.startswith("search:") and k.endswith(("_fragment", "pagefind"))]
    assert index
    for kind in index:
        answer = _get(served.port, kinds[kind], password=PASSWORD, compressed=True)
        assert "content-encoding" not in answer.headers, kind
        assert answer.body == (site / kinds[kind].lstrip("/")).read_bytes(), kind


def test_a_missing_page_shows_the_sites_404_page_with_the_headers(
    served: Served, site: Path
) -> None:
    answer = _get(served.port, "/reviews/no-such-review/", password=PASSWORD)
    assert answer.status == 404
    assert answer.body == (site / "404.html").read_bytes()
    _assert_headers(answer, served.config)
    assert answer.headers["cache-control"] == "private, no-cache"


@pytest.mark.parametrize("folder", ["/assets/", "/assets/javascripts/", "/data/", "/pagefind/"])
def test_a_folder_is_never_listed(served: Served, site: Path, folder: str) -> None:
    assert not (site / folder.strip("/") / "index.html").exists()
    answer = _get(served.port, folder, password=PASSWORD)
    assert answer.status == 404
    assert b"Index of" not in answer.body
    assert answer.body == (site / "404.html").read_bytes()


def test_a_folder_without_its_slash_is_redirected_relatively(served: Served) -> None:
    answer = _get(served.port, "/reviews", password=PASSWORD)
    assert answer.status == 301
    assert answer.headers["location"] == "/reviews/"
    _assert_headers(answer, served.config)


# --- TLS -----------------------------------------------------------------------------


def test_tls_serves_https_and_redirects_plain_http(
    site: Path, secrets: Path, tmp_path: Path
) -> None:
    nginx_or_skip()
    cert, key = self_signed(tmp_path)
    https, plain = free_port(), free_port()
    config = nginx_site(
        site,
        listen=f"127.0.0.1:{https}",
        server_name="localhost",
        htpasswd=htpasswd(secrets / "tls-users", USER, PASSWORD),
        tls_cert=cert,
        tls_key=key,
        redirect_listen=f"127.0.0.1:{plain}",
    )
    verified = ssl.create_default_context(cafile=str(cert))
    with running(tmp_path / "prefix", nginx_config(config), https):
        answer = _get(https, "/reviews/sample-child-kestrel/", password=PASSWORD, tls=verified)
        denied = _get(https, "/data/reviews.json", tls=verified)
        redirect = _get(plain, "/reviews/sample-child-kestrel/?q=1")
        with pytest.raises(ssl.SSLError):
            _get(https, "/", tls=ssl.create_default_context())  # not trusted without the CA
    assert answer.status == 200
    _assert_headers(answer, config)
    assert answer.headers["strict-transport-security"] == "max-age=31536000"
    assert denied.status == 401
    assert redirect.status == 301
    assert (
        redirect.headers["location"]
        == f"https://127.0.0.1:{https}/reviews/sample-child-kestrel/?q=1"
    )


# --- the header policy ---------------------------------------------------------------


def _directives(policy: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in policy.split("; ")}


def test_the_header_policy_allows_exactly_what_the_pages_own_policies_allow(site: Path) -> None:
    header = _directives(header_policy(site))
    pages = [path for name, path in site_files(site) if name.endswith(".html")]
    allowed: set[str] = set()
    for path in pages:
        meta = _directives(META.findall(path.read_text(encoding="utf-8"))[0])
        assert set(meta["script-src"]) <= set(header["script-src"]), path
        allowed.update(meta["script-src"])
        for name in POLICY:
            assert set(meta[name]) <= set(header[name]), (path, name)
    assert set(header["script-src"]) == allowed
    assert header["frame-ancestors"] == ["'none'"]
    assert list(header) == [*POLICY, "frame-ancestors"]
    for name in POLICY:
        if name != "script-src":
            assert header[name] == list(POLICY[name]), name
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(header["script-src"])
    # WebAssembly for Pagefind, which the search page's own policy alone allows.
    assert "'wasm-unsafe-eval'" in header["script-src"]


def test_a_site_built_without_meta_policies_gets_the_same_header(
    site: Path, tmp_path: Path
) -> None:
    """As with `csp: false`: the hashes come from the pages' inline scripts instead."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    for name, path in site_files(copy):
        if name.endswith(".html"):
            path.write_text(META.sub("", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert header_policy(copy) == header_policy(site)


def test_a_page_with_a_weakened_policy_is_refused(site: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    page = copy / "actions" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'"))
    with pytest.raises(ConfigurationError, match=r"^actions/index\.html: .*script-src allows"):
        header_policy(copy)


# --- the command ---------------------------------------------------------------------


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["hosting", "nginx", *args], catch_exceptions=False)
    return result.exit_code, result.output


def test_the_command_prints_the_block(site: Path, secrets: Path) -> None:
    users = htpasswd(secrets / "cli-users", USER, PASSWORD)
    code, output = _run("--site", str(site), "--listen", "8080", "--htpasswd", str(users))
    assert code == 0
    assert output == nginx_config(nginx_site(site, listen="8080", htpasswd=users))
    assert "\n    listen 8080;\n" in output
    assert f'\n    auth_basic_user_file "{users}";\n' in output
    assert f'\n    root "{site}";\n' in output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8080", "8080"),
        ("127.0.0.1:8080", "127.0.0.1:8080"),
        ("[::1]:443", "[::1]:443"),
        ("*:80", "80"),
    ],
)
def test_listen_forms(text: str, expected: str) -> None:
    assert str(parse_listen(text)) == expected


BAD_VALUES = [
    (["--listen", "localhost:80"], "--listen 'localhost:80' is not ADDRESS:PORT"),
    (["--listen", "127.0.0.1:99999"], "is not ADDRESS:PORT"),
    (["--listen", "80; include /etc/shadow"], "is not ADDRESS:PORT"),
    (["--listen", "999.1.1.1:80"], "is not ADDRESS:PORT"),
    (["--server-name", "a;b"], "--server-name 'a;b' is not a host name"),
    (["--server-name", "x { }"], "is not a host name"),
    (["--server-name", "a\nreturn 200"], "is not a host name"),
    (["--server-name", "$host"], "is not a host name"),
    (["--server-name", "-bad.example.org"], "is not a host name"),
]


@pytest.mark.parametrize(("args", "message"), BAD_VALUES)
def test_a_value_that_could_inject_nginx_syntax_is_refused(
    site: Path, args: list[str], message: str
) -> None:
    code, output = _run("--site", str(site), *args)
    assert code == 2
    assert output.startswith("review-records: error: ")
    assert message in output
    assert "Traceback" not in output


def test_missing_and_mismatched_files_are_refused(
    site: Path, secrets: Path, tmp_path: Path
) -> None:
    cert, key = self_signed(tmp_path)
    users = htpasswd(secrets / "m-users", USER, PASSWORD)
    inside = site / "users.htpasswd"
    shutil.copy(users, inside)
    odd = tmp_path / "odd;name"
    odd.mkdir()
    not_pem = tmp_path / "cert.txt"
    not_pem.write_text("hello\n", encoding="utf-8")
    bad_users = tmp_path / "bad-users"
    bad_users.write_text("reader:$6$salt$hash\nsecond-reader\n", encoding="utf-8")
    s = ["--site", str(site)]
    tls = ["--tls-cert", str(cert), "--tls-key", str(key)]
    nope = tmp_path / "nope"
    cases = [
        ([*s, "--htpasswd", str(nope)], f"--htpasswd {nope}: no such file"),
        ([*s, "--tls-cert", str(cert)], "--tls-cert needs --tls-key too"),
        ([*s, "--tls-key", str(key)], "--tls-key needs --tls-cert too"),
        ([*s, *tls, "--tls-cert", str(not_pem)], "does not look like a PEM certificate"),
        ([*s, *tls, "--tls-key", str(cert)], "does not look like a PEM private key"),
        ([*s, "--redirect-listen", "80"], "--redirect-listen is for HTTPS"),
        ([*s, *tls, "--listen", "80"], "redirected from 80, where HTTPS listens"),
        ([*s, "--htpasswd", str(inside)], "is inside the site folder"),
        ([*s, "--htpasswd", str(bad_users)], f"{bad_users}:2: not NAME:HASH"),
        (["--site", str(tmp_path / "unbuilt")], "no such folder; build the site first"),
        (["--site", str(tmp_path)], "no index.html; build the site first"),
        (["--site", str(odd)], "a character nginx would read as syntax"),
    ]
    try:
        for args, message in cases:
            code, output = _run(*args)
            assert (code, message in output) == (2, True), (args, output)
            assert "Traceback" not in output
    finally:
        inside.unlink()


# --- the Guide ------------------------------------------------------------------------

GUIDE = ROOT / "docs" / "guide" / "publishing.md"
_FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.M | re.S)
#: A stand-in for oauth2-proxy: a request is signed in when it has this cookie.
STAND_IN = """
server {
    listen 127.0.0.1:PORT;
    location = /oauth2/auth {
        if ($cookie_session = "signed-in") { return 202; }
        return 401;
    }
    location /oauth2/ {
        return 200 "sign-in";
    }
}
"""


def _guide_blocks(language: str) -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    return [body for lang, body in _FENCE.findall(text) if lang == language]


def test_the_guide_shows_the_block_the_command_makes(
    site: Path, secrets: Path, tmp_path: Path
) -> None:
    cert, key = self_signed(tmp_path, "reviews.example.org")
    users = htpasswd(secrets / "guide-users", USER, PASSWORD)
    text = nginx_config(
        nginx_site(
            site, server_name="reviews.example.org", htpasswd=users, tls_cert=cert, tls_key=key
        )
    )
    for real, shown in (
        (site, "/srv/review-records/site"),
        (users, "/etc/nginx/review-records.htpasswd"),
        (cert, "/etc/ssl/certs/reviews.example.org.pem"),
        (key, "/etc/ssl/private/reviews.example.org.key"),
    ):
        text = text.replace(f'"{real}"', f'"{shown}"')
    text = re.sub(r"script-src 'self'(?: 'sha256-[^']+')+", "script-src 'self' 'sha256-…' …", text)
    assert text in _guide_blocks("nginx")


def test_the_guides_single_sign_on_block_runs_in_nginx(site: Path, tmp_path: Path) -> None:
    """With a stand-in for oauth2-proxy (oauth2-proxy itself is not tested)."""
    nginx_or_skip()
    (sso,) = (block for block in _guide_blocks("nginx") if block.startswith("# Single sign-on"))
    port, auth_port = free_port(), free_port()
    config = nginx_site(site, listen=f"127.0.0.1:{port}")
    location = "    location / {\n        try_files $uri $uri/ =404;\n    }\n"
    block = nginx_config(config)
    assert location in block
    sso = sso.replace("127.0.0.1:4180", f"127.0.0.1:{auth_port}")
    block = block.replace(location, textwrap.indent(sso, "    "))
    block += STAND_IN.replace("PORT", str(auth_port))
    signed_in = "session=signed-in"
    with running(tmp_path / "nginx", block, port):
        outside = {
            path: _get(port, path)
            for path in ("/", "/data/reviews.json", "/search/search_index.json", "/assets/")
        }
        page = _get(port, "/reviews/sample-child-kestrel/", cookie=signed_in)
        export = _get(port, "/data/reviews.json", cookie=signed_in)
        missing = _get(port, "/nowhere/", cookie=signed_in)
        folder = _get(port, "/assets/", cookie=signed_in)
        sign_in = _get(port, "/oauth2/sign_in")
    for path, answer in outside.items():
        assert answer.status == 302, path
        assert answer.headers["location"] == f"/oauth2/sign_in?rd=http://127.0.0.1{path}"
        _assert_headers(answer, config)
    assert (page.status, export.status) == (200, 200)
    _assert_headers(page, config)
    assert export.body == (site / "data" / "reviews.json").read_bytes()
    assert (missing.status, folder.status) == (404, 404)
    assert missing.body == folder.body == (site / "404.html").read_bytes()
    _assert_headers(missing, config)
    assert (sign_in.status, sign_in.body) == (200, b"sign-in")
    _assert_headers(sign_in, config)


def test_the_guides_iis_and_static_web_apps_files_carry_the_tested_headers(
    site: Path,
) -> None:
    """Their servers are not tested; their files are well formed, and send nginx's headers."""
    https = NginxSite(site, Listen(None, 443), "_", "", tls=Tls(site, site, Listen(None, 80)))
    expected = {k: v for k, v in response_headers(https).items() if k != "Content-Security-Policy"}
    (xml,) = _guide_blocks("xml")
    iis = ElementTree.fromstring(xml.encode("utf-8"))
    headers = {
        str(add.get("name")): add.get("value")
        for add in iis.iterfind(".//customHeaders/add")
        if add.get("name") != "Content-Security-Policy"
    }
    assert headers == expected
    assert iis.find(".//directoryBrowse").get("enabled") == "false"  # type: ignore[union-attr]
    assert iis.find(".//httpErrors/error").get("path") == "/404.html"  # type: ignore[union-attr]
    (swa_text,) = _guide_blocks("json")
    swa = json.loads(swa_text)
    global_headers = dict(swa["globalHeaders"])
    del global_headers["Content-Security-Policy"]
    assert global_headers == {**expected, "Cache-Control": "private, no-cache"}
    assert swa["routes"][-1] == {"route": "/*", "allowedRoles": ["reader"]}
    assert swa["responseOverrides"]["404"] == {"rewrite": "/404.html"}
