"""Links in a rendered body that point into another category's folder by mistake."""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from urllib.parse import urlsplit

from publisher.errors import Problem, Severity
from publisher.model import Article

# Sanitized HTML writes every attribute in double quotes.
HREF = re.compile(r'<a\b[^>]*?\bhref="([^"]+)"')


def misplaced_links(
    article: Article, categories: Collection[str], known_paths: Collection[str], base_url: str
) -> list[Problem]:
    """Warnings for links into ``/<own category>/<another category>/...`` with no page there.

    The usual cause is a relative link written as if from the category folder
    (``../science/x/`` in ``/technology/a/`` resolves to ``/technology/science/x/``).
    ``known_paths`` are the URL paths of every article, which are never flagged.
    """
    site = urlsplit(base_url)
    problems: list[Problem] = []
    for href in sorted(set(HREF.findall(article.content_html or ""))):
        url = urlsplit(html.unescape(href))
        if url.netloc != site.netloc or not url.path.startswith(site.path + "/"):
            continue
        parts = [part for part in url.path[len(site.path) :].split("/") if part]
        if (
            len(parts) < 2
            or parts[0] != article.category_slug
            or parts[1] == parts[0]
            or parts[1] not in categories
            or any(
                f"{site.path}/{'/'.join(parts[:n])}/" in known_paths
                for n in range(2, len(parts) + 1)
            )
        ):
            continue
        rest = url.path[len(site.path) :].split("/", 2)[2]  # without the own category
        meant = f"{site.scheme}://{site.netloc}{site.path}/{rest}"
        problems.append(
            Problem(
                article.source, None, Severity.WARNING, "source-link-misplaced",
                f"link {html.unescape(href)} points into {parts[0]}/{parts[1]}/, where no page is; "
                f"did you mean {meant}? (a relative link resolves against the article's own URL)",
            )
        )  # fmt: skip
    return problems
