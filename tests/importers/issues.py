"""Issues as the tests compare them: where (file, line:column or sheet!cell) and message.

Independent of how `Issue.__str__` words the place, so the tests pin the importers' text.
"""

from sdgplan.domain.issues import Issue


def located(issue: Issue) -> str:
    place = issue.source
    if issue.line is not None:
        place += f", {issue.line}" + (f":{issue.column}" if issue.column is not None else "")
    return f"{place}: {issue.message}"
