"""What every chart shares: the theme written out in templates/chart_theme.yml, and a
briefing that draws without importing seaborn."""

from __future__ import annotations

from ggutils.brief.plots.figures import seaborn_theme, themed


def test_the_chart_theme_file_is_seaborns_theme():
    """templates/chart_theme.yml is seaborn's whitegrid/paper theme as the installed seaborn
    computes it, value for value and type for type (else: `python -m
    ggutils.brief.plots.figures`)."""
    theme, expected = themed(), seaborn_theme()
    assert theme == expected
    assert {k: type(v) for k, v in theme.items()} == {k: type(v) for k, v in expected.items()}


def test_a_briefing_draws_without_importing_seaborn():
    """A briefing's kernel imports the briefing's modules: seaborn (and with it scipy.stats,
    about 1 s a kernel, issue 23) is imported only by the charts that call it."""
    import subprocess
    import sys

    code = ("import sys, ggutils.brief.briefing, ggutils.brief.charts; "
            "print('seaborn' in sys.modules, 'scipy.stats' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.split() == ["False", "False"]
