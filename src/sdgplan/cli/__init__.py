"""The `sdgplan` command line: parses options, calls the library, prints the result."""

import sdgplan.cli.benefits  # noqa: F401  (benefits import, show, export)
import sdgplan.cli.boundaries  # noqa: F401  (import boundaries)
import sdgplan.cli.calendar  # noqa: F401  (calendar import, show, export, activity)
import sdgplan.cli.changes  # noqa: F401  (delete, log)
import sdgplan.cli.climate  # noqa: F401  (climate import, show, chart)
import sdgplan.cli.compare  # noqa: F401  (compare)
import sdgplan.cli.consultation  # noqa: F401  (consultation open, list, show, moderate, export)
import sdgplan.cli.diff  # noqa: F401  (diff plan)
import sdgplan.cli.fetch  # noqa: F401  (fetch)
import sdgplan.cli.klass  # noqa: F401  (fetch-klass)
import sdgplan.cli.kolada  # noqa: F401  (fetch-kolada)
import sdgplan.cli.materiality  # noqa: F401  (materiality import, show, chart)
import sdgplan.cli.method  # noqa: F401  (method import, show, export)
import sdgplan.cli.open_sdg  # noqa: F401  (import open-sdg, export open-sdg)
import sdgplan.cli.orgs  # noqa: F401  (org add, list, remove)
import sdgplan.cli.programme  # noqa: F401  (programme import, show, compare, export, restructuring)
import sdgplan.cli.rounds  # noqa: F401  (round open, list, board, remind, sign-off, report)
import sdgplan.cli.sdmx  # noqa: F401  (import sdmx, export sdmx)
import sdgplan.cli.suggest  # noqa: F401  (sdg suggest)
import sdgplan.cli.tokens  # noqa: F401  (token add, list, revoke)
import sdgplan.cli.users  # noqa: F401  (user add, list, remove, password)
import sdgplan.cli.web  # noqa: F401  (serve)
from sdgplan.cli import assessment, database, examples, indicators, plans, reports  # noqa: F401
from sdgplan.cli.groups import cli

__all__ = ["cli"]
