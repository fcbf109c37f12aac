"""A small HTTP fetcher over httpx: a timeout, bounded retries with exponential backoff for
5xx answers and transport errors, and 429 answers honoured (docs/sources.md, "SSB queries").

The clock is injectable: tests pass a fake `sleep` so they never wait. Each wait is said
through `progress` ("SSB 07459: venter 10 s (429)").
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx

from sdgplan.errors import SourceError
from sdgplan.i18n import _

Sleep = Callable[[float], None]
Progress = Callable[[str], None]

# Answers worth another try: the server is busy or broken for now (RFC 9110 section 15.6).
RETRIED_STATUSES = frozenset({500, 502, 503, 504})
TOO_MANY_REQUESTS = 429
# IETF draft (RateLimit-*) and the common X-RateLimit-* spellings; SSB documents none, so a
# 429 without any of them waits one rate window (SSB: 30 calls per 60 s per IP address,
# https://data.ssb.no/api/pxwebapi/v2/config).
REMAINING_HEADERS = ("ratelimit-remaining", "x-ratelimit-remaining")
RESET_HEADERS = ("ratelimit-reset", "x-ratelimit-reset")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 3  # tries in all, for 5xx, 429 and transport errors together
    backoff: float = 2.0  # seconds before the second try; doubled before each next one
    rate_window: float = 60.0  # wait after a 429 that says nothing about how long
    max_wait: float = 300.0  # a server asking for a longer wait is an error, not a nap


@dataclass(frozen=True)
class Response:
    """A final answer (2xx, or a 4xx that no retry can change) and how it was got."""

    method: str
    url: str
    status: int
    text: str
    headers: dict[str, str]
    attempts: int

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class Fetcher:
    """Requests against one service; `label` names the request in messages ("SSB 07459")."""

    timeout: float = 30.0
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    sleep: Sleep = time.sleep
    progress: Progress | None = None
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    transport: httpx.BaseTransport | None = None
    _client: httpx.Client | None = None
    _quota_wait: float = 0.0  # the last answer said no calls are left for this long

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.timeout,
                transport=self.transport,
                headers={"User-Agent": "sdgplan", "Accept": "application/json"},
            )
        return self._client

    def get(self, url: str, *, label: str) -> Response:
        return self.request("GET", url, label=label)

    def post(self, url: str, *, body: Any, label: str) -> Response:
        return self.request("POST", url, label=label, body=body)

    def request(self, method: str, url: str, *, label: str, body: Any = None) -> Response:
        """The answer to `method url`, retried as `policy` says; SourceError after the last
        try (5xx, 429 or no answer), naming `label` and what went wrong."""
        attempts = self.policy.attempts
        for attempt in range(1, attempts + 1):
            self._respect_quota(label)
            last = attempt == attempts
            try:
                answer = self.client.request(method, url, json=body)
            except httpx.TimeoutException as e:
                if last:
                    raise self._gave_up(label, _("fikk ikke svar innen {seconds} s"), e) from e
                self._wait(label, self._backoff(attempt), _("tidsavbrudd"), attempt)
                continue
            except httpx.TransportError as e:
                if last:
                    raise self._gave_up(label, _("fikk ikke kontakt ({error})"), e) from e
                self._wait(label, self._backoff(attempt), type(e).__name__, attempt)
                continue
            headers = {k.lower(): v for k, v in answer.headers.items()}
            self._note_quota(headers)
            if answer.status_code == TOO_MANY_REQUESTS:
                wait = self._rate_limit_wait(headers)
                if last or wait > self.policy.max_wait:
                    raise self._refused(label, answer.status_code, wait)
                self._wait(label, wait, "429", attempt)
                continue
            if answer.status_code in RETRIED_STATUSES:
                if last:
                    raise self._refused(label, answer.status_code, None)
                reason = f"HTTP {answer.status_code}"
                self._wait(label, self._backoff(attempt), reason, attempt)
                continue
            return Response(method, url, answer.status_code, answer.text, headers, attempt)
        raise AssertionError("unreachable: the last attempt returns or raises")

    def say(self, message: str) -> None:
        if self.progress is not None:
            self.progress(message)

    def _backoff(self, attempt: int) -> float:
        return float(self.policy.backoff * 2 ** (attempt - 1))

    def _wait(self, label: str, seconds: float, reason: str, attempt: int) -> None:
        self.say(
            _("{label}: venter {seconds} s ({reason}, forsøk {next} av {attempts})").format(
                label=label,
                seconds=_seconds(seconds),
                reason=reason,
                next=attempt + 1,
                attempts=self.policy.attempts,
            )
        )
        self.sleep(seconds)

    def _rate_limit_wait(self, headers: dict[str, str]) -> float:
        """Retry-After (seconds or an HTTP date), else a reset header, else one window."""
        retry_after = headers.get("retry-after", "").strip()
        if retry_after:
            seconds = _number(retry_after)
            if seconds is None:
                when = _http_date(retry_after)
                seconds = (when - self.now()).total_seconds() if when else None
            if seconds is not None:
                return max(seconds, 0.0)
        reset = _first_number(headers, RESET_HEADERS)
        return reset if reset is not None else self.policy.rate_window

    def _note_quota(self, headers: dict[str, str]) -> None:
        remaining = _first_number(headers, REMAINING_HEADERS)
        reset = _first_number(headers, RESET_HEADERS)
        self._quota_wait = reset if remaining == 0 and reset else 0.0

    def _respect_quota(self, label: str) -> None:
        if self._quota_wait > 0:
            seconds, self._quota_wait = min(self._quota_wait, self.policy.max_wait), 0.0
            self.say(
                _("{label}: venter {seconds} s (kvoten for spørringer er brukt opp)").format(
                    label=label, seconds=_seconds(seconds)
                )
            )
            self.sleep(seconds)

    def _gave_up(self, label: str, what: str, error: Exception) -> SourceError:
        problem = what.format(seconds=_seconds(self.timeout), error=type(error).__name__)
        return SourceError(
            _("{label}: {problem}, etter {attempts} forsøk").format(
                label=label, problem=problem, attempts=self.policy.attempts
            ),
            hint=_("Sjekk nettforbindelsen, eller prøv igjen senere."),
        )

    def _refused(self, label: str, status: int, wait: float | None) -> SourceError:
        if wait is not None and wait > self.policy.max_wait:
            message = _("{label}: tjenesten ber oss vente {seconds} s (HTTP {status})").format(
                label=label, seconds=_seconds(wait), status=status
            )
        else:
            message = _("{label}: tjenesten svarte HTTP {status} etter {attempts} forsøk").format(
                label=label, status=status, attempts=self.policy.attempts
            )
        return SourceError(message, hint=_("Prøv igjen senere."))


def _seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and value not in (float("inf"), float("-inf")) else None


def _first_number(headers: dict[str, str], names: tuple[str, ...]) -> float | None:
    for name in names:
        value = _number(headers.get(name, "").strip())
        if value is not None:
            return value
    return None


def _http_date(text: str) -> datetime | None:
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
