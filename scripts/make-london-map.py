#!/usr/bin/env python3
"""Write Sources/BluelampApp/Layout/Map/LondonBoundaries.swift from the ONS borough boundaries (issue 22, "Maps").

Reads shared/data/geography/london-boroughs-2022-gen20.geojson (33 features: the 32 Met boroughs and the City of
London, EPSG:4326) and shared/data/geography/met-bcu-borough-lookup.csv (BCU name, borough name, GSS code), projects
the boundaries onto a flat plane about 1000 units wide, simplifies them, and writes them as SVG path data with a label
point for each borough and each BCU.

Projection: equirectangular, with longitude scaled by cos(51.5°). Across London's 45 km this distorts scale by under
half a per cent, which a map 1000 units wide cannot show, and the app can place a latitude and longitude on the same
plane with two multiplications. British National Grid would be truer but needs a datum shift the app would have to
repeat.

Simplification keeps the map's topology: the rings are cut into arcs where three boundaries meet, each arc is
simplified once (Douglas–Peucker), and each borough is put back together from the same simplified arcs, so
neighbouring boroughs still share an edge and no gaps or slivers open between them.

Usage, from the repository root (Python 3 standard library only):

    python3 scripts/make-london-map.py [--geography DIR] [--tolerance UNITS] [--output FILE]
"""

import argparse
import csv
import json
import math
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_GEOGRAPHY = os.path.join(os.path.dirname(REPO), "shared", "data", "geography")
DEFAULT_OUTPUT = os.path.join(REPO, "Sources", "BluelampApp", "Layout", "Map", "LondonBoundaries.swift")

WIDTH = 1000.0  # the viewBox's width; the height follows from London's shape
MARGIN = 8.0  # room for the thicker BCU outline at the edges
REFERENCE_LATITUDE = 51.5  # where the equirectangular projection keeps true scale
MINIMUM_PART_AREA = 6.0  # square units (about 0.02 km²): islands smaller than this do not show and are left out

# Labels moved by hand, in map units (right, down), where neighbouring BCUs' labels would touch: Central East's pole
# lies level with Central North's second line, and North East's close to Central East's.
LABEL_NUDGES = {"Central East": (0, 16), "North East": (14, 6)}

# The BCU enum's cases (Sources/BluelampCore/Organisation/BCU.swift), by the names the lookup file uses.
BCU_CASES = {
    "Central East": "centralEast",
    "Central North": "centralNorth",
    "Central South": "centralSouth",
    "Central West": "centralWest",
    "East Area": "eastArea",
    "North Area": "northArea",
    "North East": "northEast",
    "North West": "northWest",
    "South Area": "southArea",
    "South East": "southEast",
    "South West": "southWest",
    "West Area": "westArea",
}


# MARK: - Geometry


def perpendicular_distance(point, start, end):
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return math.hypot(px - ax, py - ay)
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def douglas_peucker(points, tolerance):
    """The points of an open line that Douglas–Peucker keeps; the ends are always kept."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        furthest, distance = None, tolerance
        for i in range(first + 1, last):
            d = perpendicular_distance(points[i], points[first], points[last])
            if d > distance:
                furthest, distance = i, d
        if furthest is not None:
            keep[furthest] = True
            stack.append((first, furthest))
            stack.append((furthest, last))
    return [p for p, k in zip(points, keep) if k]


def simplify_closed(points, tolerance):
    """A ring with no junctions: split it at the point furthest from its start and simplify both halves."""
    far = max(range(len(points)), key=lambda i: math.hypot(points[i][0] - points[0][0], points[i][1] - points[0][1]))
    first = douglas_peucker(points[: far + 1], tolerance)
    second = douglas_peucker(points[far:] + [points[0]], tolerance)
    return first + second[1:-1]


def area(ring):
    return 0.5 * sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1]))


def contains(rings, x, y):
    """Even–odd point-in-polygon over all the rings of a shape."""
    inside = False
    for ring in rings:
        j = len(ring) - 1
        for i in range(len(ring)):
            (xi, yi), (xj, yj) = ring[i], ring[j]
            if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
    return inside


def label_point(rings, edges):
    """The point inside `rings` furthest from every edge in `edges` (a pole of inaccessibility), found by a grid
    search refined around the best cell. Good enough to place a label, and deterministic."""
    xs = [p[0] for ring in rings for p in ring]
    ys = [p[1] for ring in rings for p in ring]
    left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
    step = max(right - left, bottom - top) / 40
    best, best_distance = None, -1.0

    def clearance(x, y):
        return min(perpendicular_distance((x, y), a, b) for a, b in edges)

    candidates = [
        (left + (i + 0.5) * step, top + (j + 0.5) * step)
        for i in range(int((right - left) / step) + 1)
        for j in range(int((bottom - top) / step) + 1)
    ]
    while step > 0.5:
        for x, y in candidates:
            if contains(rings, x, y):
                d = clearance(x, y)
                if d > best_distance:
                    best, best_distance = (x, y), d
        step /= 4
        bx, by = best
        candidates = [(bx + i * step, by + j * step) for i in range(-4, 5) for j in range(-4, 5)]
    return best


# MARK: - Reading and projecting


def read_boroughs(geography):
    with open(os.path.join(geography, "met-bcu-borough-lookup.csv"), newline="", encoding="utf-8") as f:
        bcu_by_code = {row["borough_gss_code"]: row["bcu"] for row in csv.DictReader(f)}
    with open(os.path.join(geography, "london-boroughs-2022-gen20.geojson"), encoding="utf-8") as f:
        features = json.load(f)["features"]
    boroughs = []
    for feature in features:
        properties, geometry = feature["properties"], feature["geometry"]
        code = properties["LAD22CD"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        rings = [[tuple(p) for p in ring[:-1]] for polygon in polygons for ring in polygon]
        bcu = bcu_by_code.get(code)
        if bcu is None and properties["policed_by"] == "Metropolitan Police Service":
            sys.exit(f"{properties['LAD22NM']} ({code}) is policed by the Met but has no BCU in the lookup")
        boroughs.append({"code": code, "name": properties["LAD22NM"], "bcu": bcu, "rings": rings})
    missing = set(bcu_by_code) - {b["code"] for b in boroughs}
    if missing:
        sys.exit(f"the lookup names boroughs with no boundary: {sorted(missing)}")
    return sorted(boroughs, key=lambda b: b["name"])


def make_projection(boroughs):
    lons = [p[0] for b in boroughs for ring in b["rings"] for p in ring]
    lats = [p[1] for b in boroughs for ring in b["rings"] for p in ring]
    factor = math.cos(math.radians(REFERENCE_LATITUDE))
    scale = (WIDTH - 2 * MARGIN) / ((max(lons) - min(lons)) * factor)  # units per degree of latitude
    west = min(lons) - MARGIN / (scale * factor)
    north = max(lats) + MARGIN / scale
    height = math.ceil((max(lats) - min(lats)) * scale + 2 * MARGIN)
    return {"west": west, "north": north, "scale": scale, "factor": factor, "height": height}


def project(projection, lon, lat):
    return (
        (lon - projection["west"]) * projection["factor"] * projection["scale"],
        (projection["north"] - lat) * projection["scale"],
    )


# MARK: - Arcs


def cut_into_arcs(boroughs):
    """Cuts every ring where its neighbours change, so a boundary two boroughs share becomes one arc they both use.
    Returns the unique arcs and, for each ring, the arcs (index, reversed) that make it up."""
    neighbours = {}
    for b in boroughs:
        for ring in b["rings"]:
            for i, p in enumerate(ring):
                pair = frozenset((ring[i - 1], ring[(i + 1) % len(ring)]))
                neighbours.setdefault(p, set()).add(pair)
    junctions = {p for p, pairs in neighbours.items() if len(pairs) > 1}

    arcs, index = [], {}
    for b in boroughs:
        b["ring_arcs"] = []
        for ring in b["rings"]:
            starts = [i for i, p in enumerate(ring) if p in junctions]
            if not starts:
                first = ring.index(min(ring))
                pieces = [ring[first:] + ring[:first] + [ring[first]]]
                closed = True
            else:
                rotated = ring[starts[0] :] + ring[: starts[0]]
                cuts = [i - starts[0] for i in starts] + [len(ring)]
                rotated.append(rotated[0])
                pieces = [rotated[a : b + 1] for a, b in zip(cuts, cuts[1:])]
                closed = False
            used = []
            for piece in pieces:
                key, flipped = tuple(piece), tuple(reversed(piece))
                if key in index:
                    used.append((index[key], False))
                elif flipped in index:
                    used.append((index[flipped], True))
                else:
                    index[key] = len(arcs)
                    arcs.append({"points": piece, "closed": closed, "users": []})
                    used.append((index[key], False))
                arcs[used[-1][0]]["users"].append(b)
            b["ring_arcs"].append(used)
    return arcs


def simplify_arcs(arcs, projection, tolerance):
    for arc in arcs:
        points = [project(projection, lon, lat) for lon, lat in arc["points"]]
        if arc["closed"]:
            simple = simplify_closed(points[:-1], tolerance)
            arc["simple"] = simple + [simple[0]]
        else:
            arc["simple"] = douglas_peucker(points, tolerance)


def rebuild_rings(borough, arcs):
    rings = []
    for used in borough["ring_arcs"]:
        ring = []
        for number, flipped in used:
            points = arcs[number]["simple"]
            points = list(reversed(points)) if flipped else points
            ring.extend(points[:-1])
        ring = [(round(x, 1), round(y, 1)) for x, y in ring]
        ring = [p for i, p in enumerate(ring) if p != ring[i - 1]]
        if len(ring) >= 3 and abs(area(ring)) >= MINIMUM_PART_AREA:
            rings.append(ring)
    return rings


def chain(lines):
    """Joins lines that meet end to end into longer ones, so a BCU's outline is drawn as a few continuous strokes
    with proper corners; drops lines that rounding has shrunk to a point and closed scraps too small to see."""
    lines = [[p for i, p in enumerate(line) if i == 0 or p != line[i - 1]] for line in lines]
    lines = [line for line in lines if len(line) > 1]
    joined = True
    while joined:
        joined = False
        for i, a in enumerate(lines):
            for j, b in enumerate(lines):
                if i == j or a[0] == a[-1]:
                    continue
                if a[-1] == b[0]:
                    merged = a + b[1:]
                elif a[-1] == b[-1]:
                    merged = a + list(reversed(b))[1:]
                else:
                    continue
                lines = [line for k, line in enumerate(lines) if k not in (i, j)] + [merged]
                joined = True
                break
            if joined:
                break
    # A closed scrap is where two neighbours' boundaries do not quite coincide in the source.
    return [line for line in lines if line[0] != line[-1] or abs(area(line[:-1])) >= MINIMUM_PART_AREA]


# MARK: - Writing Swift


def number(value):
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def path_data(rings, closed=True):
    parts = []
    for ring in rings:
        points = " ".join(f"{number(x)},{number(y)}" for x, y in ring)
        parts.append(f"M{points}" + ("Z" if closed else ""))
    return "".join(parts)


def swift_string(data, indent):
    """A multi-line Swift string literal whose lines end in `\\` (no newline), each within 120 columns."""
    room = 120 - len(indent) - 2
    lines, line = [], ""
    for token in data.replace("M", " M").split(" "):
        if not token:
            continue
        candidate = token if not line else f"{line} {token}" if not token.startswith("M") else line + token
        if len(candidate) > room and line:
            lines.append(line + (" \\" if not token.startswith("M") else "\\"))
            line = token
        else:
            line = candidate
    lines.append(line)
    body = "\n".join(indent + text for text in lines)
    return f'"""\n{body}\n{indent}"""'


HEADER = """\
// Generated by scripts/make-london-map.py: do not edit by hand. To regenerate, from the repository root:
//     python3 scripts/make-london-map.py --tolerance {tolerance:g}
// From shared/data/geography/london-boroughs-2022-gen20.geojson and met-bcu-borough-lookup.csv.
// Source: Office for National Statistics licensed under the Open Government Licence v.3.0.
// Contains OS data © Crown copyright and database right 2022.

import BluelampCore

/// London's 33 local authority areas (the 32 boroughs the Met polices and the City of London), projected
/// onto the plane of `LondonMap`'s SVG and simplified, with the Met's BCUs drawn over them (issue 22).
enum LondonBoundaries {{
    /// The equirectangular projection the paths were drawn in: a map unit is the same distance
    /// north–south and east–west at latitude 51.5°.
    static let projection = LondonMap.Projection(
        west: {west:.6f}, north: {north:.6f}, unitsPerDegree: {scale:.4f},
        longitudeFactor: {factor:.6f}, width: {width:g}, height: {height:g})

    /// Each area's boundary as SVG path data (one `M…Z` per ring, Douglas–Peucker at {tolerance:g} map
    /// units), in name order. `bcu` is nil for the City of London, which the City of London Police polices.
    static let boroughs: [LondonMap.Borough] = ["""

OUTLINES = """\
    ]

    /// Each BCU's outer boundary as SVG path data: the arcs between its boroughs and the rest of the map,
    /// left open (`M…` with no `Z`) because they are only ever stroked.
    static let bcuOutlines: [BCU: String] = ["""


def write_swift(boroughs, bcus, projection, tolerance, output):
    out = [HEADER.format(tolerance=tolerance, width=WIDTH, **projection)]
    for b in boroughs:
        bcu = f".{BCU_CASES[b['bcu']]}" if b["bcu"] else "nil"
        lx, ly = b["label"]
        out.append("        LondonMap.Borough(")
        out.append(f'            code: "{b["code"]}", name: "{b["name"]}", bcu: {bcu},')
        out.append(f"            label: LondonMap.Point(x: {number(lx)}, y: {number(ly)}),")
        out.append(f"            path: {swift_string(path_data(b['simple_rings']), ' ' * 16)}),")
    out.append(OUTLINES)
    for name in sorted(bcus):
        out.append(f"        .{BCU_CASES[name]}: {swift_string(bcus[name]['outline'], ' ' * 8)},")
    out.append("    ]")
    out.append("")
    out.append("    /// Where each BCU's label goes: the point inside it furthest from its outline.")
    out.append("    static let bcuLabels: [BCU: LondonMap.Point] = [")
    for name in sorted(bcus):
        x, y = bcus[name]["label"]
        out.append(f"        .{BCU_CASES[name]}: LondonMap.Point(x: {number(x)}, y: {number(y)}),")
    out.append("    ]")
    out.append("}")
    text = "\n".join(out) + "\n"
    for number_, line in enumerate(text.splitlines(), 1):
        if len(line) > 120:
            sys.exit(f"line {number_} is {len(line)} columns long: {line}")
    with open(output, "w", encoding="utf-8") as f:
        f.write(text)
    return len(text.encode("utf-8"))


# MARK: - Main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--geography", default=DEFAULT_GEOGRAPHY, help="folder with the GeoJSON and the BCU lookup")
    parser.add_argument("--tolerance", type=float, default=1.5, help="Douglas–Peucker tolerance in map units")
    parser.add_argument("--output", default=DEFAULT_OUTPUT)
    parser.add_argument("--svg", help="also write a plain SVG preview to this file")
    args = parser.parse_args()

    boroughs = read_boroughs(args.geography)
    projection = make_projection(boroughs)
    arcs = cut_into_arcs(boroughs)
    simplify_arcs(arcs, projection, args.tolerance)
    for b in boroughs:
        b["simple_rings"] = rebuild_rings(b, arcs)
        edges = [(r[i - 1], r[i]) for r in b["simple_rings"] for i in range(len(r))]
        b["label"] = label_point(b["simple_rings"], edges)

    bcus = {}
    for name in BCU_CASES:
        members = [b for b in boroughs if b["bcu"] == name]
        if not members:
            sys.exit(f"{name} has no boroughs")
        # An arc is on the BCU's outline when only one of its boroughs uses it; a closed arc is an island, left out
        # when it is too small to draw.
        def on_outline(arc):
            tiny = arc["closed"] and abs(area(arc["simple"][:-1])) < MINIMUM_PART_AREA
            return sum(1 for user in arc["users"] if user["bcu"] == name) == 1 and not tiny

        outline = [arc["simple"] for arc in arcs if on_outline(arc)]
        lines = chain([[(round(x, 1), round(y, 1)) for x, y in line] for line in outline])
        edges = [(line[i], line[i + 1]) for line in lines for i in range(len(line) - 1)]
        rings = [ring for b in members for ring in b["simple_rings"]]
        x, y = label_point(rings, edges)
        dx, dy = LABEL_NUDGES.get(name, (0, 0))
        bcus[name] = {"outline": path_data(lines, closed=False), "label": (x + dx, y + dy)}

    size = write_swift(boroughs, bcus, projection, args.tolerance, args.output)
    points = sum(len(r) for b in boroughs for r in b["simple_rings"])
    print(f"{args.output}: {size:,} bytes, {points:,} points, {len(arcs)} arcs, tolerance {args.tolerance:g}")

    if args.svg:
        paths = "\n".join(
            f'<path class="borough {"not-met" if not b["bcu"] else ""}" d="{path_data(b["simple_rings"])}">'
            f"<title>{b['name']}</title></path>"
            for b in boroughs
        )
        outlines = "\n".join(f'<path class="bcu-outline" d="{v["outline"]}"/>' for v in bcus.values())
        labels = "\n".join(
            f'<text x="{v["label"][0]:.1f}" y="{v["label"][1]:.1f}">{k}</text>' for k, v in bcus.items()
        )
        with open(args.svg, "w", encoding="utf-8") as f:
            f.write(
                f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH:g} {projection["height"]:g}">\n'
                "<style>.borough{fill:#eee;stroke:#888;stroke-width:.6}.not-met{fill:#bbb}"
                ".bcu-outline{fill:none;stroke:#000;stroke-width:2;stroke-linejoin:round}"
                "text{font:14px sans-serif;text-anchor:middle}</style>\n"
                f"{paths}\n{outlines}\n{labels}\n</svg>\n"
            )


if __name__ == "__main__":
    main()
