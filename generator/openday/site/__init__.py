"""From domain values to the public site: page views, renderers (pages, ICS, RSS/Atom,
search, tables, charts, QR codes, pictures, sitemap), the output tree and publication.
Knows no engine: the adapter hands in what it needs from one."""
