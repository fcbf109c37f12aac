"""Assessment of goal attainment: rules, progress methods, verdicts and roll-ups."""

from sdgplan.assessment.batch import ProgressArrays, measure_progress_batch
from sdgplan.assessment.eurostat import EurostatCategory, EurostatTrend, eurostat_trend
from sdgplan.assessment.progress import Progress, ProgressStatus, measure_progress
from sdgplan.assessment.rollup import Assessment, assess_plan
from sdgplan.assessment.trend import Trend, TrendStatus, plain_trend

__all__ = [
    "Assessment",
    "EurostatCategory",
    "EurostatTrend",
    "Progress",
    "ProgressArrays",
    "ProgressStatus",
    "Trend",
    "TrendStatus",
    "assess_plan",
    "eurostat_trend",
    "measure_progress",
    "measure_progress_batch",
    "plain_trend",
]
