"""What a long command is doing, on one status line on stderr that is rewritten in place.

Shown only when stderr is a terminal: piped or redirected output (scripts, logs, tests)
gets nothing extra. The line is cleared when the command ends, also on an error.
"""

from __future__ import annotations

import shutil
import sys
import time
from types import TracebackType
from typing import IO

import click

CLEAR = "\r\x1b[K"  # to the line's start, and erase it


class Progress:
    """`stage(text)` shows "[2/4] text ..."; use it as a context manager."""

    def __init__(self, file: IO[str] | None, *, stages: int = 0, width: int = 80) -> None:
        self.file = file  # None: say nothing
        self.stages = stages
        self.width = width
        self.done = 0
        self.shown = False  # a status line is on the screen
        self.started = time.perf_counter()

    @classmethod
    def on_stderr(cls, stages: int = 0, *, terminal: bool | None = None) -> Progress:
        """A status line on stderr if that is a terminal (`terminal` overrides the check)."""
        on_terminal = stderr_is_terminal() if terminal is None else terminal
        width = shutil.get_terminal_size((80, 24)).columns
        return cls(sys.stderr if on_terminal else None, stages=stages, width=width)

    def stage(self, text: str) -> None:
        self.done += 1
        counter = f"[{self.done}/{self.stages}] " if self.stages else ""
        self._show(f"{counter}{text} ...")

    def clear(self) -> None:
        if self.shown:
            self._write(CLEAR)
            self.shown = False

    def echo(self, text: str, *, err: bool = False) -> None:
        """A line of the command's output: the status line gives way (the next stage shows
        it again)."""
        self.clear()
        click.echo(text, err=err)

    def elapsed(self) -> float:
        return time.perf_counter() - self.started

    def _show(self, line: str) -> None:
        if self.file is None:
            return
        limit = max(self.width - 1, 10)
        self._write(CLEAR + (line if len(line) <= limit else line[: limit - 1] + "…"))
        self.shown = True

    def _write(self, text: str) -> None:
        if self.file is not None:
            self.file.write(text)
            self.file.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.clear()


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()
