"""Stage 2, assessment: observations + catalogs -> trajectories.csv, one judged row per target.

The modules, in the order a target meets them: `evaluation` (the evaluation date, the
as-of rules), `series` (the observations a target is judged on), `fits` (trend models,
intervals, P(met), crossings), `verdicts` (the verdict vocabulary and its rules), `trends`
(one target judged end to end, `project_all`). Beside them: `backtest` (the intervals'
calibration on real series), `report` and `explore` (the tables notebooks 02 and 00 show).
"""
