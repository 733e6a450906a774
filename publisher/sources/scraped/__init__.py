"""Pages scraped from websites (``.txt``, ``.html``): readers, metadata, boilerplate rules.

``publisher import`` reads them leniently (``scrape``: whatever the page yields); a build
reads the ones left in ``content/`` strictly (``read``: a title and a body are required).
"""
