"""Stage 3, the headline section that opens a briefing: for each plan, one or two sentences on
the deadline, then one per target that can be checked, generated from trajectories.csv rows
in the page's language (templates in data/reference/messages.yml, keys `hl_*`); then the
count of targets per verdict. Page one's verdict matrix (brief.matrix) follows it."""

from __future__ import annotations

import pandas as pd

from ggutils.assess.verdicts import SUMMARY_VERDICTS
from ggutils.brief.data import BriefingData
from ggutils.brief.localize import Localizer
from ggutils.brief.render import render
from ggutils.reference.messages import Messages
from ggutils.reference.targets import Catalog, Target


def _years(years: list[int]) -> str:
    low, high = min(years), max(years)
    return str(low) if low == high else f"{low}–{high}"


def _int(value) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def deadline_sentence(rows: pd.DataFrame, msgs: Messages) -> str:
    """'The 2020 deadline has passed.' and, where some fall due later, when they do."""
    passed = sorted({int(y) for y in rows.loc[rows["deadline_passed"].astype(bool),
                                              "target_year"]})
    ahead = sorted({int(y) for y in rows.loc[~rows["deadline_passed"].astype(bool),
                                             "target_year"]})
    parts = []
    if passed:
        key = "hl_deadline_passed" if len(passed) == 1 else "hl_deadlines_passed"
        parts.append(msgs(key, years=_years(passed)))
    if ahead:
        n = int((~rows["deadline_passed"].astype(bool)).sum())
        parts.append(msgs("hl_due", n=n, years=_years(ahead)))
    return " ".join(parts)


def _unconfirmed(row: pd.Series, msgs: Messages) -> str:
    reasons = row["unconfirmed_reason"]
    if reasons is None or pd.isna(reasons) or not reasons:
        return ""
    text = ", ".join(msgs(f"reason_{r}") for r in str(reasons).split(","))
    return msgs("hl_unconfirmed", reasons=text)


def _pace_qualifier(row: pd.Series, msgs: Messages) -> str:
    if str(row["model"]).startswith("endpoint"):
        return msgs("hl_indicative", n=int(row["n_points"]))
    low, high = _int(row["crossing_year_low80"]), _int(row["crossing_year_high80"])
    if low is not None and high is not None:
        return msgs("hl_interval", low=low, high=high)
    if low is not None:
        return msgs("hl_interval_open", low=low)
    return ""


def expected_sentence(row: pd.Series, target: Target, name: str, fmt: Localizer,
                      msgs: Messages) -> str | None:
    """A passed deadline whose value is not out yet (not verifiable yet, nothing since): the
    month it is usually published by, and the latest value; None for any other target."""
    if row["verdict_deadline"] != "not verifiable yet" or row["verdict_since"] != "no data since":
        return None
    return msgs("hl_expected", indicator=name, target_year=int(row["target_year"]),
                month=row["expected_by"], value=fmt.value(row["last_value"], target.indicator),
                year=_int(row["last_year"]))


def target_sentence(row: pd.Series, target: Target, name: str, fmt: Localizer,
                    msgs: Messages) -> str:
    """One sentence for a target with data, chosen by its verdicts."""
    fields = {"indicator": name, "goal": fmt.goal(target),
              "value": fmt.value(row["last_value"], target.indicator),
              "year": _int(row["last_year"]), "target_year": int(row["target_year"]),
              "pace": f"{_int(row.get('pace_first_year', row['first_year']))}–"
                      f"{_int(row['last_year'])}"}
    if not bool(row["deadline_passed"]):
        return msgs("hl_outlook", status=msgs.status(row["status_outlook"]), **fields)
    deadline, since = str(row["verdict_deadline"]), str(row["verdict_since"])
    met_fields = {**fields, "value": fmt.value(row["met_value"], target.indicator),
                  "year": _int(row["met_year"]), "unconfirmed": _unconfirmed(row, msgs)}
    if since.startswith("met later"):
        return msgs("hl_met_later", **met_fields)
    if deadline.startswith("met"):
        text = msgs("hl_met_deadline", **met_fields)
        if since == "no longer met":
            text += " " + msgs("hl_no_longer_met", **fields)
        return text
    if since == "no longer met":
        return msgs("hl_met_later", **met_fields) + " " + msgs("hl_no_longer_met", **fields)
    missed = ""
    if deadline == "not met":  # the value at the deadline, then what happened since
        missed = msgs("hl_not_met_deadline", **{
            **fields, "value": fmt.value(row["observed_at_target_year"], target.indicator),
            "year": _int(row["observed_year_used"])})
        if since == "no data since":
            return missed
        missed += " "
    if since == "not yet met" and _int(row["crossing_year"]) is not None:
        return missed + msgs("hl_not_yet_met_pace", crossing=_int(row["crossing_year"]),
                             qualifier=_pace_qualifier(row, msgs), **fields)
    if since == "not at the current pace":
        return missed + msgs("hl_not_at_pace", **fields)
    return missed + msgs("hl_not_yet_met", **fields)


def headline_sentences(trajectories: pd.DataFrame, catalog: Catalog, fmt: Localizer,
                       msgs: Messages, names: dict[str, str], most: int = 3) -> list[str]:
    """The headline of one plan: deadlines, how many targets can be checked, a sentence for
    each of the first `most` of them, and the count of targets without data.

    `names` gives each indicator's name in the page's language.
    """
    targets = [t for t in catalog.targets if t.preferred]  # one version of each target
    rows = trajectories.set_index("target_id")
    rows = rows.loc[[t.id for t in targets if t.id in rows.index]]
    n = len(rows)
    if n == 0:
        return []
    sentences = [deadline_sentence(rows.reset_index(), msgs)]
    with_data = [t for t in targets if t.id in rows.index
                 and int(rows.loc[t.id, "n_points"]) > 0]
    if not with_data:
        sentences.append(msgs("hl_none_checkable", n=n))
        return sentences
    sentences.append(msgs("hl_checkable", k=len(with_data), n=n))
    for target in with_data[:most]:
        row, name = rows.loc[target.id], names[target.indicator]
        sentences.append(expected_sentence(row, target, name, fmt, msgs)
                         or target_sentence(row, target, name, fmt, msgs))
    if len(with_data) > most:
        sentences.append(msgs("hl_more", k=len(with_data) - most))
    if n > len(with_data):
        sentences.append(msgs("hl_gaps", m=n - len(with_data)))
    return sentences


# --- The headline section: every plan's sentences, then the counts of its verdicts ----------

def headline_counts(b: BriefingData) -> dict[str, int]:
    """Targets per summary verdict, one version of each target (each "unconfirmed" form
    counted on its own)."""
    judged = b.trajectories[b.trajectories["preferred"].astype(bool)]
    counts = judged["verdict"].value_counts()
    return {c: int(counts.get(c, 0)) for c in SUMMARY_VERDICTS}


def _counts_text(b: BriefingData) -> str:
    return "; ".join(f"{b.msgs.status(c)}: {n}" for c, n in headline_counts(b).items() if n)


def plan_headline(b: BriefingData, plan: Catalog) -> list[str]:
    names = {i: ind.name(b.lang) for i, ind in b.codebook.indicators.items()}
    return headline_sentences(b.trajectories, plan, b.fmt, b.msgs, names)


def headline_context(b: BriefingData) -> dict:
    """The green-growth plan(s)' sentences (the other plans' targets are in the verdict
    matrix and under "Other plans"), then the counts of every target of every plan."""
    return {"heading": b.msgs("headline"),
            "plans": [{"name": b.plan_name(p), "text": " ".join(plan_headline(b, p))}
                      for p in b.lead_plans],
            "counts": b.msgs("headline_text", n=len(b.targets), parts=_counts_text(b))}


def headline_html(b: BriefingData) -> str:
    """The generated headline of the green-growth plan(s), then the counts of all targets."""
    return render("headline.html.j2", **headline_context(b))
