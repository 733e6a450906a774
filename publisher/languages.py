"""A translated site: which language a source is in, and its translations.

A source's language comes from the content subfolder its language is configured
with (``[languages.fr] folder = "fr"``), else from the generator's reading of it
(Hugo's ``post.fr.md``, a ``language`` or ``lang`` field). Translations share a key
(``translation_key``, Hugo's path without the language, Pelican's slug); each one is its
own item with its own id, linked to the others by ``hreflang`` alternates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from publisher.config import Config, LanguageConfig, language_key
from publisher.errors import Problem, Severity
from publisher.generators.files import SiteFiles
from publisher.model import Article, SourceDoc


@dataclass(frozen=True, slots=True)
class LanguageFolder:
    """The site's files as seen from inside one language's content subfolder: a
    generator's rules look at the site as that language's content root."""

    files: SiteFiles
    language: LanguageConfig

    @property
    def folder(self) -> str:
        return self.language.folder

    def _inside(self, rel: str) -> str:
        return f"{self.folder}/{rel}"

    def _outside(self, rel: str | None) -> str | None:
        """A path from the content folder as seen from the language's (None: not in it)."""
        prefix = self.folder + "/"
        return rel.removeprefix(prefix) if rel and rel.startswith(prefix) else None

    def is_file(self, rel: str) -> bool:
        return self.files.is_file(self._inside(rel))

    def source(self, rel: str) -> str | None:
        return self._outside(self.files.source(self._inside(rel)))

    def named(self, name: str) -> str | None:
        return self._outside(self.files.named(name))

    def read(self, rel: str) -> SourceDoc | None:
        doc = self.files.read(self._inside(rel))
        return replace(doc, rel=rel) if doc is not None else None

    def disk_path(self, rel: str) -> str:
        return self.files.disk_path(self._inside(rel))


def folder_language(
    doc: SourceDoc, config: Config, files: SiteFiles
) -> tuple[SourceDoc, LanguageConfig | None, SiteFiles]:
    """The source as its language's content folder holds it (its path relative to
    that folder), that language, and the site's files seen from there; the source as
    it is (and None) when it is in no language's folder."""
    rel, language, seen = language_root(doc.rel, config, files)
    return (replace(doc, rel=rel) if language else doc), language, seen


def language_root(
    rel: str, config: Config, files: SiteFiles
) -> tuple[str, LanguageConfig | None, SiteFiles]:
    """``folder_language`` of a path: the path inside its language's folder, that
    language (None: in none) and the site's files seen from there."""
    for language in config.languages:
        prefix = language.folder + "/" if language.folder else ""
        if prefix and rel.startswith(prefix):
            return rel.removeprefix(prefix), language, LanguageFolder(files, language)
    return rel, None, files


def feed_language(article: Article, config: Config) -> str:
    """The code of the language whose feeds hold ``article``."""
    return article.language or config.language


def link_translations(articles: Sequence[Article], config: Config) -> list[Article]:
    """Each article with the (language, link) of its translations: the other
    languages' articles with its translation key (one per language: the first by path)."""
    groups: dict[str, dict[str, Article]] = {}
    for article in sorted(articles, key=lambda a: a.source):
        if article.translation_key:
            language = language_key(feed_language(article, config))
            groups.setdefault(article.translation_key, {}).setdefault(language, article)
    linked = []
    for article in articles:
        group = groups.get(article.translation_key, {}) if article.translation_key else {}
        own = language_key(feed_language(article, config))
        others = tuple(
            (_tag(config, feed_language(other, config)), other.link)
            for code, other in sorted(group.items())
            if code != own
        )
        linked.append(replace(article, translations=others) if others else article)
    return linked


def _tag(config: Config, code: str) -> str:
    """The tag feeds carry for the language ``code``."""
    language = config.language_named(code)
    return language.feed_tag if language else code


def translation_problems(articles: Iterable[Article], config: Config) -> list[Problem]:
    """A warning for each article naming its translation key itself whose key no
    article in another language shares: a translation of nothing, or a mistyped key."""
    languages: dict[str, set[str]] = {}
    listed = sorted(articles, key=lambda a: a.source)
    for article in listed:
        if article.translation_key:
            code = language_key(feed_language(article, config))
            languages.setdefault(article.translation_key, set()).add(code)
    problems = []
    for article in listed:
        if not article.translation_declared:
            continue
        if languages[article.translation_key] == {language_key(feed_language(article, config))}:
            problems.append(
                Problem(
                    article.source, None, Severity.WARNING, "source-translation-of-nothing",
                    f"translation key {article.translation_key!r} is shared by no article "
                    "in another language: it links to no translation (check the key)",
                )
            )  # fmt: skip
    return problems


def check_language_folders(articles: Iterable[Article], config: Config) -> list[Problem]:
    """An error for the first default-language article (by path) whose category's feeds
    would go into another language's feeds folder (a category ``FR`` beside French)."""
    folders = {language_key(lang.code): lang.code for lang in config.languages[1:]}
    for article in sorted(articles, key=lambda a: a.source):
        if not article.language and article.category_slug in folders:
            code = folders[article.category_slug]
            return [
                Problem(
                    article.source, None, Severity.ERROR, "source-category-is-language",
                    f"category {article.category!r} would write its feeds into "
                    f"{article.category_slug}/, where the {code} feeds go: rename the category",
                )
            ]  # fmt: skip
    return []
