"""The publishing steps on a tiny hand-made site: content-hashed names with every reference rewritten,
minifying only where it saves bytes, deterministic .gz/.br, and the order of post-build steps."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import brotli
from publish.fingerprint import fingerprint_assets, site_path_of
from publish.minify import minify_file
from publish.precompress import precompress_tree

from sitebuild.pipeline import CONTENT_CHECKS, POST_BUILD_STEPS
from sitebuild.postbuild import post_build_steps

SITE = "https://portal.example.org"


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_site_path_of_resolves_references_like_a_browser() -> None:
    assert site_path_of(f"{SITE}/theme/css/site.css", "a/b/index.html", SITE) == "theme/css/site.css"
    assert site_path_of("/theme/css/site.css?v=1", "index.html", SITE) == "theme/css/site.css"
    assert site_path_of("../../theme/a.css", "a/b/index.html", SITE) == "theme/a.css"
    assert site_path_of("https://elsewhere.org/theme/a.css", "index.html", SITE) is None
    assert site_path_of("/portal/theme/a.js", "index.html", "https://user.github.io/portal") == "theme/a.js"
    assert site_path_of("/other/a.js", "index.html", "https://user.github.io/portal") is None


def test_fingerprinting_renames_used_assets_and_rewrites_every_reference(tmp_path: Path) -> None:
    write(tmp_path, "theme/css/base.css", "body { color: red }")
    write(tmp_path, "theme/css/site.css", '@import "base.css"; .x { background: url(../img/a.png) }')
    write(tmp_path, "theme/css/pdf-only.css", "@page { size: A4 }")
    write(tmp_path, "theme/js/app.js", "console.log(1)")
    write(tmp_path, "pagefind/pagefind.js", "export {}")
    page = write(
        tmp_path,
        "fraud/x/index.html",
        f'<link rel="stylesheet" href="{SITE}/theme/css/site.css"><script src="/theme/js/app.js" defer></script>'
        f'<script src="{SITE}/pagefind/pagefind.js"></script><a href="{SITE}/fraud/">Fraud</a>',
    )
    renamed = fingerprint_assets(tmp_path, SITE, {"pagefind"})
    assert set(renamed) == {"theme/css/base.css", "theme/css/site.css", "theme/js/app.js"}
    site_css = tmp_path / renamed["theme/css/site.css"]
    base_css = tmp_path / renamed["theme/css/base.css"]
    # The importing stylesheet names the imported one's new name, and its own hash covers that.
    assert f'@import "{base_css.name}"' in site_css.read_text()
    assert site_css.name == f"site.{hashlib.sha256(site_css.read_bytes()).hexdigest()[:10]}.css"
    html = page.read_text()
    assert f'href="{SITE}/{renamed["theme/css/site.css"]}"' in html
    assert f'src="/{renamed["theme/js/app.js"]}"' in html
    assert f'src="{SITE}/pagefind/pagefind.js"' in html and f'href="{SITE}/fraud/"' in html
    assert (tmp_path / "theme/css/pdf-only.css").exists()  # nothing uses it: it keeps its name
    assert not (tmp_path / "theme/css/site.css").exists()


def test_minify_rewrites_a_file_only_when_that_saves_bytes(tmp_path: Path) -> None:
    css = write(tmp_path, "a.css", "/* note */\nbody {\n  color : red ;\n}\n")
    assert minify_file(css) > 0 and css.read_text() == "body{color:red}"
    tiny = write(tmp_path, "b.css", "a{b:c}")
    assert minify_file(tiny) == 0 and tiny.read_text() == "a{b:c}"
    html = write(
        tmp_path,
        "i.html",
        '<!doctype html>\n<html lang="en">\n<head>\n<title>T</title>\n</head>\n<body>\n'
        "<p>One   two</p>\n</body>\n</html>\n",
    )
    minify_file(html)
    assert html.read_text().startswith("<!doctype html><html lang=en><head><title>T</title></head>")


def test_precompression_is_deterministic_cached_and_skips_what_would_grow(tmp_path: Path) -> None:
    site = tmp_path / "site"
    big = write(site, "index.html", "<p>Hang up and call 110.</p>" * 200)
    write(site, "robots.txt", "User-agent: *\n")
    cache = tmp_path / "cache"
    report = precompress_tree(site, cache)
    assert (report.files, report.written, report.from_cache) == (2, 2, 0)
    assert gzip.decompress((site / "index.html.gz").read_bytes()) == big.read_bytes()
    assert brotli.decompress((site / "index.html.br").read_bytes()) == big.read_bytes()
    assert not (site / "robots.txt.gz").exists()  # 14 bytes: compressing would make it bigger
    first = (site / "index.html.gz").read_bytes()
    again = precompress_tree(site, cache)
    assert again.from_cache == 4 and (site / "index.html.gz").read_bytes() == first
    big.write_text("changed", encoding="utf-8")
    precompress_tree(site, cache)
    assert len(list(cache.iterdir())) == 4  # entries for the old contents are dropped


def test_a_damaged_compression_cache_is_redone_not_published(tmp_path: Path) -> None:
    site = tmp_path / "site"
    page = write(site, "index.html", "<p>Never tell anyone the code in a text message.</p>" * 100)
    cache = tmp_path / "cache"
    precompress_tree(site, cache)
    good = {suffix: (site / f"index.html{suffix}").read_bytes() for suffix in (".gz", ".br")}
    for entry in cache.iterdir():  # truncated, or a valid archive of another text
        entry.write_bytes(entry.read_bytes()[:20] if entry.suffix == ".br" else gzip.compress(b"<p>other</p>"))
    report = precompress_tree(site, cache)
    assert report.from_cache == 0
    for suffix, data in good.items():
        assert (site / f"index.html{suffix}").read_bytes() == data
    assert gzip.decompress((site / "index.html.gz").read_bytes()) == page.read_bytes()


def test_post_build_steps_run_in_the_pipeline_order_whatever_the_plugin_order() -> None:
    plugins = ["publish", "search", "content_contract", "discovery", "pictures", "i18n"]
    steps = post_build_steps({"PLUGINS": plugins})
    assert [plugin for plugin, _ in steps] == ["i18n", "pictures", "discovery", "search", "publish"]
    assert post_build_steps({"PLUGINS": ["search"]})[0][0] == "search"  # only the enabled plugins' steps


def test_every_step_of_the_pipeline_names_a_function_that_exists() -> None:
    for step in (*CONTENT_CHECKS, *POST_BUILD_STEPS):
        assert callable(step.function()), step.target
