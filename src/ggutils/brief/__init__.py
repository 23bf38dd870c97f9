"""Stage 3, briefings: one page per entity and language, the index and the comparison pages.

The modules, in the order a value meets them:

- `localize`: the page's language (numbers, dates, units, goals, and which text of a catalog
  or table a page shows); the only module that branches on the language.
- `data`: what one briefing is made from (an entity's plans, the project's tables, one
  language) and the words its sections share.
- the sections of a briefing, each a function of that data building its template's context:
  `header`, `headline`, `status_table`, `charts` (drawn by `plots.targets`), `gaps` (data gaps,
  monitored indicators, drafts), `tasks`, `provenance` (sources, `downloads`, method).
- `briefing`: the page as a list of those sections for notebook 03, and `load_briefing`
  (from a `ggutils.project.Project`, opened once per process).
- `render`: the Jinja environment (autoescaped), escaping and link safety every page uses.
- `export`: an executed notebook 03 as one self-contained HTML page, with print margins;
  `pdf`: printing it with headless Chromium.
- `index` and `compare`: the index (a verdict matrix of every plan) and the comparison pages.

Charts live in plots/ (`figures`, `targets`, `overview`); page HTML and CSS in templates/.
"""
