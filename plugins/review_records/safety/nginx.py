"""The nginx ``server {}`` block for the built site: security headers, access control,
no folder listings, the 404 page, caching, and TLS with a redirect from plain HTTP.

:func:`nginx_config` is pure: it writes only what
:func:`~review_records.safety.hosting.nginx_site` checked, and the headers of
:func:`response_headers`, which the Guide's IIS and Azure Static Web Apps files
repeat.
"""

from __future__ import annotations

import re

from .hosting import NginxSite, Tls

__all__ = [
    "COMPRESSED_TYPES",
    "PERMISSIONS_FEATURES",
    "PERMISSIONS_POLICY",
    "nginx_config",
    "response_headers",
]

#: Every powerful feature off, for the page and anything it could embed: each feature
#: Chromium knows (``document.featurePolicy.features()``; the browser tests check the
#: names) but the client hints and ``aria-notify``, an accessibility aid. Other browsers
#: ignore the names they do not know.
PERMISSIONS_FEATURES = (
    "accelerometer", "autoplay", "browsing-topics", "camera", "captured-surface-control",
    "clipboard-read", "clipboard-write", "compute-pressure", "cross-origin-isolated",
    "deferred-fetch", "deferred-fetch-minimal", "digital-credentials-create",
    "digital-credentials-get", "display-capture", "encrypted-media", "fullscreen",
    "gamepad", "geolocation", "gyroscope", "hid", "identity-credentials-get",
    "idle-detection", "interest-cohort", "keyboard-map", "language-detector",
    "language-model", "local-fonts", "local-network", "local-network-access",
    "loopback-network", "magnetometer", "media-playback-while-not-visible",
    "microphone", "midi", "on-device-speech-recognition", "otp-credentials", "payment",
    "picture-in-picture", "private-state-token-issuance", "private-state-token-redemption",
    "publickey-credentials-create", "publickey-credentials-get", "screen-wake-lock",
    "serial", "speaker-selection", "storage-access", "summarizer", "sync-xhr", "translator",
    "unload", "usb", "window-management", "xr-spatial-tracking",
)  # fmt: skip
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in PERMISSIONS_FEATURES)

#: Pages, the search index and the export change with every build: the browser
#: asks again each time (nginx answers 304 while nothing changed). ``private``
#: because the site is for its readers only: no shared cache may keep it.
_PAGE_CACHE = "private, no-cache"
#: Stylesheets, scripts, images and fonts whose names do not change with them.
_ASSET_CACHE = "private, max-age=3600"
#: Files whose name carries a hash of their content (the theme's bundles).
_FINGERPRINTED_CACHE = "private, max-age=31536000, immutable"
_ASSET_TYPES = "css|js|mjs|map|png|jpe?g|gif|svg|ico|webp|avif|woff2?|ttf|otf"
_CACHE_VARIABLE = "review_records_cache"
_REALM = "Case review records"
#: Printable ASCII without the three characters an nginx string reads: " $ and backslash.
_SAFE_HEADER = re.compile(r"[ !#%-\[\]-~]*")


def response_headers(site: NginxSite) -> dict[str, str]:
    """The headers every answer carries (the caching header aside), by name."""
    headers = {
        "Content-Security-Policy": site.policy,
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "X-Robots-Tag": "noindex, nofollow",
        "Permissions-Policy": PERMISSIONS_POLICY,
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
    }
    if site.tls is not None:
        # No includeSubDomains: other hosts of the organisation may still be plain HTTP.
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return headers


def _headers(site: NginxSite) -> list[str]:
    lines = []
    for name, value in response_headers(site).items():
        if not _SAFE_HEADER.fullmatch(value):
            raise ValueError(f"header {name} would not be a safe nginx string: {value!r}")
        # `always`: on 401, 404 and every other answer too, not only 2xx and 3xx.
        lines.append(f'    add_header {name} "{value}" always;')
    return [*lines, f"    add_header Cache-Control ${_CACHE_VARIABLE} always;"]


def _cache_map() -> list[str]:
    # A map, not a location per kind of file: nginx drops every inherited add_header
    # in a block that has one of its own, so the headers stay in server {} alone.
    # (Two sites in one http {} may both define it: nginx keeps one, and they agree.)
    return [
        "# How long a browser keeps each kind of file (the Cache-Control header below).",
        f"map $uri ${_CACHE_VARIABLE} {{",
        "    # Pages, the search index and the export: asked again each time (304 if unchanged).",
        f'    default "{_PAGE_CACHE}";',
        "    # Pagefind's index and its scripts change with every build (checked first).",
        f'    "~/pagefind/" "{_PAGE_CACHE}";',
        "    # The theme's bundles: a new version has a new name.",
        rf'    "~*\.[0-9a-f]{{8}}\.min\.(?:css|js)$" "{_FINGERPRINTED_CACHE}";',
        "    # Other stylesheets, scripts, images and fonts: kept for an hour.",
        rf'    "~*\.(?:{_ASSET_TYPES})$" "{_ASSET_CACHE}";',
        "}",
        "",
    ]


#: What nginx compresses on the way (HTML always): text it sends as written. Pagefind's
#: files are gzip already, and its WebAssembly too, so they are not listed.
COMPRESSED_TYPES = (
    "text/css",
    "application/javascript",
    "text/javascript",
    "application/json",
    "text/csv",
    "text/plain",
    "text/xml",
    "application/xml",
    "image/svg+xml",
)


def _compression_lines() -> list[str]:
    return [
        "    # Pages, styles and scripts are sent compressed, to a tenth of their size or less:",
        "    # at 1,000 reviews a year of the heat map is 419 KB as written. No page echoes",
        "    # anything from the request or holds a secret, so compression leaks nothing",
        "    # (BREACH needs both).",
        "    gzip on;",
        "    gzip_vary on;",
        "    gzip_min_length 1024;",
        f"    gzip_types {' '.join(COMPRESSED_TYPES)};",
    ]


def _tls_lines(tls: Tls) -> list[str]:
    return [
        f'    ssl_certificate "{tls.cert}";',
        f'    ssl_certificate_key "{tls.key}";',
        "    ssl_protocols TLSv1.2 TLSv1.3;",
    ]


def _redirect_block(site: NginxSite, tls: Tls) -> list[str]:
    port = "" if site.listen.port == 443 else f":{site.listen.port}"
    return [
        "",
        "# Plain HTTP: only a redirect to HTTPS, for the same path.",
        "server {",
        f"    listen {tls.redirect};",
        f"    server_name {site.server_name};",
        "    server_tokens off;",
        f"    return 301 https://$host{port}$request_uri;",
        "}",
    ]


def nginx_config(site: NginxSite) -> str:
    """The ``server {}`` block (two with TLS) to include in nginx's ``http {}``."""
    listen = f"{site.listen} ssl" if site.tls else str(site.listen)
    lines = [
        "# The learning site, made by `review-records hosting nginx`. Include it in http { }",
        "# (with mime.types, as Debian's nginx.conf does). Make it again after every build:",
        "# the Content-Security-Policy lists the hashes of the theme's inline scripts.",
        *_cache_map(),
        "server {",
        f"    listen {listen};",
        f"    server_name {site.server_name};",
        *(_tls_lines(site.tls) if site.tls else []),
        f'    root "{site.root}";',
        "    index index.html;",
        "    autoindex off;  # whatever http { } says",
        "    server_tokens off;",
        "    charset utf-8;",
        "    # /reviews -> /reviews/ as a relative Location: right behind a proxy too.",
        "    absolute_redirect off;",
    ]
    if site.htpasswd is not None:
        lines += [
            "    # Every path needs a password: pages, assets, the search index, /data/.",
            f'    auth_basic "{_REALM}";',
            f'    auth_basic_user_file "{site.htpasswd}";',
        ]
    lines += [
        *_compression_lines(),
        "    # A missing page, and a folder with no index.html (never listed), show 404.html.",
        "    error_page 403 404 =404 /404.html;",
        "    # On every answer. A location {} given an add_header of its own would lose",
        "    # all of these (nginx does not merge them): repeat them there.",
        *_headers(site),
        "",
        "    location / {",
        "        try_files $uri $uri/ =404;",
        "    }",
        "}",
    ]
    if site.tls is not None:
        lines += _redirect_block(site, site.tls)
    return "\n".join(lines) + "\n"
