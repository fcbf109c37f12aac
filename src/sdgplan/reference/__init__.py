"""Reference data shipped with the package: the SDG catalogue and Norway's municipalities.

Sources and licences: `data/README.md` next to this file.
"""

from sdgplan.reference.municipalities import find_municipality, load_municipalities
from sdgplan.reference.sdg import load_sdg_catalogue

__all__ = ["find_municipality", "load_municipalities", "load_sdg_catalogue"]
