"""loops.py turns OpenSCAD's DXF exports (LINE entities) into closed loops.

    loops.py COMMIT BRICK DEFS DXFDIR PLATE...

writes JSON to stdout: {"source", "commit", "brick", "defines", "unit",
"plates": {ID: [loop, ...]}}, every loop a list of [x, y] in inches, the
outline first (counter-clockwise) then holes (clockwise), each loop
starting at its lowest-leftmost vertex, so the output is deterministic.
Standard library only.
"""
import json
import sys


def lines(path):
    with open(path) as f:
        tok = [t.strip() for t in f.read().split("\n")]
    pairs = list(zip(tok[0::2], tok[1::2]))
    out, cur = [], None
    for code, val in pairs:
        if code == "0":
            if cur is not None:
                out.append(cur)
            cur = {} if val == "LINE" else None
        elif cur is not None and code in ("10", "20", "11", "21"):
            cur[code] = float(val)
    if cur is not None:
        out.append(cur)
    return [((l["10"], l["20"]), (l["11"], l["21"])) for l in out]


def key(p):
    return (round(p[0], 4), round(p[1], 4))


def chain(segs):
    nxt = {}
    for a, b in segs:
        if key(a) != key(b):
            nxt.setdefault(key(a), []).append(key(b))
    loops = []
    while nxt:
        start = min(nxt)
        loop, p = [start], start
        while True:
            q = nxt[p].pop()
            if not nxt[p]:
                del nxt[p]
            if q == start:
                break
            loop.append(q)
            p = q
        loops.append(loop)
    return loops


def area(loop):
    s = 0.0
    for i, p in enumerate(loop):
        q = loop[(i + 1) % len(loop)]
        s += p[0] * q[1] - q[0] * p[1]
    return s / 2


def canon(loop, ccw):
    if (area(loop) > 0) != ccw:
        loop = loop[::-1]
    i = loop.index(min(loop, key=lambda p: (p[1], p[0])))
    return loop[i:] + loop[:i]


def main():
    commit, brick, defs, d = sys.argv[1:5]
    plates = {}
    for p in sys.argv[5:]:
        ls = chain(lines(f"{d}/{p}.dxf"))
        ls.sort(key=lambda l: -abs(area(l)))
        out = [canon(ls[0], True)] + sorted((canon(l, False) for l in ls[1:]), key=lambda l: l[0])
        plates[p] = [[[x, y] for x, y in l] for l in out]
    doc = {"source": "github.com/OpenSourceEcology/CEB-Press v2509P", "commit": commit,
           "brick": brick, "defines": defs, "unit": "in", "plates": plates}
    json.dump(doc, sys.stdout, separators=(",", ":"), sort_keys=True)
    sys.stdout.write("\n")


main()
