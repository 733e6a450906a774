"""Ask Jekyll itself for the rule tables under tests/jekyll/ (issue 24).

    python bench/jekyll_tables.py [--corpus ~/corpora/sites]

Needs Debian's jekyll (4.3.1, ruby 3.1) and ruby-jekyll-feed (0.17.0). Writes:

- ``tests/jekyll/parse_date.json``: the inputs of jekyll/jekyll's test/test_utils.rb
  context "The `Utils.parse_date` method", every date string the corpus's Jekyll posts
  hold (with --corpus), and forms Ruby's Time.parse reads, each with what
  ``Utils.parse_date`` gave in two zones (an instant in UTC, or the error's class).
- ``tests/jekyll/smartify.json``: titles through Jekyll's ``smartify`` filter (the
  corpus's titles, with --corpus, and hand-picked ones).
- ``tests/jekyll/permalinks.json``: small sites built by ``jekyll build`` with
  jekyll-feed: for each post and each site setting, the link, id and title jekyll-feed
  published.

tests/jekyll/slugify.json is copied from test/test_utils.rb by hand (see its ``source``);
this script checks it against Jekyll too. The answers come from
bench/oracle/jekyll/rules_oracle.rb (Jekyll's own Utils) and from real builds.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
TABLES = HERE.parent / "tests" / "jekyll"
ORACLE = HERE / "oracle" / "jekyll" / "rules_oracle.rb"
ZONES = ("America/Los_Angeles", "Asia/Kolkata")
JEKYLL_SITES = ["bitcoinops", "crystal", "daattali", "dask-blog", "elixir", "jalammar",
                "jekyll-docs", "karpathy", "mojombo", "strimzi", "niamurrell", "mhansen",
                "stared", "skrinak", "hh54188", "levinxo"]  # fmt: skip

# test/test_utils.rb's parse_date inputs, then forms Ruby reads that the corpus may not have.
DATES = [
    "2014-08-02 14:43:06 PDT", "Blah", "9999-99-99", "Blah this is invalid",
    "2015-06-14 5:30:00 -0700", "2023-01-29 18:30:22 2023 -0800", "Jan 5 2020", "5 Jan 2020",
    "January 5, 2020", "Sunday, January 5, 2020 10:00 AM", "2020/01/05", "01/05/2020",
    "05.01.2020", "2020.01.05", "20200105", "20200105T101500", "2020-1-5", "2014-3-2 23:50",
    "2014-3-2 9:37", "2020-01-05T10:00:00Z", "2020-01-05T10:00:00+01:00",
    "2020-01-05 10:00 CET", "2020-01-05 10:00 JST", "2020-01-05 10:00 EST", "2020-01-05 10pm",
    "2020-01-05 12am", "2020-01-05 12:30 pm", "5th March 2019", "March 5th, 2019 10:15",
    "2019-123", "99-01-05", "69-1-5", "68-1-5", "Mon, 05 Jan 2020 10:00:00 GMT",
    "2020-02-30", "2021-02-29", "2020-01-05 24:00", "2020-01-05 23:59:60",
    "2020-01-05 10:00:75 +0100", "2020-01-05 10:00:75 +0130", "2020-13-05", "2020-00-10",
    "2020-01-05 10:00:00.123456", "2020-01-05 10:00:00,5 -0300", "2020-01-05 10:00 -07",
    "2020-01-05 10:00 +5", "2020-01-05 10:00 UTC+1", "2020-03-08 02:30", "2020-11-01 01:30",
    "2020-11-01 01:30 EDT", "Sat Jan  5 10:00:00 2019", "H31.04.30", "5-Jan-2020",
    "2020-01-05 10h30", "2020-01-05 10:00 Pacific Standard Time", "2020-07-05 10:00 PDT",
    "2020-01-05 10:00:00 +0100 extra words", "12/31/1999 11:59 pm", "31/12/1999",
    "2020-01-05T10:00:00[Asia/Tokyo]", "2020-01-05 10:00 -0000", "2020-01-05 10:00 GMT+0100",
    "06 Jun 2016 12:00:00 -0700", "2016, June 6", "6th of June 2016", "2020_01_05",
]  # fmt: skip
TITLES = [
    "It's \"quoted\" -- a --- b... &mdash; <<c>>", "Ten Lessons from GitHub's First Year",
    "My Hero, Karen &mdash; Part II", "'Single' and \"double\" -- 'quotes'",
    "The '90s were rad", "Rock 'n' roll", "A & B < C", "x...y", "<em>Emphasis</em> here",
    "Don't stop", "\"Quote at start\"", "Ellipsis . . . spaced", "1990's", "'Tis the season",
    "He said, 'hi.'", "Backticks ``like this''", "&copy; 2020 &amp; &#8212; &#x2014;",
    "Em---dash and en--dash", "<< angled >>",
]  # fmt: skip

# (relative path, front matter) of the posts every permalink site gets.
POSTS = [
    ("_posts/2020-01-05-hello-world.md", {"title": "Hello world", "categories": "News Tech"}),
    ("_posts/2014-3-2-One Digit.md", {"title": "One digit", "category": "Big Deal"}),
    ("_posts/2019-12-31-late.markdown",
     {"title": "Late", "date": "2019-12-31 23:30:00 -1000", "categories": ["A/B", "c"]}),
    ("_posts/2020-02-29-Trailing Periods....md", {}),
    ("_posts/2020-06-01-über-café.md", {"title": "Über café", "categories": ["Ünïcode"]}),
    ("_posts/2021-07-04-explicit-slug.md", {"title": "Explicit", "slug": "My Own Slug"}),
    ("_posts/2021-07-05-own-permalink.md",
     {"title": "Own", "permalink": "/p/:year/:title/:short_month-:i_day"}),
    ("_posts/2021-07-06-literal.md", {"title": "Literal", "permalink": "/about-me/"}),
    ("_posts/sub/dir/2022-01-01-in-a-folder.md", {"title": "Folder", "categories": ["X"]}),
    ("_posts/2022-02-02-c++ & co.md", {"title": "C++ & co", "categories": "Prog"}),
    ("_posts/2022-03-03-UPPER_Case.html", {"title": "Upper"}),
    ("_posts/2022-04-04-both.md", {"title": "Both", "category": "one", "categories": ["two"]}),
    ("_posts/2022-05-05-time.md", {"title": "Time", "date": "2022-05-05 07:08:09"}),
]  # fmt: skip
# (name, _config.yml additions) of each site built.
SITES: list[tuple[str, dict[str, Any]]] = [
    ("date", {}),
    ("pretty", {"permalink": "pretty"}),
    ("ordinal", {"permalink": "ordinal"}),
    ("weekdate", {"permalink": "weekdate"}),
    ("none", {"permalink": "none"}),
    ("custom", {"permalink": "/:categories/:title/"}),
    ("no-slash", {"permalink": "/:year/:month/:day/:title"}),
    ("every-placeholder", {"permalink": "/:year/:i_month/:i_day/:short_year/:y_day/:short_month/"
                           ":long_month/:short_day/:long_day/:week/:hour/:minute/:second/:name/"
                           ":slug/:slugified_categories/:title:output_ext"}),
    ("path", {"permalink": "/:path/"}),
    ("baseurl", {"baseurl": "/blog", "permalink": "/:year/:title/"}),
    ("trailing-slash-url", {"url": "https://t.example/"}),
    ("defaults", {"defaults": [
        {"scope": {"path": "", "type": "posts"}, "values": {"permalink": "/d/:year/:title/"}},
        {"scope": {"path": "_posts/sub"}, "values": {"permalink": "/sub/:title/",
                                                     "categories": ["From Defaults"]}},
        {"scope": {"path": "_posts/2020-01-05-hello-world.md"}, "values": {"permalink": None}},
    ]}),
    ("collection-permalink", {"collections": {"posts": {"permalink": "/c/:title:output_ext"}}}),
]  # fmt: skip


def ask_ruby(request: dict[str, Any]) -> dict[str, Any]:
    done = subprocess.run(["ruby", str(ORACLE)], input=json.dumps(request), text=True,
                          capture_output=True, check=True)  # fmt: skip
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


def front_matter_values(corpus: Path) -> tuple[list[str], list[str]]:
    """Every date string and title of the corpus's Jekyll posts."""
    dates: set[str] = set()
    titles: set[str] = set()
    for site in JEKYLL_SITES:
        for path in sorted((corpus / site).glob("_posts/**/*")):
            if not path.is_file():
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            match = re.match(r"---\s*\n(.*?)\n---", text, re.DOTALL)
            try:
                fields = yaml.safe_load(match[1]) if match else None
            except yaml.YAMLError:
                continue
            if not isinstance(fields, dict):
                continue
            for name in ("date", "last_modified_at"):
                if isinstance(fields.get(name), str):
                    dates.add(fields[name])
            if isinstance(fields.get("title"), str):
                titles.add(fields["title"])
    return sorted(dates), sorted(titles)


def parse_date_table(corpus: Path | None) -> dict[str, Any]:
    extra, _ = front_matter_values(corpus) if corpus else ([], [])
    inputs = list(dict.fromkeys(DATES + extra))
    cases: list[dict[str, Any]] = [{"input": text} for text in inputs]
    for zone in ZONES:
        for case, answer in zip(cases, ask_ruby({"tz": zone, "dates": inputs})["dates"],
                                strict=True):  # fmt: skip
            case[zone] = answer
    return {
        "source": 'jekyll/jekyll test/test_utils.rb, context "The `Utils.parse_date` method" '
        "(its inputs first), then the corpus's and other forms; answers from Jekyll 4.3.1's "
        "Utils.parse_date (ruby 3.1) with TZ set to each zone, by bench/jekyll_tables.py",
        "zones": list(ZONES),
        "cases": cases,
    }


def smartify_table(corpus: Path | None) -> dict[str, Any]:
    _, extra = front_matter_values(corpus) if corpus else ([], [])
    inputs = list(dict.fromkeys(TITLES + extra))
    with tempfile.TemporaryDirectory() as folder:
        answers = subprocess.run(["ruby", str(ORACLE)], input=json.dumps({"smartify": inputs}),
                                 text=True, capture_output=True, check=True,
                                 cwd=folder).stdout  # fmt: skip
    smart = json.loads(answers)["smartify"]
    # Every title the rule changes, the hand-picked ones, and a few it leaves alone.
    kept, plain = [], 0
    for title, answer in zip(inputs, smart, strict=True):
        changed = answer != html.escape(title, quote=False)
        if changed or title in TITLES or plain < 50:
            kept.append((title, answer))
            plain += not changed
    return {
        "source": "Jekyll 4.3.1's smartify filter (kramdown's SmartyPants parser), which "
        "jekyll-feed 0.17 applies to every title; the corpus's titles and hand-picked ones, "
        "by bench/jekyll_tables.py",
        "cases": [{"input": title, "smartify": answer} for title, answer in kept],
    }


def _write_site(root: Path, settings: dict[str, Any]) -> None:
    config = {"title": "T", "url": "https://t.example", "timezone": "America/Los_Angeles",
              "plugins": ["jekyll-feed"], "feed": {"posts_limit": 100}} | settings  # fmt: skip
    (root / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    for rel, fields in POSTS:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump(fields, allow_unicode=True) if fields else ""
        path.write_text(f"---\n{front}---\nBody.\n", encoding="utf-8")
    (root / "_plugins").mkdir()
    (root / "_plugins" / "dump.rb").write_text(
        'require "json"\nJekyll::Hooks.register :site, :post_write do |site|\n'
        "  posts = site.posts.docs.map { |p| { 'source' => p.relative_path, "
        "'url' => p.url } }\n"
        "  File.write(File.join(site.dest, 'posts.json'), JSON.generate(posts))\nend\n",
        encoding="utf-8",
    )


def _element(entry: str, name: str) -> str:
    found = re.search(rf"<{name}[^>]*>(.*?)</{name}>", entry, re.DOTALL)
    return found[1] if found else ""


def permalink_table() -> dict[str, Any]:
    sites = []
    for name, settings in SITES:
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "site"
            root.mkdir()
            _write_site(root, settings)
            subprocess.run(["jekyll", "build", "--quiet", "--source", str(root),
                            "--destination", str(root / "_site")], check=True)  # fmt: skip
            dumped = json.loads((root / "_site" / "posts.json").read_text("utf-8"))
            # Read as text: jekyll-feed prints links unescaped (a '&' makes it no XML).
            feed = (root / "_site" / "feed.xml").read_text("utf-8")
            entries = {}
            for entry in re.findall(r"<entry[^>]*>(.*?)</entry>", feed, re.DOTALL):
                link = re.search(r'<link href="([^"]*)"', entry)[1]  # type: ignore[index]
                entries[link] = {
                    "link": link,
                    "id": html.unescape(_element(entry, "id")),
                    "title": html.unescape(_element(entry, "title")),
                    "published": _element(entry, "published"),
                }
            base = str(settings.get("url", "https://t.example")).rstrip("/") + str(
                settings.get("baseurl", "")
            )
            posts = {}
            for post in dumped:
                link = next((k for k in entries if k.endswith(post["url"])
                             and k.removesuffix(post["url"]).rstrip("/") == base.rstrip("/")),
                            None)  # fmt: skip
                posts[post["source"]] = entries.get(link or "", {"url": post["url"]})
            sites.append({"name": name, "config": settings, "posts": posts})
    return {
        "source": "sites built by Jekyll 4.3.1 with jekyll-feed 0.17.0 (timezone "
        "America/Los_Angeles, url https://t.example), one per setting; each post's "
        "<link>, <id>, <title> and <published> in feed.xml, by bench/jekyll_tables.py",
        "posts": [{"path": rel, "front_matter": fields} for rel, fields in POSTS],
        "sites": sites,
    }


def check_slugify() -> None:
    table = json.loads((TABLES / "slugify.json").read_text("utf-8"))
    rows = [[c["input"], c["mode"], c["cased"]] for c in table["cases"]]
    answers = ask_ruby({"slugify": rows, "titleize": [c["input"] for c in table["titleize"]]})
    for case, answer in zip(table["cases"], answers["slugify"], strict=True):
        assert case["expected"] == answer, (case, answer)
    for case, answer in zip(table["titleize"], answers["titleize"], strict=True):
        assert case["expected"] == answer, (case, answer)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=None)
    options = parser.parse_args(argv)
    if not shutil.which("jekyll") or not shutil.which("ruby"):
        print("needs jekyll and ruby (apt-get install jekyll ruby-jekyll-feed)", file=sys.stderr)
        return 1
    check_slugify()
    for name, table in (("parse_date", parse_date_table(options.corpus)),
                        ("smartify", smartify_table(options.corpus)),
                        ("permalinks", permalink_table())):  # fmt: skip
        text = json.dumps(table, indent=1, ensure_ascii=False, sort_keys=False) + "\n"
        (TABLES / f"{name}.json").write_text(text, encoding="utf-8")
        print(f"wrote tests/jekyll/{name}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
