"""Charts for notebooks and briefings. Titles, units and labels come from the codebook and
the message catalogue; figures are built without pyplot's global state.

- `figures`: what every chart shares: a figure without pyplot, PNG bytes and embedded
  images, the theme (templates/chart_theme.yml), the verdict colours, the y axis of a share.
- `targets`: one target's chart (briefings, notebook 02): its points, years, target shape,
  drawing and alternative text.
- `overview`: charts of no target: an entity's coverage (notebook 01), one indicator's
  series and the latest values compared across entities (notebook 00).
"""
