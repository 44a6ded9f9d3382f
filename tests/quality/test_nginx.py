"""deploy/nginx.conf, run by Debian's nginx on a loopback port over a published build: security headers,
cache lifetimes, precompressed responses, the site's own 404 page — and the site working in Chromium
under the real headers."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.quality.crawl import Site
from tests.quality.gates import PROJECT, PublishedBuilds, load_project_settings
from tests.quality.test_security_policy import parse_policy

DEPLOY_CONF = PROJECT / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
YEAR = "max-age=31536000"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def server_block(port: int, root: Path) -> str:
    """deploy/nginx.conf as written, listening on 127.0.0.1:port and serving `root`."""
    text = DEPLOY_CONF.read_text(encoding="utf-8")
    text, listens = re.subn(r"(?m)^(\s*)listen\s+80;", rf"\1listen 127.0.0.1:{port};", text)
    text = re.sub(r"(?m)^\s*listen\s+\[::\]:80;\n", "", text)
    text, roots = re.subn(r"(?m)^(\s*)root\s+[^;]+;", rf"\1root {root};", text)
    assert listens == 1 and roots == 1, "deploy/nginx.conf must have one 'listen 80;' and one 'root …;' line"
    return text


def wrapper_config(folder: Path, port: int, root: Path) -> Path:
    """A whole nginx.conf around the server block: pid, logs and temp files in `folder`."""
    (folder / "portal.conf").write_text(server_block(port, root), encoding="utf-8")
    temp = "\n".join(
        f"  {kind}_temp_path {folder / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    main = f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
load_module {BROTLI_MODULE};
events {{ worker_connections 64; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
{temp}
  include {folder / "portal.conf"};
}}
"""
    config = folder / "nginx.conf"
    config.write_text(main, encoding="utf-8")
    return config


@contextlib.contextmanager
def running_nginx(folder: Path, root: Path) -> Iterator[int]:
    port = free_port()
    config = wrapper_config(folder, port, root)
    base = [NGINX, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(config)]
    checked = subprocess.run([*base, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    server = subprocess.Popen([*base, "-g", "daemon off;"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 15
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
            assert server.poll() is None, server.stderr.read().decode() if server.stderr else "nginx stopped"
            assert time.monotonic() < deadline, "nginx did not start listening"
            time.sleep(0.05)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=15)


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


@pytest.fixture(scope="module")
def nginx(published_builds: PublishedBuilds, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """get(path, accept_encoding=None) -> Response from nginx serving the first published build."""
    folder = tmp_path_factory.mktemp("nginx")
    with running_nginx(folder, published_builds.first.output) as port:

        def get(path: str, accept_encoding: str | None = None) -> Response:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            headers = {"Host": "portal.example.org"}
            if accept_encoding:
                headers["Accept-Encoding"] = accept_encoding
            connection.request("GET", path, headers=headers)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
            connection.close()
            return response

        get.port = port
        yield get


@pytest.fixture(scope="module")
def output(published_builds: PublishedBuilds) -> Path:
    return published_builds.first.output


def test_pages_carry_the_security_headers(nginx, published_site: Site) -> None:
    meta_policy = published_site.page("/").find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    checked = []
    for path in ("/", "/fraud/", "/outlets/", "/search/", "/theme/img/favicon.svg", "/no-such-page/"):
        response = nginx(path)
        header_policy = parse_policy(response.header("Content-Security-Policy"))
        # The header repeats the pages' own policy exactly and adds what only a header can say.
        assert {k: v for k, v in header_policy.items() if k != "frame-ancestors"} == parse_policy(meta_policy), path
        assert header_policy["frame-ancestors"] == ["'none'"], path
        assert response.header("X-Content-Type-Options") == "nosniff", path
        assert response.header("Referrer-Policy") == "strict-origin-when-cross-origin", path
        assert "geolocation=(self)" in response.header("Permissions-Policy"), path
        assert "camera=()" in response.header("Permissions-Policy"), path
        assert response.header("X-Frame-Options") == "DENY", path
        assert "nginx/" not in response.header("Server"), path
        checked.append(path)
    print(f"nginx: security headers checked on {len(checked)} responses")


def test_html_is_revalidated_and_fingerprinted_files_are_kept_a_year(nginx, output: Path) -> None:
    home = nginx("/")
    assert home.status == 200 and home.header("Content-Type") == "text/html; charset=utf-8"
    assert home.header("Cache-Control") == "no-cache"
    assert nginx("/sitemap.xml").header("Cache-Control") == "no-cache"
    stylesheet = re.search(rb'href="?[^" >]*?(/theme/css/site\.[0-9a-f]{10}\.css)', home.body)
    assert stylesheet, "the published home page links no fingerprinted site.css"
    css = nginx(stylesheet[1].decode())
    assert css.status == 200 and css.header("Content-Type").startswith("text/css")
    assert css.header("Cache-Control") == f"public, {YEAR}, immutable"
    script = next(output.glob("theme/js/*.[0-9a-f]*.js"))
    assert nginx("/" + script.relative_to(output).as_posix()).header("Cache-Control") == f"public, {YEAR}, immutable"
    fragment = next(output.glob("pagefind/fragment/*.pf_fragment"))
    assert YEAR in nginx("/" + fragment.relative_to(output).as_posix()).header("Cache-Control")
    # The unfingerprinted search entry file must be fetched again after every publish.
    assert nginx("/pagefind/pagefind.js").header("Cache-Control") == "no-cache"
    pdf = next(output.glob("leaflets/*.pdf"))
    pdf_response = nginx("/" + pdf.relative_to(output).as_posix())
    assert pdf_response.header("Content-Type") == "application/pdf"
    assert pdf_response.header("Cache-Control") == "public, max-age=86400"


def test_unknown_addresses_get_the_sites_404_page(nginx, output: Path) -> None:
    for path in ("/no-such-page/", "/fraud/no-such-article/", "/.git/config", "/outlets/../../etc/passwd"):
        response = nginx(path)
        assert response.status in (400, 404), path
        if response.status == 404:
            assert response.body == (output / "404.html").read_bytes(), path
            assert response.header("Content-Security-Policy"), path
    assert nginx("/fraud").status == 301 and nginx("/fraud").header("Location") == "/fraud/"


@pytest.mark.parametrize(("encoding", "suffix"), [("gzip", ".gz"), ("br", ".br")])
def test_precompressed_files_are_served_as_they_are(nginx, output: Path, encoding: str, suffix: str) -> None:
    """The body is the .gz/.br file the publish build wrote, byte for byte (not compressed again)."""
    for path, file in (("/", "index.html"), ("/sitemap.xml", "sitemap.xml")):
        precompressed = output / (file + suffix)
        assert precompressed.is_file(), f"the publish build wrote no {file}{suffix}"
        response = nginx(path, accept_encoding=f"{encoding}, identity")
        assert response.status == 200
        assert response.header("Content-Encoding") == encoding, path
        assert response.header("Content-Length") == str(precompressed.stat().st_size), path
        assert response.body == precompressed.read_bytes(), path
        assert "Accept-Encoding" in response.header("Vary"), path
    plain = nginx("/")
    assert plain.header("Content-Encoding") == "" and plain.body == (output / "index.html").read_bytes()


def test_the_server_block_matches_the_sites_policy_setting() -> None:
    """The policy in deploy/nginx.conf is the CONTENT_SECURITY_POLICY setting plus frame-ancestors."""
    written = re.search(r'add_header Content-Security-Policy "([^"]+)"', DEPLOY_CONF.read_text(encoding="utf-8"))
    assert written
    header = parse_policy(written[1])
    assert header.pop("frame-ancestors") == ["'none'"]
    assert header == parse_policy(load_project_settings("publishconf.py")["CONTENT_SECURITY_POLICY"])


@pytest.mark.browser
def test_the_published_site_runs_under_the_servers_headers(nginx, browser, site_page_kinds) -> None:
    """Minified, fingerprinted pages with absolute addresses, and the header policy on top of the meta one:
    the browser asks for https://portal.example.org/…, which this nginx answers. Nothing is blocked."""
    from tests.quality.browser_checks import LISTEN_FOR_POLICY_VIOLATIONS, policy_violations
    from tests.quality.test_a11y_browser import stay_on_loopback

    public = load_project_settings("publishconf.py")["SITEURL"]

    def answer(route, offsite: list[str]) -> None:
        if not route.request.url.startswith(public + "/"):
            stay_on_loopback(route, offsite)
            return
        local = f"http://127.0.0.1:{nginx.port}" + route.request.url[len(public) :]
        route.fulfill(response=route.fetch(url=local))

    def listen(tab, offsite: list[str], errors: list[str]) -> None:
        tab.route("**/*", lambda route: answer(route, offsite))
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        tab.on("pageerror", lambda error: errors.append(str(error)))

    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(LISTEN_FOR_POLICY_VIOLATIONS)
    found: dict[str, list[str]] = {}
    try:
        for kind, url in site_page_kinds.items():
            tab = context.new_page()
            offsite: list[str] = []
            errors: list[str] = []
            listen(tab, offsite, errors)
            response = tab.goto(public + url, wait_until="load")
            assert response is not None and "frame-ancestors" in (response.headers.get("content-security-policy") or "")
            search_box = tab.locator("input[type=search]")
            if search_box.count():
                search_box.first.fill("scam")
                search_box.first.press("Enter")
            tab.wait_for_load_state("networkidle")
            problems = policy_violations(tab) + [f"console: {e}" for e in errors if "404" not in e]
            problems += [f"loads from another host: {what}" for what in offsite if not what.startswith("image ")]
            if problems:
                found[f"{kind} {url}"] = problems
            tab.close()
    finally:
        context.close()
    assert found == {}, "\n".join(f"[{k}] {line}" for k, lines in found.items() for line in lines)


def test_calendars_and_outlet_maps_are_served_with_their_own_types(nginx, output: Path) -> None:
    # Phones open a calendar file only when it comes as text/calendar; GIS tools want application/geo+json.
    calendars = sorted(output.glob("campaigns/*/*.ics"))
    maps = sorted(output.glob("outlets/*.geojson"))
    assert calendars and maps, "the published build has no .ics or .geojson file to serve"
    calendar = nginx("/" + calendars[0].relative_to(output).as_posix())
    assert calendar.status == 200 and calendar.header("Content-Type").startswith("text/calendar"), calendar.header(
        "Content-Type"
    )
    assert calendar.body.startswith(b"BEGIN:VCALENDAR")
    geojson = nginx("/" + maps[0].relative_to(output).as_posix())
    assert geojson.status == 200 and geojson.header("Content-Type").startswith("application/geo+json")
    assert calendar.header("Content-Security-Policy") and geojson.header("X-Content-Type-Options") == "nosniff"
