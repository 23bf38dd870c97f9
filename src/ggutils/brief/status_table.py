"""The status table of a briefing: one row per target of a plan that has an observed value
(a card on a phone), with its latest value, short citation and evidence, the country's value
where it reports the indicator, the verdict at the deadline and since it (or the outlook),
and what it would take. Targets without a value are listed under "Data owed" (brief.gaps)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ggutils.assess.series import evidence_parts
from ggutils.brief.data import BriefingData
from ggutils.brief.effort import effort_text
from ggutils.brief.render import render
from ggutils.reference.targets import COUNTRY, Catalog, Target

STATUS_FLAGS = {"year_uncertain": "flag_year_uncertain", "preliminary": "flag_preliminary",
                "year_inferred": "flag_year_inferred"}


@dataclass(frozen=True)
class StatusTable:
    """The status tables of one briefing (its words, numbers and verdicts)."""

    briefing: BriefingData

    @property
    def msgs(self):
        return self.briefing.msgs

    @property
    def fmt(self):
        return self.briefing.fmt

    @property
    def obs(self) -> pd.DataFrame:
        return self.briefing.observations

    def latest(self, target: Target, entity: str | None = None) -> dict:
        """The latest value used, its flag and a short citation into the sources list."""
        entity = entity or self.briefing.entity_id
        series = self.briefing.series(entity, target.indicator)
        if series.n == 0:
            return {"text": self.msgs("no_data"), "flag": "", "cite": ""}
        obs = self.obs
        latest = obs[(obs["entity_id"] == entity) & (obs["indicator"] == target.indicator)
                     & obs["preferred"].astype(bool)
                     & (obs["definition"] == series.definition)
                     & (obs["year"] == int(series.years[-1]))].iloc[0]
        flag = "" if latest["status"] == "final" else self.msgs(
            STATUS_FLAGS.get(latest["status"], "flag_estimate"),
            **({"printed": int(latest["year_as_printed"])}
               if latest["status"] == "year_inferred" else {}))
        qualifier = f"{self.msgs('qualifier_' + latest['qualifier'])} " \
            if latest["qualifier"] else ""
        return {"text": f"{qualifier}{self.fmt.value(latest['value'], target.indicator)} "
                        f"({int(latest['year'])})",
                "flag": flag, "cite": str(latest["source_id"]),
                "cite_label": self.briefing.source_number(str(latest["source_id"]))}

    def evidence(self, target: Target) -> str:
        """The evidence label in the briefing's language."""
        parts = evidence_parts(self.briefing.series(self.briefing.entity_id, target.indicator))
        if parts["n"] == 0:
            return self.msgs("evidence_none")
        text = self.msgs("evidence_text", strength=self.msgs(f"strength_{parts['strength']}"),
                         n=parts["n"], span=parts["span"], tiers=parts["tiers"])
        if parts["not_final"]:
            text += "; " + self.msgs("evidence_not_final", k=parts["not_final"])
        return text

    def _qualifier(self, row: pd.Series) -> str:
        """How sure a pace is: indicative (two points) or its 80 % interval of years."""
        if str(row["model"]).startswith("endpoint"):
            return self.msgs("hl_indicative", n=int(row["n_points"]))
        if pd.notna(row["crossing_year_low80"]) and pd.notna(row["crossing_year_high80"]):
            return self.msgs("hl_interval", low=int(row["crossing_year_low80"]),
                             high=int(row["crossing_year_high80"]))
        if pd.notna(row["crossing_year_low80"]):
            return self.msgs("hl_interval_open", low=int(row["crossing_year_low80"]))
        return ""

    def _reasons(self, row: pd.Series) -> str:
        reasons = row["unconfirmed_reason"]
        if not isinstance(reasons, str) or not reasons:
            return ""
        return "; ".join(self.msgs(f"reason_{r}") for r in reasons.split(","))

    def _value_year(self, value, year, target: Target) -> str:
        return f"{self.fmt.value(value, target.indicator)} ({int(year)})"

    def deadline_cell(self, target: Target, row: pd.Series) -> dict:
        """At the deadline: the verdict, the value it rests on, and why it is unconfirmed."""
        lines = []
        if pd.notna(row["observed_year_used"]):
            lines.append(self._value_year(row["observed_at_target_year"],
                                          row["observed_year_used"], target))
        if str(row["verdict_deadline"]).startswith("met") and self._reasons(row):
            lines.append(self._reasons(row))
        if row["verdict_deadline"] == "not verifiable yet" and pd.notna(row["expected_by"]):
            lines.append(self.msgs("cell_expected_by", month=row["expected_by"]))
        lines += self.definition_lines(target, row)
        return {"verdict": self.briefing.verdict(row["verdict_deadline"]), "lines": lines}

    def definition_lines(self, target: Target, row: pd.Series) -> list[str]:
        """A target set under a definition that has changed since: which ones, and both
        values of a year that has them (trajectories.csv `target_definition`...)."""
        then, now = row.get("target_definition"), row.get("definition")
        if not isinstance(then, str) or not isinstance(now, str) or then == now:
            return []
        lines = [self.msgs("definition_changed", year=int(row["decision_year"]),
                           then=self.msgs(f"definition_{then}"),
                           now=self.msgs(f"definition_{now}"))]
        if pd.notna(row.get("definition_compared_year")):
            lines.append(self.msgs(
                "definition_gap", year=int(row["definition_compared_year"]),
                value_then=self.fmt.value(row["definition_value_then"], target.indicator),
                value_now=self.fmt.value(row["definition_value_now"], target.indicator)))
        return lines

    def since_cell(self, target: Target, row: pd.Series) -> dict:
        """Since a passed deadline (the year met, or when the current pace would meet it);
        for a deadline ahead, the outlook with its projection to the target year."""
        if not bool(row["deadline_passed"]):
            return {"verdict": self.briefing.verdict(row["status_outlook"]),
                    "lines": self._projection(target, row)}
        since = str(row["verdict_since"])
        lines = []
        if since.startswith(("met later", "still met")):
            lines.append(self._value_year(row["met_value"], row["met_year"], target))
            if self._reasons(row):
                lines.append(self._reasons(row))
        elif pd.notna(row["crossing_year"]):
            lines.append(self.msgs("cell_crossing", year=int(row["crossing_year"]),
                                   qualifier=self._qualifier(row)))
        return {"verdict": self.briefing.verdict(since), "lines": lines}

    def _projection(self, target: Target, row: pd.Series) -> list[str]:
        if pd.isna(row["projected_target_year"]):
            return []
        text = self.msgs("cell_projection", year=int(row["target_year"]),
                         value=self.fmt.value(row["projected_target_year"], target.indicator))
        lines = [text]
        if pd.notna(row["pi80_low"]):
            lines.append(self.msgs("cell_interval",
                                   low=self.fmt.number(row["pi80_low"], target.indicator),
                                   high=self.fmt.number(row["pi80_high"], target.indicator)))
        if pd.notna(row["prob_met"]):
            lines.append(self.msgs("cell_probability",
                                   p=self.fmt.number(100 * row["prob_met"], target.indicator)))
        return lines

    def has_national_column(self, plan: Catalog) -> bool:
        """A provincial plan with at least one indicator the country reports."""
        if self.briefing.entity_id == COUNTRY:
            return False
        national = set(self.obs.loc[self.obs["entity_id"] == COUNTRY,
                                             "indicator"])
        return any(t.indicator in national for t in plan.targets)

    def status_rows(self, plan: Catalog) -> list[dict]:
        """The targets of `plan` with at least one observed value (every version of a
        target with conflicting sources, the judged one first)."""
        rows = []
        for target in sorted(plan.targets, key=lambda t: not t.preferred):
            row = self.briefing.row(target)
            if int(row["n_points"]) == 0:
                continue
            words = self.fmt.original_wording(target)  # the decision's words, then ours
            since = self.since_cell(target, row)
            effort = effort_text(self.briefing, row)
            if effort:
                since["lines"].append(effort)
            rows.append({
                "id": target.id, "wording": words["wording"], "label": words["label"],
                "other_version": "" if target.preferred else self.msgs("other_version"),
                "clause": self.fmt.clause(target),
                "goal": f"{self.fmt.goal(target)} ({target.target_year})",
                "latest": self.latest(target), "national": self.latest(target, COUNTRY),
                "deadline": self.deadline_cell(target, row),
                "since": since, "evidence": self.evidence(target)})
        return rows

    def status_table_html(self, plan: Catalog) -> str:
        """The plan's heading, then one row per target with data; a card per target on a
        phone."""
        keys = ["col_target", "col_goal", "col_latest", "col_at_deadline", "col_since"]
        national = self.has_national_column(plan)
        if national:
            keys.insert(3, "col_national")
        b = self.briefing
        return render("plan.html.j2", plan_id=plan.plan_id, name=b.plan_name(plan),
                      kind=self.msgs("plan_kind_" + plan.decision.kind),
                      decision=b.decision_text(plan),
                      heading=self.msgs("status_with_values"), national=national,
                      empty=self.msgs("status_none_with_values"),
                      columns=[self.msgs(k) for k in keys], rows=self.status_rows(plan))


def status_table_html(b: BriefingData, plan: Catalog) -> str:
    """One row per target of `plan` (see StatusTable)."""
    return StatusTable(b).status_table_html(plan)
