"""Check the built documentation site: internal links, and three pages in headless Chromium.

Usage: ``python .ci/check_site.py docs/_build/html [--screenshots DIR]``

1. Every internal ``href``/``src`` of every built HTML page (links, images, scripts, style
   sheets) resolves to a file of the site (the URL's fragment and query ignored).
2. Headless Chromium (Debian's ``chromium``) loads the home page, the API page of
   ``WaveletRDFRegressor`` and one gallery page; from the DOM it renders (``--dump-dom``, after
   the pages' scripts ran) each must have its title, the API page the class's description and
   Parameters, the gallery page a figure (an ``img`` of the executed example, the file present
   and a valid PNG); a screenshot of each page must not be blank.
"""

from __future__ import annotations

import argparse
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.imgs: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("href", "src"):
            if attrs.get(key):
                self.urls.append(attrs[key])
        if tag == "img" and attrs.get("src"):
            self.imgs.append(attrs["src"])
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def parse(text: str) -> _Links:
    parser = _Links()
    parser.feed(text)
    return parser


def is_internal(url: str) -> bool:
    parts = urlsplit(url)
    return not (parts.scheme or parts.netloc or url.startswith(("#", "//")))


def site_pages(site: Path) -> list[Path]:
    """The built pages (not the theme's template fragments copied to _static/)."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


def broken_links(site: Path) -> tuple[int, list[str]]:
    """(number of internal links checked, the broken ones as 'page -> url')."""
    checked, broken = 0, []
    for page in site_pages(site):
        for url in parse(page.read_text(encoding="utf-8", errors="replace")).urls:
            if not is_internal(url):
                continue
            path = unquote(urlsplit(url).path)
            if not path:  # "?query" or "" : the page itself
                continue
            target = (page.parent / path).resolve()
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} -> {url}")
    return checked, broken


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit("headless Chromium not found (apt-get install chromium)")


def run_chromium(url: str, *args: str, timeout: int = 90) -> str:
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        cmd = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args, url]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise AssertionError(
            f"chromium failed on {url} ({done.returncode}): {done.stderr[-2000:]}"
        )
    return done.stdout


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def not_blank(path: Path) -> float:
    """Fraction of the screenshot's pixels that are not the background colour."""
    from PIL import Image

    image = Image.open(path).convert("L").resize((320, 400))
    pixels = list(image.tobytes())
    background = max(set(pixels), key=pixels.count)
    return sum(abs(p - background) > 24 for p in pixels) / len(pixels)


def check_page(
    site: Path, rel: str, title: str, must_contain: list[str], shots: Path | None, height=1600
):
    page = site / rel
    assert page.is_file(), f"{rel} was not built"
    url = page.resolve().as_uri()
    dom = run_chromium(url, "--virtual-time-budget=5000", "--dump-dom")
    rendered = parse(dom)
    assert title in rendered.title, f"{rel}: title {rendered.title!r} lacks {title!r}"
    for text in must_contain:
        assert re.search(text, dom), f"{rel}: the rendered DOM lacks {text!r}"
    report = [f"{rel}: title {rendered.title.strip()!r}"]
    if shots is not None:
        shot = shots / (Path(rel).stem + ".png")
        run_chromium(
            url,
            f"--screenshot={shot}",
            "--virtual-time-budget=5000",
            f"--window-size=1280,{height}",
        )
        ink = not_blank(shot)
        assert ink > 0.02, f"{rel}: the screenshot is blank ({ink:.1%} of pixels drawn)"
        report.append(f"screenshot {shot} ({ink:.0%} of pixels drawn)")
    return rendered, dom, "; ".join(report)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--screenshots", type=Path, default=None)
    parser.add_argument("--gallery-page", default="auto_examples/plot_first_wt_rdf_fit.html")
    args = parser.parse_args(argv)
    site = args.site
    if args.screenshots is not None:
        args.screenshots.mkdir(parents=True, exist_ok=True)

    checked, broken = broken_links(site)
    pages = len(site_pages(site))
    print(f"internal links: {checked} checked in {pages} pages, {len(broken)} broken")
    if broken:
        print("\n".join(broken[:50]))
        return 1

    _, _, line = check_page(
        site,
        "index.html",
        "sklearn-rdf",
        [r"WT-RDF", r'href="reference/index.html"'],
        args.screenshots,
    )
    print(line)
    _, _, line = check_page(
        site,
        "reference/generated/sklearn_rdf.wavelet.WaveletRDFRegressor.html",
        "WaveletRDFRegressor",
        [
            r'id="sklearn_rdf.wavelet.WaveletRDFRegressor"',
            r">Parameters<",
            r"structure_factor",
            r'id="sklearn_rdf.wavelet.WaveletRDFRegressor.fit"',
        ],
        args.screenshots,
    )
    print(line)
    rendered, _, line = check_page(
        site,
        args.gallery_page,
        "WT-RDF+",
        [r"sphx-glr-script-out", r'class="sphx-glr-single-img'],
        args.screenshots,
        height=4200,  # down to the example's figure
    )
    figures = [src for src in rendered.imgs if "sphx_glr_" in src and "_thumb" not in src]
    assert figures, f"{args.gallery_page}: no figure of the executed example"
    for src in figures:
        width, height = png_size((site / args.gallery_page).parent / unquote(src))
        assert width > 100 and height > 100, f"{src}: {width}x{height} px"
    print(f"{line}; figures {figures}")
    print("site check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
