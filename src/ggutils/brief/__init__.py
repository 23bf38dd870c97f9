"""Stage 3, briefings: one page per entity and language, the index and the comparison pages.

The modules: `localize` (numbers, dates and labels in the page's language), `headline`,
`status_table`, `plots`, `downloads` (the sections of a briefing), `briefing` (the page
assembled for notebook 03), `pages` (the Jinja environment, link safety, HTML export, the
index and comparison pages), `pdf` (printing with headless Chromium). Page HTML and CSS live
in templates/.
"""
