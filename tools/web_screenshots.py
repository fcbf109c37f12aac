"""The README's pictures of the public site: the home page and an indicator page of the Asker
example, served by `sdgplan serve`'s application and taken with Debian's Chromium.

Run after changing the pages: .venv/bin/python tools/web_screenshots.py
Writes docs/images/web-home.png and docs/images/web-indicator.png.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # tests/browser.py: Chromium and a live server

PAGES = {
    "web-home.png": "/nb/",
    "web-indicator.png": "/nb/indicators/okonomi-disposisjonsfond",
}


def main() -> None:
    from tests.browser import chromium, serving

    from sdgplan.config import Settings
    from sdgplan.loading import load_example
    from sdgplan.store.db import make_engine, session_scope, upgrade
    from sdgplan.web.app import create_app

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'asker.db'}"
        engine = make_engine(url)
        upgrade(engine)
        with session_scope(engine) as session:
            load_example(session, "asker")
        engine.dispose()
        with serving(create_app(Settings(db=url))) as base, chromium() as browser:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            for name, path in PAGES.items():
                page.goto(base + path)
                if "/indicators/" in path:
                    page.locator("figure.chart svg").first.wait_for(state="visible")
                target = ROOT / "docs" / "images" / name
                page.screenshot(path=str(target), full_page=False)
                print(f"wrote {target.relative_to(ROOT)}")  # noqa: T201


if __name__ == "__main__":
    main()
