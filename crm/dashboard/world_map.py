"""The world map the dashboard shades by country, built offline by scripts/build_world_map.py.

Countries are keyed by ISO 3166-1 alpha-2 code, plus "XK" for Kosovo, which ISO leaves out;
Antarctica is not drawn; Somaliland and Northern Cyprus (no ISO code of their own) are drawn
with Somalia and Cyprus, where an organization there is recorded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MAP_FILE = Path(__file__).parent / "world_map.json"


@dataclass(frozen=True)
class WorldMap:
    view_box: str  # "0 0 1000 486.7": an Equal Earth projection of the whole globe
    countries: dict[str, str]  # alpha-2 code -> SVG path data, absolute coordinates
    source: str  # where the shapes come from and their licence, for a credit line


@cache
def world_map() -> WorldMap:
    data = json.loads(MAP_FILE.read_text(encoding="utf-8"))
    return WorldMap(view_box=data["viewBox"], countries=data["countries"], source=data["source"])
