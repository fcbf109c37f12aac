"""sdgplan: plan, steer and report a municipality by the UN Sustainable Development Goals."""

from sdgplan.version import __version__

__all__ = ["__version__"]
