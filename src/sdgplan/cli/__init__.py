"""The `sdgplan` command line: parses options, calls the library, prints the result."""

from sdgplan.cli import assessment, database, examples, indicators, plans, reports  # noqa: F401
from sdgplan.cli.groups import cli

__all__ = ["cli"]
