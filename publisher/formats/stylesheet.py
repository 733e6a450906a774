"""The XSLT (``feed.xsl``) that makes an RSS or Atom feed opened in a browser read as a page.

Every RSS and Atom feed points at it with an ``xml-stylesheet`` processing instruction.
Feed readers ignore the instruction; a browser that still runs XSLT 1.0 (Chromium,
Firefox, Safari) shows the feed's title, what a feed is, the address to copy into a
reader, and the latest items with their dates. No JavaScript, no external resource.
Browsers apply it only when the feed is served as ``application/xml`` or ``text/xml``
(Chromium shows ``application/rss+xml`` as plain text).
"""

from __future__ import annotations

# One template per feed kind, shared page chrome in named templates. Items are shown
# with their titles and dates only: RSS descriptions are escaped HTML, which XSLT 1.0
# cannot turn into text without disable-output-escaping (Firefox ignores it).
STYLESHEET = """\
<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="/rss">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="channel/title"/>
      <xsl:with-param name="description" select="channel/description"/>
      <xsl:with-param name="language" select="channel/language"/>
      <xsl:with-param name="home" select="channel/link"/>
      <xsl:with-param name="self" select="channel/atom:link[@rel='self']/@href"/>
      <xsl:with-param name="image" select="channel/image/url"/>
      <xsl:with-param name="kind" select="'RSS'"/>
      <xsl:with-param name="count" select="count(channel/item)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="/atom:feed">
    <xsl:call-template name="page">
      <xsl:with-param name="title" select="atom:title"/>
      <xsl:with-param name="description" select="atom:subtitle"/>
      <xsl:with-param name="language" select="@xml:lang"/>
      <xsl:with-param name="home" select="atom:link[@rel='alternate']/@href"/>
      <xsl:with-param name="self" select="atom:link[@rel='self']/@href"/>
      <xsl:with-param name="image" select="(atom:logo | atom:icon)[1]"/>
      <xsl:with-param name="kind" select="'Atom'"/>
      <xsl:with-param name="count" select="count(atom:entry)"/>
    </xsl:call-template>
  </xsl:template>

  <xsl:template name="page">
    <xsl:param name="title"/>
    <xsl:param name="description"/>
    <xsl:param name="language"/>
    <xsl:param name="home"/>
    <xsl:param name="self"/>
    <xsl:param name="image"/>
    <xsl:param name="kind"/>
    <xsl:param name="count"/>
    <html lang="{$language}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> (<xsl:value-of select="$kind"/> feed)</title>
        <link rel="icon" href="data:,"/>
        <style><xsl:text disable-output-escaping="no">
:root { color-scheme: light dark; --bg: #fff; --fg: #1b1b1b; --muted: #555;
  --link: #0b57d0; --line: #d0d0d0; --box: #f4f4f4; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #121212; --fg: #ececec; --muted: #b8b8b8; --link: #8ab4f8;
    --line: #444; --box: #1e1e1e; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 48rem; margin: 0 auto; padding: 1.5rem 1rem 2rem; }
h1 { font-size: 1.75rem; line-height: 1.2; margin: 0 0 .5rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
a { color: var(--link); text-underline-offset: .15em; }
a:focus-visible { outline: 3px solid #b34700; outline-offset: 2px; }
.logo { max-width: 144px; max-height: 96px; display: block; margin-bottom: .75rem; }
.about { background: var(--box); border: 1px solid var(--line); border-radius: 6px;
  padding: .75rem 1rem; }
.about p { margin: .25rem 0; }
.label { font-weight: 600; margin-top: .75rem; }
code { display: block; font: .9rem/1.4 ui-monospace, monospace; padding: .45rem .5rem;
  border: 1px solid var(--muted); border-radius: 4px; background: var(--bg); color: var(--fg);
  overflow-wrap: anywhere; user-select: all; }
.muted, time { color: var(--muted); }
ol { list-style: none; padding: 0; margin: 0; }
li { padding: .5rem 0; border-top: 1px solid var(--line); overflow-wrap: anywhere; }
time { display: block; font-size: .875rem; }
</xsl:text></style>
      </head>
      <body>
        <main>
          <xsl:if test="$image">
            <img class="logo" src="{$image}" alt=""/>
          </xsl:if>
          <h1><xsl:value-of select="$title"/></h1>
          <xsl:if test="$description and string($description) != string($title)">
            <p><xsl:value-of select="$description"/></p>
          </xsl:if>
          <section class="about" aria-labelledby="about-title">
            <h2 id="about-title">This is a web feed</h2>
            <p>A feed reader checks this address for you and shows each new article as it
              is published: no e-mail, no account with this site, and you can leave at any
              time. To subscribe, copy the address below into your feed reader.</p>
            <p class="label">Feed address (<xsl:value-of select="$kind"/>):</p>
            <!-- Text, not a field: the whole address wraps on a phone and selects at once. -->
            <code id="feed-url"><xsl:value-of select="$self"/></code>
            <xsl:if test="$home">
              <p><a href="{$home}">Visit the website</a></p>
            </xsl:if>
          </section>
          <h2 id="latest-title">Latest</h2>
          <xsl:choose>
            <xsl:when test="$count = 0">
              <p class="muted">No articles yet.</p>
            </xsl:when>
            <xsl:otherwise>
              <ol class="items" aria-labelledby="latest-title">
                <xsl:apply-templates select="channel/item | atom:entry"/>
              </ol>
            </xsl:otherwise>
          </xsl:choose>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <xsl:if test="pubDate">
        <!-- Our RFC 822 dates ("Www, DD Mmm YYYY hh:mm:ss +0000") as YYYY-MM-DD, the
             index page's and the Atom view's form. -->
        <xsl:variable name="month" select="string-length(substring-before(
            'JanFebMarAprMayJunJulAugSepOctNovDec', substring(pubDate, 9, 3))) div 3 + 1"/>
        <time>
          <xsl:value-of select="concat(substring(pubDate, 13, 4), '-',
              format-number($month, '00'), '-', substring(pubDate, 6, 2))"/>
        </time>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <xsl:variable name="when" select="(atom:published | atom:updated)[1]"/>
    <li>
      <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <xsl:if test="$when">
        <time datetime="{$when}"><xsl:value-of select="substring($when, 1, 10)"/></time>
      </xsl:if>
    </li>
  </xsl:template>
</xsl:stylesheet>
"""


def render_stylesheet() -> bytes:
    """The bytes of ``feed.xsl``: the same for every site, so it never churns."""
    return STYLESHEET.encode("utf-8")


# The CSS alternative (``stylesheet = "css"``): a browser styles the feed's own elements.
# No transformation, so it works wherever CSS does (XSLT is leaving browsers); what CSS
# cannot do is make a link out of an element's text, so item addresses show as text.
CSS = """\
@charset "utf-8";
@namespace atom url("http://www.w3.org/2005/Atom");
@namespace rss10 url("http://purl.org/rss/1.0/");
/* publisher: makes an RSS or Atom feed opened in a browser read as a page. */
:root { color-scheme: light dark; display: block; max-width: 48rem; margin: 0 auto;
  padding: 1.5rem 1rem 2rem; background: #fff; color: #1b1b1b;
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
@media (prefers-color-scheme: dark) { :root { background: #121212; color: #ececec; } }
:root::before { content: "This is a web feed. A feed reader checks this address for you \\
and shows each new article as it is published: no e-mail, no account with this site, and \\
you can leave at any time. To subscribe, copy this page's address from the address bar \\
into your feed reader."; display: block; order: 2; margin: 0 0 1rem; padding: .75rem 1rem;
  border: 1px solid #d0d0d0; border-radius: 6px; background: rgba(127, 127, 127, .1); }
channel, :root|atom|feed { display: block; }
channel > *, atom|feed > *, atom|entry > *, item > * { display: none; }
channel > title, atom|feed > atom|title { display: block; font-size: 1.75rem;
  font-weight: 700; line-height: 1.2; margin: 0 0 .5rem; }
channel > description, atom|feed > atom|subtitle { display: block; margin: 0 0 1rem; }
channel > item, atom|feed > atom|entry { display: block; padding: .5rem 0;
  border-top: 1px solid #d0d0d0; overflow-wrap: anywhere; }
item > title, atom|entry > atom|title { display: block; font-weight: 600; }
item > pubDate, atom|entry > atom|published { display: block; font-size: .875rem;
  color: #767676; }
item > link, atom|entry > atom|link[rel="alternate"] { display: block; font-size: .875rem;
  color: #0b57d0; }
atom|entry > atom|link[rel="alternate"]::after { content: attr(href); }
@media (prefers-color-scheme: dark) {
  item > link, atom|entry > atom|link[rel="alternate"] { color: #8ab4f8; }
  item > pubDate, atom|entry > atom|published { color: #b8b8b8; }
}
"""


def render_css() -> bytes:
    """The bytes of ``feed.css``: the same for every site, so it never churns."""
    return CSS.encode("utf-8")
