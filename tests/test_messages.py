"""Every user-facing message has an English translation, and a run speaks one language."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sdgplan.i18n import _, current_language, ngettext, use_language

ROOT = Path(__file__).resolve().parent.parent


def test_every_message_has_an_english_translation() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "update_messages.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_language_is_per_context_and_plural_follows_the_count() -> None:
    assert current_language() == "nb"
    with use_language("en"):
        assert _("Ikke målt") == "Not measured"
        assert current_language() == "en"
    assert _("Ikke målt") == "Ikke målt"
    assert (
        ngettext("%(count)s satsingsområde", "%(count)s satsingsområder", 1) % {"count": 1}
        == "1 satsingsområde"
    )
