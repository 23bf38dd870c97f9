"""Stage 2, assessment: observations + catalogs -> trajectories.csv, one judged row per target.

The modules, in the order a target meets them: `settings` (every threshold and model choice,
TrendSettings), `evaluation` (the evaluation date, the as-of rules), `series` (the
observations a target is judged on), `fits` (trend models, intervals, P(met), crossings, the
two-point rate), `verdicts` (the verdict vocabulary and its rules), `measures` (the target
as a level, the current pace, what it would take from the latest value), `judge` (one target
judged end to end: one trajectories.csv row), `trends` (the stage: every target,
`run_projections`, the trend a chart draws, the Context notebooks read). Beside them:
`backtest_series` and `backtest` (the intervals' calibration on real series), `report` and
`explore` (the tables notebooks 02 and 00 show).
"""
