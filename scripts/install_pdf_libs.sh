#!/bin/sh
# Installs what `review-records pdf` needs from Debian when it is missing: Pango (and
# HarfBuzz, fontconfig) for WeasyPrint, a font to set the text in, and poppler-utils,
# whose pdftotext the PDF tests (tests/test_pdf.py) read the papers back with.
# WeasyPrint itself comes from PyPI (the `pdf` extra); only its C libraries come from here.
# Runs as root in CI; elsewhere through sudo.
set -eu
has_lib() {
    ldconfig -p 2>/dev/null | grep -q "$1"
}
if has_lib libpango-1.0.so.0 && has_lib libpangoft2-1.0.so.0 && has_lib libharfbuzz-subset.so.0 \
    && command -v pdftotext >/dev/null && fc-list 2>/dev/null | grep -q DejaVuSans; then
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
else
    SUDO="sudo"
fi
echo "Installing Debian's Pango, a font and poppler-utils for the PDF papers and their tests" >&2
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core \
    poppler-utils >/dev/null
command -v pdftotext >/dev/null
