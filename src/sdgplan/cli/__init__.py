"""The `sdgplan` command line: parses options, calls the library, prints the result."""

from sdgplan.cli import assessment, examples, indicators, plans  # noqa: F401  (registers)
from sdgplan.cli.groups import cli

__all__ = ["cli"]
