"""The indicator page's "Sammenligning": computed in `sdgplan.reports.comparison`, which the
report's key figures share."""

from sdgplan.reports.comparison import ComparisonSection, comparison_section

__all__ = ["ComparisonSection", "comparison_section"]
