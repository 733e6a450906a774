"""Loaded by bench/oracle_build.py into a Pelican build: every article (and translation)
as Pelican publishes it, with its content resolved against SITEURL, to oracle.json."""

import json
import os

from pelican import signals


def _record(article, siteurl):
    return {
        "source": os.path.relpath(article.source_path, article.settings["PATH"]),
        "url": f"{siteurl}/{article.url}",
        "slug": article.slug,
        "title": article.title,
        "date": article.date.isoformat(),
        "lang": article.lang,
        "status": article.status,
        "category": str(getattr(article, "category", "")),
        "content": article.get_content(siteurl),
    }


def _dump(generator):
    settings = generator.settings
    siteurl = settings.get("SITEURL", "")
    records = [_record(a, siteurl) for a in generator.articles]
    records += [_record(a, siteurl) for a in generator.translations]
    os.makedirs(settings["OUTPUT_PATH"], exist_ok=True)
    with open(os.path.join(settings["OUTPUT_PATH"], "oracle.json"), "w", encoding="utf-8") as f:
        json.dump({"articles": records}, f)


def register():
    signals.article_generator_finalized.connect(_dump)
