"""What every chart shares: a figure without pyplot's global state, PNG bytes and embedded
images, the theme (templates/chart_theme.yml), the verdict colours and the y axis of a
share."""

from __future__ import annotations

import functools
import io

import yaml
from IPython.display import Image
from matplotlib.figure import Figure

from ggutils.brief.render import TEMPLATES
from ggutils.reference.messages import Messages


def new_figure(**kwargs) -> Figure:
    """A figure with an Agg canvas, so that measuring text while laying it out reuses one
    renderer (without, a coverage heatmap made 37, each the size of the figure)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    return FigureCanvasAgg(Figure(**kwargs)).figure


def png_bytes(fig: Figure, dpi: int = 110) -> bytes:
    """A figure as PNG bytes (no reliance on the kernel's matplotlib backend)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    return buffer.getvalue()


def as_image(fig: Figure, alt: str = "", dpi: int = 110) -> Image:
    """A figure as an embedded PNG with alternative text."""
    return Image(data=png_bytes(fig, dpi), format="png", alt=alt or None)


THEME_FILE = TEMPLATES / "chart_theme.yml"
# seaborn's default colormap, "rocket", exists only once seaborn is imported (it registers it);
# no chart of ours draws with the default colormap (the heatmap names its own), so the theme
# leaves that setting to matplotlib.
NOT_IN_THEME = ("image.cmap",)


def seaborn_theme() -> dict:
    """seaborn's whitegrid style at "paper" scale, fonts x 1.25 (>= 8 pt on A4), as an rc
    dict, but NOT_IN_THEME: what THEME_FILE holds (imports seaborn, so scipy.stats: about
    1 s)."""
    import seaborn as sns

    rc = {**sns.axes_style("whitegrid"), **sns.plotting_context("paper", font_scale=1.25)}
    return {k: v for k, v in rc.items() if not k.startswith("_") and k not in NOT_IN_THEME}


@functools.lru_cache(maxsize=1)
def _theme() -> tuple:
    return tuple(yaml.safe_load(THEME_FILE.read_text(encoding="utf-8")).items())


def themed() -> dict:
    """The theme of every chart, an rc dict for `mpl.rc_context` (templates/chart_theme.yml:
    `seaborn_theme()` written out, so a briefing draws without importing seaborn)."""
    return dict(_theme())


def share_axis(ax, indicator, unit: str, msgs: Messages) -> None:
    """A bounded share keeps its zero in view, or the axis label says where it is cut (in
    the label, where no point can hide it). The y label is the unit."""
    ax.set_ylabel(unit)
    if indicator.lower is None or indicator.upper is None:
        return
    low, high = ax.get_ylim()
    low, high = max(low, indicator.lower), min(high, indicator.upper)
    if low - indicator.lower <= 0.35 * (indicator.upper - indicator.lower):
        low = indicator.lower
    else:
        ax.set_ylabel(f"{unit} ({msgs('chart_axis_cut', low=f'{low:.0f}')})")
    ax.set_ylim(low, high)


if __name__ == "__main__":  # write THEME_FILE again from the installed seaborn
    header = "".join(line for line in THEME_FILE.read_text(encoding="utf-8").splitlines(True)
                     if line.startswith("#"))
    THEME_FILE.write_text(header + yaml.safe_dump(seaborn_theme(), sort_keys=False),
                          encoding="utf-8")
