"""Sphinx settings for publisher's documentation site.

Build it from the repository's top folder (what .ci/run does)::

    python -m sphinx -W --keep-going -n -E -c docs -b html . docs/_build/html

The source folder is the repository itself, but only the pages in ``include_patterns``
are read: so README.md, CONTRIBUTING.md and docs/ link to each other with the same
relative links on GitHub and in the site, and Sphinx checks every one of them
(``-W`` turns a broken link, or any other warning, into a failed build).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

from publisher import __version__  # noqa: E402  (after the path, like the extension)

project = "publisher"
author = "the publisher contributors"
release = version = __version__

extensions = ["myst_parser", "click_reference"]
root_doc = "docs/index"
include_patterns = ["README.md", "CONTRIBUTING.md", "bench/README.md", "docs/**.md"]
exclude_patterns = ["docs/_build/**", ".venv/**", "content/**", "feeds/**", "tests/**"]
source_suffix = {".md": "markdown"}
# Quotes and dashes are typed as meant: `--strict` must not become an en dash.
smartquotes = False
templates_path = ["_templates"]

# Links to a heading (`configuration.md#environment`) are checked like links to pages.
myst_heading_anchors = 4

html_theme = "alabaster"
html_title = f"publisher {release}"
html_theme_options = {
    "description": "Validated RSS, Atom and JSON Feed from article sources",
    # Wide enough for the configuration and validator tables, narrow on a phone.
    "page_width": "min(1280px, 100%)",
    "body_max_width": "none",
}
# The site opens at docs/index.html; index.html at the top sends the browser there.
html_additional_pages = {"index": "redirect.html"}
html_show_sourcelink = False
