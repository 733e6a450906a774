"""Rendering: an article's body -> sanitized HTML with absolute URLs, and its summary.

- ``settings``: which Markdown a site writes (``[markdown]``); imports no renderer, so the
  config reads it for nothing;
- ``renderer``: ``Renderer``, one per flavour: its engine, then the sanitizer and summary;
- engines: ``python_markdown`` (Python-Markdown), ``commonmark`` (markdown-it-py, the
  CommonMark flavours) with ``attributes`` (Goldmark's and kramdown's attribute syntax);
- ``sanitize`` (the allow-list, URLs made absolute), ``summary`` (plain text),
  ``links`` (links into another category's folder).

Nothing is imported here: each caller imports the module it needs.
"""
