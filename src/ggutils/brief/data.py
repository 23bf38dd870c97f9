"""Stage 3, what one briefing is made from: an entity's plans and the project's tables
(observations, sources, trajectories), in one language, with the few words every section
shares (a plan's name, a verdict's badge, a link relative to the page). Each section of the
page (ggutils.brief.briefing lists them) is a function of a `BriefingData`."""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ggutils.assess.series import Series, select_series
from ggutils.assess.settings import TrendSettings
from ggutils.assess.verdicts import VERDICT_CODES
from ggutils.brief.localize import Localizer
from ggutils.errors import GGUtilsError
from ggutils.paths import Layout
from ggutils.reference.indicators import Codebook
from ggutils.reference.marks import MARKS_FILE, VerdictMarks, verdict_marks
from ggutils.reference.messages import Messages
from ggutils.reference.provinces import Register
from ggutils.reference.targets import COUNTRY, GREEN_GROWTH_KINDS, Catalog, Target


def verdict_badge(code: str, msgs: Messages, codebook: Codebook, marks: VerdictMarks) -> dict:
    """A verdict for the `badge` macro: its word, its tone, and its colour, text colour and
    icon (the mark)."""
    mark = marks[code]
    return {"code": code, "label": msgs.status(code), "tone": codebook.verdicts[code].tone,
            "slug": mark.slug, "icon": mark.icon, "colour": mark.colour, "ink": mark.ink}


@dataclass
class BriefingData:
    """Everything one entity's briefing shows, in one language: its plans (newest first),
    each with its targets, and the country's series as context."""

    layout: Layout
    entity_id: str
    plans: list[Catalog]
    codebook: Codebook
    register: Register
    observations: pd.DataFrame
    sources: pd.DataFrame
    trajectories: pd.DataFrame
    msgs: Messages
    as_of: int
    settings: TrendSettings
    agencies: dict[str, str]
    as_of_run: bool = False  # judged as on 31 December of `as_of`: under reports/as-of-YEAR/

    @property
    def lang(self) -> str:
        return self.msgs.lang

    @property
    def fmt(self) -> Localizer:
        """Numbers, dates and texts in the page's language."""
        return Localizer(self.codebook, self.lang, self.msgs)

    # -- where the page is: links relative to it -----------------------------------------
    @property
    def page(self) -> Path:
        return self.layout.briefing_html(self.entity_id, self.lang,
                                        self.as_of if self.as_of_run else None)

    @property
    def depth(self) -> int:
        """How many folders the page lies inside reports/ (1, or 2 for an as-of page)."""
        return len(self.page.parent.relative_to(self.layout.reports).parts)

    def link_to(self, path: Path) -> str:
        """`path` (under reports/) relative to the page, as an href."""
        return posixpath.relpath(path.as_posix(), self.page.parent.as_posix())

    # -- words every section shares ---------------------------------------------------------
    def evaluated_on(self) -> str:
        """The evaluation date of the trajectories, as the page prints dates ('' when they
        do not record one)."""
        if "evaluation_date" not in self.trajectories or self.trajectories.empty:
            return ""
        recorded = str(self.trajectories["evaluation_date"].iloc[0])
        try:
            return self.fmt.date(dt.date.fromisoformat(recorded))
        except ValueError:
            return recorded

    @property
    def marks(self) -> VerdictMarks:
        """Each verdict's colour, text colour and icon (data/reference/verdict_marks.yml)."""
        return verdict_marks(self.layout.reference / MARKS_FILE, VERDICT_CODES)

    def verdict(self, code: str) -> dict:
        """A verdict for a badge: its label, its tone (from the codebook) and its mark."""
        return verdict_badge(code, self.msgs, self.codebook, self.marks)

    def agency(self, name: str) -> dict:
        return self.fmt.quote_or_text(name, self.agencies.get(name, ""))

    def plan_name(self, plan: Catalog) -> str:
        """'514/QĐ-UBND (2013)'."""
        return f"{self.fmt.document(plan.decision)} ({plan.decision.year})"

    def decision_text(self, plan: Catalog) -> str:
        """'514/QĐ-UBND of 16/07/2013 (Kon Tum Provincial People's Committee): title'
        (titles and issuers in the page's language where the catalog gives one)."""
        d, fmt = plan.decision, self.fmt
        when = fmt.date(d.date) if d.date else str(d.adopted_year)
        return (f"{fmt.document(d)} {self.msgs('of_date')} {when} ({fmt.issuer(d)}): "
                f"{fmt.decision_title(d)}")

    # -- the plans: the green-growth plan(s) first, then the others ----------------------
    @property
    def lead_plans(self) -> list[Catalog]:
        """The entity's green-growth action plan(s) (the country's strategies), newest first."""
        return [p for p in self.plans if p.decision.kind in GREEN_GROWTH_KINDS]

    @property
    def other_plans(self) -> list[Catalog]:
        """The entity's other plans (related plans), newest first."""
        return [p for p in self.plans if p.decision.kind not in GREEN_GROWTH_KINDS]

    def has_value(self, target: Target) -> bool:
        """Whether the target has at least one observed value (trajectories' n_points)."""
        return int(self.row(target)["n_points"]) > 0

    # -- the tables, for this entity ----------------------------------------------------------
    @property
    def targets(self) -> list[Target]:
        """The judged version of every target of every plan."""
        return [t for plan in self.plans for t in plan.targets if t.preferred]

    @functools.cached_property
    def _rows(self) -> pd.DataFrame:
        """The trajectories by target id (the first row of each), looked up by `row`."""
        return self.trajectories.drop_duplicates("target_id").set_index("target_id",
                                                                        drop=False)

    def row(self, target: Target) -> pd.Series:
        """The target's trajectories.csv row; a clear error when stage 2 is out of date."""
        if target.id not in self._rows.index:
            raise GGUtilsError(f"no trajectory for target {target.id!r} of "
                               f"{self.entity_id!r} in {self.layout.trajectories}: "
                               "re-run `ggutils project` after changing a catalog")
        return self._rows.loc[target.id]

    def series(self, entity: str, indicator: str) -> Series:
        """The series a target of `indicator` is judged on for `entity` (assess.series),
        selected once per page."""
        cache = self.__dict__.setdefault("_series", {})
        if (entity, indicator) not in cache:
            cache[(entity, indicator)] = select_series(self.observations, entity, indicator)
        return cache[(entity, indicator)]

    def used_observations(self) -> pd.DataFrame:
        """The entity's observations, and the country's for the same indicators (context)."""
        indicators = {t.indicator for plan in self.plans for t in plan.targets}
        obs = self.observations
        return obs[(obs["entity_id"] == self.entity_id)
                   | ((obs["entity_id"] == COUNTRY) & obs["indicator"].isin(indicators))]

    def listed_sources(self) -> pd.DataFrame:
        """The sources.csv rows of every source the page uses, in the sources list's order."""
        used = self.used_observations()
        return self.sources[self.sources["source_id"].isin(set(used["source_id"]))]

    def source_number(self, source_id: str) -> str:
        """A source's number in this page's sources list."""
        ids = list(self.listed_sources()["source_id"])
        return str(ids.index(source_id) + 1) if source_id in ids else source_id
