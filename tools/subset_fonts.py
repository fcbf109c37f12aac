"""Make the small WOFF2 fonts the reports embed, from Debian's font packages.

Run once when the fonts change (needs `apt-get install fonts-noto-core fonts-dejavu-core`
and the dev extras): .venv/bin/python tools/subset_fonts.py
"""

from pathlib import Path

from fontTools import subset

OUT = Path(__file__).resolve().parent.parent / "src" / "sdgplan" / "reports" / "fonts"
NOTO = Path("/usr/share/fonts/truetype/noto")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
# Latin with Norwegian and Sami letters, punctuation, super- and subscripts, currency.
TEXT_RANGES = (
    "U+0020-007E,U+00A0-017F,U+0218-021B,U+2010-2027,U+2030-203A,U+2070-209F,U+20AC,U+2122,U+2212"
)
SYMBOLS = "U+2714,U+2716,U+25C6,U+25B2,U+25BC,U+25CF,U+2013"


def make(source: Path, target: str, unicodes: str) -> None:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "tnum", "lnum"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=subset.parse_unicodes(unicodes))
    subsetter.subset(font)
    subset.save_font(font, str(OUT / target), options)


if __name__ == "__main__":
    for style in ("Regular", "Bold", "Italic"):
        make(NOTO / f"NotoSans-{style}.ttf", f"NotoSans-{style}.woff2", TEXT_RANGES)
    make(DEJAVU / "DejaVuSans.ttf", "DejaVuSans-Symbols.woff2", SYMBOLS)
