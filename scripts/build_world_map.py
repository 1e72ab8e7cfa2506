"""Build crm/dashboard/world_map.json, the dashboard's offline world map, from world-atlas.

    python scripts/build_world_map.py                   # npm pack world-atlas@2.0.2 into a temp dir
    python scripts/build_world_map.py PATH              # a world-atlas .tgz or countries-110m.json

Run it again only to change the map; its output is committed so the app needs no network.
Countries are SVG paths in the Equal Earth projection, keyed by ISO 3166-1 alpha-2 code.
"""

import json
import math
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import pycountry

PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/countries-110m.json"
OUTPUT = Path(__file__).resolve().parent.parent / "crm" / "dashboard" / "world_map.json"
SOURCE = (
    "Natural Earth 1:110m countries (public domain) through the npm package world-atlas 2.0.2 "
    "(ISC licence, Copyright 2013-2019 Michael Bostock); Equal Earth projection; "
    "built by scripts/build_world_map.py"
)
WIDTH = 1000
MIN_STEP = 0.5  # pixels: a point closer than this to the last one kept adds nothing visible
DROPPED = {"AQ"}  # Antarctica: a large, empty band at the bottom
# Shapes with no ISO 3166-1 number: Kosovo keeps its own user-assigned code; Somaliland and
# Northern Cyprus are drawn with the country an organization there is recorded in.
NO_ISO_NUMBER = {"Kosovo": "XK", "Somaliland": "SO", "N. Cyprus": "CY"}

# Equal Earth (Šavrič, Patterson, Jenny 2018): the published polynomial coefficients.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2


def equal_earth(lon: float, lat: float) -> tuple[float, float]:
    """Longitude and latitude in degrees → x, y on the unit sphere (y grows northwards)."""
    theta = math.asin(M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = math.radians(lon) * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


X_MAX = equal_earth(180, 0)[0]
Y_MAX = equal_earth(0, 90)[1]
SCALE = WIDTH / (2 * X_MAX)
HEIGHT = round(2 * Y_MAX * SCALE, 1)


def to_view_box(lon: float, lat: float) -> tuple[float, float]:
    x, y = equal_earth(lon, lat)
    return (x + X_MAX) * SCALE, (Y_MAX - y) * SCALE


Point = tuple[float, float]


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Each arc's longitudes and latitudes: undo the delta encoding, then the quantization."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        qx = qy = 0
        points = []
        for dx, dy in arc:
            qx, qy = qx + dx, qy + dy
            points.append((qx * scale_x + shift_x, qy * scale_y + shift_y))
        arcs.append(simplify(points))
    return arcs


def simplify(points: list[Point]) -> list[Point]:
    """Drop points closer than MIN_STEP on the map to the last one kept, keeping both ends.

    Arcs are simplified on their own, before rings are stitched, so that two neighbours still
    share exactly the same border.
    """
    kept = [points[0]]
    for point in points[1:-1]:
        if math.dist(to_view_box(*point), to_view_box(*kept[-1])) >= MIN_STEP:
            kept.append(point)
    kept.append(points[-1])
    return kept


def ring_points(indexes: list[int], arcs: list) -> list[Point]:
    """A ring from its arcs; a negative index ~i is arc i walked backwards."""
    points: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def cut_at_antimeridian(ring: list[Point]) -> list[list[Point]]:
    """The ring, or its pieces on either side of ±180° when it crosses there.

    world-atlas leaves that to d3 at drawing time: Russia's and Fiji's rings jump from +180 to
    -180 and back, which would draw bands across the whole map. The longitudes are unwrapped so
    that the ring runs on without jumps, then the ring is clipped to [-180, 180] as it is and
    shifted by ±360°.
    """
    unwrapped = [ring[0]]
    shift = 0
    for (lon, lat), (previous, _) in zip(ring[1:], ring, strict=False):
        if abs(lon - previous) > 180:
            shift -= 360 * round((lon - previous) / 360)
        unwrapped.append((lon + shift, lat))
    lons = [lon for lon, _ in unwrapped]
    if shift or (min(lons) >= -180 and max(lons) <= 180):
        return [ring]  # a ring around a pole (Antarctica) cannot be cut into closed pieces
    pieces = (clip([(lon + offset, lat) for lon, lat in unwrapped]) for offset in (-360, 0, 360))
    return [piece for piece in pieces if abs(area(piece)) > 1e-9]


def clip(ring: list[Point]) -> list[Point]:
    """Sutherland–Hodgman: the part of a closed ring between the meridians -180 and 180."""
    for edge, side in ((-180, 1), (180, -1)):
        clipped: list[Point] = []
        for start, end in zip(ring, ring[1:], strict=False):
            start_in, end_in = (start[0] - edge) * side >= 0, (end[0] - edge) * side >= 0
            if start_in:
                clipped.append(start)
            if start_in != end_in:
                share = (edge - start[0]) / (end[0] - start[0])
                clipped.append((edge, start[1] + share * (end[1] - start[1])))
        ring = [*clipped, clipped[0]] if clipped else []
    return ring


def area(ring: list[Point]) -> float:
    """Shoelace, in square degrees; zero for a piece that only runs along the cut."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2


def number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def ring_path(ring: list[Point]) -> str:
    """M…L…Z in view-box pixels to a tenth; empty when the ring shrinks below a triangle."""
    rounded: list[str] = []
    for lon, lat in ring[:-1]:  # the last point repeats the first: Z closes the ring
        x, y = to_view_box(lon, lat)
        pair = f"{number(x)},{number(y)}"
        if not rounded or rounded[-1] != pair:
            rounded.append(pair)
    if len(rounded) < 3:
        return ""
    return f"M{rounded[0]}L{' '.join(rounded[1:])}Z"


def geometry_path(geometry: dict, arcs: list) -> str:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    rings = (ring_points(indexes, arcs) for polygon in polygons for indexes in polygon)
    return "".join(ring_path(piece) for ring in rings for piece in cut_at_antimeridian(ring))


def country_code(geometry: dict) -> str | None:
    name = geometry.get("properties", {}).get("name", "?")
    if "id" not in geometry:
        code = NO_ISO_NUMBER.get(name)
        outcome = f"kept as {code}" if code else "skipped"
        print(f"note: {name} has no ISO 3166-1 number: {outcome}")
        return code
    country = pycountry.countries.get(numeric=geometry["id"])
    if country is None:
        print(f"note: {name} ({geometry['id']}) is unknown to pycountry: skipped")
        return None
    return country.alpha_2


def build(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    countries = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = country_code(geometry)
        if code is None or code in DROPPED or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        path = geometry_path(geometry, arcs)
        if path:
            countries[code] = countries.get(code, "") + path
        else:
            print(f"note: {code} is smaller than a pixel: skipped")
    return {
        "viewBox": f"0 0 {WIDTH} {number(HEIGHT)}",
        "source": SOURCE,
        "countries": dict(sorted(countries.items())),
    }


def read_topology(path: Path) -> dict:
    if path.suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    with tarfile.open(path) as archive:
        return json.load(archive.extractfile(MEMBER))


def fetch_package(folder: Path) -> Path:
    npm = shutil.which("npm")
    if npm is None:
        sys.exit("npm is needed to fetch world-atlas (or give the path of its .tgz)")
    result = subprocess.run(  # noqa: S603 (npm itself, arguments we wrote)
        [npm, "pack", PACKAGE, "--silent"], cwd=folder, check=True, capture_output=True, text=True
    )
    return folder / result.stdout.strip().splitlines()[-1]


def main(argv: list[str]) -> int:
    if argv:
        topology = read_topology(Path(argv[0]))
    else:
        with tempfile.TemporaryDirectory() as folder:
            topology = read_topology(fetch_package(Path(folder)))
    world_map = build(topology)
    OUTPUT.write_text(json.dumps(world_map, separators=(",", ":")) + "\n", encoding="utf-8")
    size = OUTPUT.stat().st_size
    print(f"{OUTPUT}: {len(world_map['countries'])} countries, {size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
