"""What the API keeps in memory for one revision of the data: finished answers (least
recently used first out, bounded in number and bytes) and data loaded once for many answers
(a municipality's observation rows). A new revision starts afresh. Shared by the worker's
threads: what it gives must be treated as read-only."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sdgplan.web.deps import Revision

T = TypeVar("T")

MAX_ANSWERS = 512
MAX_BYTES = 64_000_000
MAX_ANSWER_BYTES = 8_000_000  # a larger answer is made again each time


class RevisionCache:
    def __init__(
        self,
        *,
        max_answers: int = MAX_ANSWERS,
        max_bytes: int = MAX_BYTES,
        max_answer_bytes: int = MAX_ANSWER_BYTES,
    ) -> None:
        self.max_answers = max_answers
        self.max_bytes = max_bytes
        self.max_answer_bytes = max_answer_bytes
        self._lock = threading.Lock()
        self._revision: Revision | None = None
        self._answers: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._loaded: dict[Hashable, Any] = {}

    def answer(self, revision: Revision, key: Hashable) -> Any | None:
        """The answer kept under `key` for `revision`, or None."""
        with self._lock:
            self._start(revision)
            found = self._answers.get(key)
            if found is None:
                return None
            self._answers.move_to_end(key)
            return found[0]

    def keep_answer(self, revision: Revision, key: Hashable, value: Any, size: int) -> None:
        """Keep `value` (of `size` bytes) under `key`, dropping the least recently used
        answers beyond the bounds; nothing is kept for an older revision or a huge answer."""
        if size > self.max_answer_bytes:
            return
        with self._lock:
            if self._revision is None:
                self._start(revision)
            if revision != self._revision:
                return
            old = self._answers.pop(key, None)
            self._bytes += size - (old[1] if old else 0)
            self._answers[key] = (value, size)
            while self._answers and (
                len(self._answers) > self.max_answers or self._bytes > self.max_bytes
            ):
                self._bytes -= self._answers.popitem(last=False)[1][1]

    def loaded(self, revision: Revision, key: Hashable, load: Callable[[], T]) -> T:
        """What `load()` gives, loaded once per revision (two threads may both load it)."""
        with self._lock:
            self._start(revision)
            if key in self._loaded:
                found: T = self._loaded[key]
                return found
        value = load()
        with self._lock:
            if revision == self._revision:
                self._loaded[key] = value
        return value

    def __len__(self) -> int:
        return len(self._answers)

    def _start(self, revision: Revision) -> None:
        if revision != self._revision:
            self._revision = revision
            self._answers.clear()
            self._loaded.clear()
            self._bytes = 0
