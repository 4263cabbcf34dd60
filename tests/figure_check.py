#!/usr/bin/python3
"""figure_check.py - how a printed figure reads, measured on its SVG alone.

    figure_check.py [--block a4|a4-landscape|WxH] [--details]
                    [--members FILE.dot] FILE.svg

Reads an SVG that Graphviz wrote (kgraph's figures, or plain dot, neato
and sfdp) and owes nothing to kgraph's code: the shapes as drawn
(ellipses, polygons, paths with their Bezier curves), the texts boxed with
the metrics of the font that fontconfig gives for their font-family (the
font the renderer used), the lines sampled on their exact cubic curves.
Prints one JSON object:

  width_pt, height_pt   the figure's size (the svg's width and height)
  fit                   the scale that fits it in the text block
  names_pt, labels_pt   the smallest entity name and relation label as
                        printed: font-size x the drawing's scale x fit
  entities, relations   how many of each are drawn (the key's are not)
  entity_overlaps       pairs of entity shapes that overlap
  key_overlaps          entity shapes that overlap a shape or text of the key
  text_overlaps         pairs of text blocks that overlap (names, relation
                        labels, xN labels, cluster titles, the key); the
                        lines of one label are one block
  labels_over_entities  relation labels whose box overlaps an entity shape
  names_outside         names whose box is not inside their entity's shape,
                        and cluster titles not inside their box (0.5 pt
                        tolerance)
  lines_over_titles     pairs of a relation line and a cluster title it
                        passes over (reported, not among the issue's counts)
  cluster_overlaps      pairs of cluster boxes that intersect with neither
                        inside the other
  entities_over_clusters  entities that straddle the edge of a cluster box;
                        with --members DOT (the figure's DOT, which says
                        who is in which cluster), also an entity of
                        another cluster or none anywhere over the box
  lines_through_entities  relations whose line passes through the inside
                        of an entity it does not end at
  line_entity_pairs     (relation, entity) pairs of the count before
  crossings             pairs of relation lines that cross (lines that share
                        an end are not counted); null past 1,500 lines

The key (legend) is the graph's own label (texts and shapes outside any
node, edge or cluster), a cluster whose name says legend or key, and the
nodes named kgraph_legend*: it counts for text overlaps and overlaps with
entities, but its nodes are not entities and its lines not relations.

Lengths are compared in the drawing's own units (points at 100%); a fault
must be deeper than EPS to count.  Python 3 and fontTools (Debian
python3-fonttools) only.
"""
import argparse
import json
import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

try:
    from fontTools.ttLib import TTFont
except ImportError:  # pragma: no cover
    sys.exit("figure_check.py needs fontTools (Debian: apt-get install python3-fonttools)")

SVG = "{http://www.w3.org/2000/svg}"
EPS = 0.25          # how deep a fault must be to count (pt at 100%)
NAME_TOL = 0.5      # a name may stick out of its shape by this much
BLOCKS = {"a4": (453.5, 680.3), "a4-landscape": (700.2, 453.5)}
UNITS = {"pt": 1.0, "px": 0.75, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4,
         "pc": 12.0, "": 0.75}


# ---- fonts ---------------------------------------------------------------

class Font:
    """Advance widths and glyph outlines' boxes of one TrueType face."""

    def __init__(self, path):
        f = TTFont(path, lazy=True)
        self.path = path
        self.upm = f["head"].unitsPerEm
        self.cmap = f.getBestCmap()
        self.hmtx = f["hmtx"].metrics
        self.glyf = f["glyf"] if "glyf" in f else None
        # the line's extent when a glyph's own box is not known
        self.ascent = f["OS/2"].sTypoAscender / self.upm
        self.descent = -f["OS/2"].sTypoDescender / self.upm
        self.boxes = {}

    def glyph(self, ch):
        g = self.cmap.get(ord(ch), ".notdef")
        return g if g in self.hmtx else ".notdef"

    def width(self, text, size):
        """The advance of the text at size: where the next text would start."""
        return sum(self.hmtx[self.glyph(ch)][0] for ch in text) * size / self.upm

    def glyph_box(self, g):
        if g not in self.boxes:
            box = None
            if self.glyf is not None:
                gl = self.glyf[g]
                if getattr(gl, "numberOfContours", 0):
                    if not hasattr(gl, "xMin"):
                        gl.recalcBounds(self.glyf)
                    box = (gl.xMin, gl.yMin, gl.xMax, gl.yMax)
            elif self.hmtx[g][0]:
                box = (0, -self.descent * self.upm, self.hmtx[g][0], self.ascent * self.upm)
            self.boxes[g] = box
        return self.boxes[g]

    def ink(self, text, size):
        """The box of the text's ink, its pen starting at 0 on the baseline,
        y up, in points at size; None for text with no ink."""
        pen, box = 0, None
        for ch in text:
            g = self.glyph(ch)
            b = self.glyph_box(g)
            if b:
                b = (pen + b[0], b[1], pen + b[2], b[3])
                box = b if box is None else (min(box[0], b[0]), min(box[1], b[1]),
                                             max(box[2], b[2]), max(box[3], b[3]))
            pen += self.hmtx[g][0]
        k = size / self.upm
        return None if box is None else tuple(v * k for v in box)


_fonts = {}


def font_for(family, weight, style):
    """The face fontconfig resolves the family to, as the renderer does."""
    fam = (family or "Times").split(",")[0].strip().strip("'\"")
    pattern = fam
    if weight and weight not in ("normal", "400"):
        pattern += ":bold"
    if style in ("italic", "oblique"):
        pattern += ":" + style
    if pattern not in _fonts:
        path = subprocess.run(["fc-match", "-f", "%{file}", pattern],
                              capture_output=True, text=True).stdout.strip()
        _fonts[pattern] = Font(path)
    return _fonts[pattern]


# ---- geometry ------------------------------------------------------------

def cubic(p0, p1, p2, p3, n):
    out = []
    for i in range(1, n + 1):
        t = i / n
        u = 1 - t
        out.append((u * u * u * p0[0] + 3 * u * u * t * p1[0] + 3 * u * t * t * p2[0] + t * t * t * p3[0],
                    u * u * u * p0[1] + 3 * u * u * t * p1[1] + 3 * u * t * t * p2[1] + t * t * t * p3[1]))
    return out


def straight(cur, a, b, step):
    """Appends to cur the points of the straight piece a-b after a, at most
    `step` apart."""
    n = max(1, int(math.dist(a, b) / step) + 1)
    cur.extend((a[0] + (b[0] - a[0]) * k / n, a[1] + (b[1] - a[1]) * k / n)
               for k in range(1, n + 1))


def path_points(d, step=0.5):
    """The points of an SVG path (M, L, C, H, V, Z; absolute and relative),
    its cubic curves and straight pieces sampled at most `step` apart (a
    line through a shape is found however it is drawn).  Returns a list of
    sub-paths, each a list of points."""
    toks = re.findall(r"[MmLlCcHhVvZzQqSs]|-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?", d)
    subs, cur, pos, start = [], [], (0.0, 0.0), (0.0, 0.0)
    i, cmd = 0, None
    while i < len(toks):
        if re.match(r"[A-Za-z]", toks[i]):
            cmd = toks[i]
            i += 1
            if cmd in "Zz":
                if cur:
                    cur.append(start)
                pos = start
                continue
        rel = cmd.islower()
        c = cmd.upper()

        def num(k):
            return float(toks[i + k])
        if c == "M":
            p = (num(0) + (pos[0] if rel else 0), num(1) + (pos[1] if rel else 0))
            if len(cur) > 1:
                subs.append(cur)
            cur, pos, start = [p], p, p
            i += 2
            cmd = "l" if rel else "L"
        elif c == "L":
            p = (num(0) + (pos[0] if rel else 0), num(1) + (pos[1] if rel else 0))
            straight(cur, pos, p, step)
            pos = p
            i += 2
        elif c == "H":
            p = (num(0) + (pos[0] if rel else 0), pos[1])
            straight(cur, pos, p, step)
            pos = p
            i += 1
        elif c == "V":
            p = (pos[0], num(0) + (pos[1] if rel else 0))
            straight(cur, pos, p, step)
            pos = p
            i += 1
        elif c == "C":
            o = pos if rel else (0.0, 0.0)
            p1 = (num(0) + o[0], num(1) + o[1])
            p2 = (num(2) + o[0], num(3) + o[1])
            p3 = (num(4) + o[0], num(5) + o[1])
            length = (math.dist(pos, p1) + math.dist(p1, p2) + math.dist(p2, p3))
            cur.extend(cubic(pos, p1, p2, p3, max(2, int(length / step) + 1)))
            pos = p3
            i += 6
        elif c == "Q":  # not written by Graphviz; as a cubic
            o = pos if rel else (0.0, 0.0)
            q = (num(0) + o[0], num(1) + o[1])
            p3 = (num(2) + o[0], num(3) + o[1])
            p1 = (pos[0] + 2 / 3 * (q[0] - pos[0]), pos[1] + 2 / 3 * (q[1] - pos[1]))
            p2 = (p3[0] + 2 / 3 * (q[0] - p3[0]), p3[1] + 2 / 3 * (q[1] - p3[1]))
            length = math.dist(pos, q) + math.dist(q, p3)
            cur.extend(cubic(pos, p1, p2, p3, max(2, int(length / step) + 1)))
            pos = p3
            i += 4
        else:
            raise ValueError("path command %s not read" % cmd)
    if len(cur) > 1:
        subs.append(cur)
    return subs


def ellipse_points(cx, cy, rx, ry, n=96):
    return [(cx + rx * math.cos(2 * math.pi * k / n), cy + ry * math.sin(2 * math.pi * k / n))
            for k in range(n)]


def bbox(pts):
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return (min(xs), min(ys), max(xs), max(ys))


def boxes_meet(a, b, eps=EPS):
    return (min(a[2], b[2]) - max(a[0], b[0]) > eps and
            min(a[3], b[3]) - max(a[1], b[1]) > eps)


def box_inside(inner, outer, tol=0.0):
    return (inner[0] >= outer[0] - tol and inner[1] >= outer[1] - tol and
            inner[2] <= outer[2] + tol and inner[3] <= outer[3] + tol)


def inside(poly, p):
    """Even-odd rule: is p inside the polygon?"""
    x, y = p
    c = False
    n = len(poly)
    for k in range(n):
        (x1, y1), (x2, y2) = poly[k], poly[k - 1]
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            c = not c
    return c


def seg_dist(p, a, b):
    dx, dy = b[0] - a[0], b[1] - a[1]
    L = dx * dx + dy * dy
    t = 0.0 if L == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / L))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def depth(poly, p):
    """How far inside the polygon p is (negative: outside)."""
    d = min(seg_dist(p, poly[k - 1], poly[k]) for k in range(len(poly)))
    return d if inside(poly, p) else -d


def segs_cross(a, b, c, d):
    def orient(p, q, r):
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    o1, o2 = orient(a, b, c), orient(a, b, d)
    o3, o4 = orient(c, d, a), orient(c, d, b)
    return o1 * o2 < 0 and o3 * o4 < 0


class Shape:
    """A closed outline: polygon points and its box."""

    def __init__(self, pts):
        if len(pts) > 1 and pts[0] == pts[-1]:
            pts = pts[:-1]
        self.pts = pts
        self.box = bbox(pts)

    def area(self):
        return (self.box[2] - self.box[0]) * (self.box[3] - self.box[1])

    def overlaps(self, other, eps=EPS):
        """Do the two outlines overlap by more than eps?"""
        if not boxes_meet(self.box, other.box, eps):
            return False
        for a, b in ((self, other), (other, self)):
            bx = b.box
            for p in a.pts:
                if bx[0] < p[0] < bx[2] and bx[1] < p[1] < bx[3] and \
                        inside(b.pts, p) and depth(b.pts, p) > eps:
                    return True
        # edges crossing with no vertex deep inside (two boxes as a cross):
        # test points along the long edges
        for a, b in ((self, other), (other, self)):
            n = len(a.pts)
            bx = b.box
            for k in range(n):
                p, q = a.pts[k - 1], a.pts[k]
                steps = int(math.dist(p, q))
                for s in range(1, steps):
                    r = (p[0] + (q[0] - p[0]) * s / steps, p[1] + (q[1] - p[1]) * s / steps)
                    if bx[0] < r[0] < bx[2] and bx[1] < r[1] < bx[3] and \
                            inside(b.pts, r) and depth(b.pts, r) > eps:
                        return True
        return False

    def meets_box(self, box, eps=EPS):
        """Does the outline overlap the rectangle by more than eps?"""
        if not boxes_meet(self.box, box, eps):
            return False
        x0, y0, x1, y1 = box[0] + eps, box[1] + eps, box[2] - eps, box[3] - eps
        if x0 >= x1 or y0 >= y1:
            return False
        rect = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
        if any(inside(self.pts, p) for p in rect):
            return True
        if any(x0 < p[0] < x1 and y0 < p[1] < y1 for p in self.pts):
            return True
        n = len(self.pts)
        for k in range(n):
            for j in range(4):
                if segs_cross(self.pts[k - 1], self.pts[k], rect[j - 1], rect[j]):
                    return True
        return False


def shape_of(el):
    tag = el.tag.replace(SVG, "")
    if tag == "ellipse":
        return Shape(ellipse_points(float(el.get("cx")), float(el.get("cy")),
                                    float(el.get("rx")), float(el.get("ry"))))
    if tag in ("polygon", "polyline"):
        nums = [float(v) for v in re.split(r"[\s,]+", el.get("points").strip()) if v]
        return Shape(list(zip(nums[0::2], nums[1::2])))
    if tag == "path":
        subs = path_points(el.get("d"))
        pts = [p for s in subs for p in s]
        return Shape(pts) if len(pts) > 2 else None
    if tag == "rect":
        x, y = float(el.get("x", 0)), float(el.get("y", 0))
        w, h = float(el.get("width")), float(el.get("height"))
        return Shape([(x, y), (x + w, y), (x + w, y + h), (x, y + h)])
    return None


# ---- reading the SVG -----------------------------------------------------

def length_pt(v):
    m = re.match(r"\s*([0-9.]+)\s*([a-z]*)", v or "")
    return float(m.group(1)) * UNITS.get(m.group(2), 0.75)


def transform_scale(t):
    """The linear scale of an SVG transform list (rotations keep it)."""
    s = 1.0
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", t or ""):
        a = [float(v) for v in re.split(r"[\s,]+", args.strip()) if v]
        if name == "scale":
            sx, sy = a[0], a[1] if len(a) > 1 else a[0]
            s *= math.sqrt(abs(sx * sy))
        elif name == "matrix":
            s *= math.sqrt(abs(a[0] * a[3] - a[1] * a[2]))
    return s


def is_visible_fill(el):
    fill = el.get("fill", "black")
    stroke = el.get("stroke", "black")
    return not (fill in ("none", "transparent") and stroke in ("none", "transparent"))


class TextBlock:
    def __init__(self, kind, owner, lines):
        self.kind = kind      # name, label, cluster, key
        self.owner = owner    # node or edge or cluster title
        self.lines = lines    # [(text, box, size)]
        bs = [b for _, b, _ in lines]
        self.box = (min(b[0] for b in bs), min(b[1] for b in bs),
                    max(b[2] for b in bs), max(b[3] for b in bs))
        self.size = min(s for _, _, s in lines)
        self.text = " / ".join(t for t, _, _ in lines)


def text_line(el):
    """A <text>'s content, its ink box in the drawing (None: no ink), its
    size, x and anchor.  The pen starts where the anchor puts the text's
    advance width; the box is the union of its glyphs' outlines."""
    content = "".join(el.itertext())
    size = float(el.get("font-size", "14"))
    f = font_for(el.get("font-family"), el.get("font-weight"), el.get("font-style"))
    w = f.width(content, size)
    x, y = float(el.get("x", 0)), float(el.get("y", 0))
    anchor = el.get("text-anchor", "start")
    x0 = x - w / 2 if anchor == "middle" else x - w if anchor == "end" else x
    ink = f.ink(content, size)
    box = None if ink is None else (x0 + ink[0], y - ink[3], x0 + ink[2], y - ink[1])
    return content, box, size, x, anchor


def blocks_of(texts, kind, owner, whole=False):
    """The text blocks of one group's <text>s in order: a line joins the block
    before it when it has the same x and anchor and follows it by at most
    1.5 lines (the lines of one label), or always when `whole`."""
    out, cur, last = [], [], None
    for el in texts:
        content, box, size, x, anchor = text_line(el)
        if box is None:
            continue
        y = float(el.get("y", 0))
        if cur and not whole and not (
                abs(x - last[0]) < 0.05 and anchor == last[1] and
                0 < y - last[2] <= 1.5 * max(size, last[3])):
            out.append(TextBlock(kind, owner, cur))
            cur = []
        cur.append((content, box, size))
        last = (x, anchor, y, size)
    if cur:
        out.append(TextBlock(kind, owner, cur))
    return out


class Figure:
    def __init__(self, path):
        tree = ET.parse(path)
        root = tree.getroot()
        self.width = length_pt(root.get("width"))
        self.height = length_pt(root.get("height"))
        vb = [float(v) for v in re.split(r"[\s,]+", root.get("viewBox", "").strip()) if v]
        unit = self.width / vb[2] if len(vb) == 4 and vb[2] else 1.0
        self.scale = unit
        self.nodes = {}       # title -> {"shape": Shape|None, "texts": [TextBlock]}
        self.edges = []       # {"tail", "head", "lines": [[pts]], "texts": [...]}
        self.clusters = []    # {"title", "box", "texts", "key"}
        self.key_shapes = []  # Shape
        self.texts = []       # every TextBlock
        graph = None
        for g in root.iter(SVG + "g"):
            if g.get("class") == "graph":
                graph = g
                break
        if graph is None:
            graph = root
        self.scale *= transform_scale(graph.get("transform"))
        pending_edges = []
        first_polygon = True
        for child in graph:
            tag = child.tag.replace(SVG, "")
            cls = child.get("class", "")
            if tag == "g" and cls in ("node", "edge", "cluster"):
                title_el = child.find(SVG + "title")
                title = (title_el.text or "") if title_el is not None else ""
                shapes = [el for el in child.iter() if el.tag.replace(SVG, "") in
                          ("ellipse", "polygon", "polyline", "path", "rect")]
                texts = [el for el in child.iter() if el.tag == SVG + "text"]
                if cls == "node":
                    key = title.startswith("kgraph_legend")
                    outlines = [shape_of(el) for el in shapes if is_visible_fill(el)]
                    outlines = [s for s in outlines if s]
                    if key:
                        self.key_shapes.extend(outlines)
                        self.texts.extend(blocks_of(texts, "key", title))
                        continue
                    outline = max(outlines, key=Shape.area) if outlines else None
                    blocks = blocks_of(texts, "name", title, whole=True)
                    self.nodes[title] = {"shape": outline, "texts": blocks}
                    self.texts.extend(blocks)
                elif cls == "cluster":
                    key = bool(re.search(r"legend|key", title, re.I))
                    outlines = [shape_of(el) for el in shapes]
                    outlines = [s for s in outlines if s]
                    box = None
                    if outlines:
                        o = max(outlines, key=Shape.area)
                        box = o.box
                    blocks = blocks_of(texts, "key" if key else "cluster", title)
                    self.texts.extend(blocks)
                    self.clusters.append({"title": title, "box": box, "key": key})
                    if key and box:
                        self.key_shapes.append(Shape([(box[0], box[1]), (box[2], box[1]),
                                                      (box[2], box[3]), (box[0], box[3])]))
                else:
                    lines = []
                    for el in shapes:
                        if el.tag == SVG + "path":
                            lines.extend(path_points(el.get("d")))
                        elif el.tag == SVG + "polyline":  # a label's leader
                            nums = re.split(r"[\s,]+", el.get("points").strip())
                            pts = ["%s,%s" % (nums[k], nums[k + 1])
                                   for k in range(0, len(nums) - 1, 2)]
                            lines.extend(path_points("M" + " L".join(pts)))
                    blocks = blocks_of(texts, "label", title)
                    pending_edges.append((title, lines, blocks))
            elif tag == "text":
                self.texts.extend(blocks_of([child], "key", "(graph label)"))
            elif tag in ("polygon", "ellipse", "path", "polyline", "rect"):
                if first_polygon and tag == "polygon":
                    first_polygon = False  # the page's background
                    continue
                if is_visible_fill(child):
                    s = shape_of(child)
                    if s:
                        self.key_shapes.append(s)
        # the graph label's lines: regroup the loose key texts into blocks
        loose = [el for el in graph if el.tag == SVG + "text"]
        self.texts = [t for t in self.texts if t.owner != "(graph label)"]
        self.texts.extend(blocks_of(loose, "key", "(graph label)"))
        for title, lines, blocks in pending_edges:
            tail, head = self.ends(title)
            key = (tail is None and head is None and "kgraph_legend" in title)
            if key:
                self.texts.extend(TextBlock("key", b.owner, b.lines) for b in blocks)
                continue
            self.edges.append({"title": title, "tail": tail, "head": head,
                               "lines": lines, "texts": blocks})
            self.texts.extend(blocks)

    def ends(self, title):
        """The two nodes an edge's title a->b or a--b names."""
        for sep in ("->", "--"):
            pos = title.find(sep)
            while pos >= 0:
                a, b = title[:pos], title[pos + len(sep):]
                a, b = a.split(":")[0] if a not in self.nodes else a, \
                    b.split(":")[0] if b not in self.nodes else b
                if a in self.nodes and b in self.nodes:
                    return a, b
                pos = title.find(sep, pos + 1)
        return None, None


# ---- the counts ----------------------------------------------------------

def cluster_members(dot_text):
    """Which nodes each cluster of a DOT file holds, nested ones in their
    parents too: {cluster name: set of node ids}.  Reads statements as
    kgraph writes them (one a line): `subgraph "cluster_N" {`, a node
    `ID [` or `"ID" [`, and `}`."""
    members, open_ = {}, []
    for line in dot_text.splitlines():
        t = line.strip()
        m = re.match(r'subgraph\s+"?(cluster[^"\s{]*)"?\s*\{', t)
        if m:
            open_.append(m.group(1))
            members.setdefault(m.group(1), set())
            continue
        if t == "}" and open_:
            open_.pop()
            continue
        m = re.match(r'("(?:[^"\\]|\\.)*"|[A-Za-z_0-9.]+)\s*\[', t)
        if m and open_ and not t.startswith(("node", "edge", "graph")):
            node = m.group(1)
            if node.startswith('"'):
                node = node[1:-1].replace('\\"', '"')
            for c in open_:
                members[c].add(node)
    return members


def measure(fig, block, details, members=None):
    bw, bh = block
    fit = min(1.0, bw / fig.width, bh / fig.height) if fig.width and fig.height else 1.0
    printed = fig.scale * fit
    out = {"width_pt": round(fig.width, 1), "height_pt": round(fig.height, 1),
           "block_pt": [bw, bh], "fit": round(fit, 4)}
    names = [b.size for n in fig.nodes.values() for b in n["texts"]]
    labels = [b.size for e in fig.edges for b in e["texts"]]
    out["names_pt"] = round(min(names) * printed, 1) if names else None
    out["labels_pt"] = round(min(labels) * printed, 1) if labels else None
    ents = [(t, n["shape"]) for t, n in fig.nodes.items() if n["shape"]]
    out["entities"] = len(fig.nodes)
    out["relations"] = len(fig.edges)
    found = {k: [] for k in ("entity_overlaps", "key_overlaps", "text_overlaps",
                             "labels_over_entities", "names_outside", "cluster_overlaps",
                             "entities_over_clusters", "lines_through_entities")}

    # entities by the grid cells their boxes cover: only those that share
    # a cell can overlap, or hold a point of a line
    grid = {}
    for k, (t, sh) in enumerate(ents):
        for cell in cells(sh.box):
            grid.setdefault(cell, []).append(k)
    pairs = sorted({(a, b) for ks in grid.values() for a in ks for b in ks if a < b})
    for i, j in pairs:
        if ents[i][1].overlaps(ents[j][1]):
            found["entity_overlaps"].append([ents[i][0], ents[j][0]])
    key_texts = [t for t in fig.texts if t.kind == "key"]
    for t, s in ents:
        if any(s.overlaps(k) for k in fig.key_shapes) or \
                any(s.meets_box(k.box) for k in key_texts):
            found["key_overlaps"].append(t)

    texts = fig.texts
    order = sorted(range(len(texts)), key=lambda k: texts[k].box[0])
    for a in range(len(order)):
        ta = texts[order[a]]
        for b in range(a + 1, len(order)):
            tb = texts[order[b]]
            if tb.box[0] >= ta.box[2]:
                break
            if ta.kind == "name" and tb.kind == "name" and ta.owner == tb.owner:
                continue
            if boxes_meet(ta.box, tb.box):
                found["text_overlaps"].append([ta.text, tb.text])

    for e in fig.edges:
        for b in e["texts"]:
            near = sorted({k for cell in cells(b.box) for k in grid.get(cell, ())})
            hit = [ents[k][0] for k in near if ents[k][1].meets_box(b.box)]
            if hit:
                found["labels_over_entities"].append([b.text, hit])

    for t, n in fig.nodes.items():
        s = n["shape"]
        if not s:
            continue
        for b in n["texts"]:
            for _, box, _ in b.lines:
                corners = [(box[0] + NAME_TOL, box[1] + NAME_TOL), (box[2] - NAME_TOL, box[1] + NAME_TOL),
                           (box[2] - NAME_TOL, box[3] - NAME_TOL), (box[0] + NAME_TOL, box[3] - NAME_TOL)]
                if not all(inside(s.pts, c) for c in corners):
                    found["names_outside"].append([t, b.text])
                    break

    cl = [c for c in fig.clusters if c["box"]]
    # a cluster's title is a name too: inside its box
    for c in cl:
        for b in fig.texts:
            if b.kind == "cluster" and b.owner == c["title"] and \
                    not box_inside(b.box, c["box"], NAME_TOL):
                found["names_outside"].append([c["title"], b.text])
    for i in range(len(cl)):
        for j in range(i + 1, len(cl)):
            a, b = cl[i]["box"], cl[j]["box"]
            if boxes_meet(a, b) and not box_inside(a, b) and not box_inside(b, a):
                found["cluster_overlaps"].append([cl[i]["title"], cl[j]["title"]])
    for t, s in ents:
        for c in cl:
            if c["key"]:
                continue
            if not boxes_meet(s.box, c["box"]):
                continue
            stranger = members is not None and t not in members.get(c["title"], ())
            if stranger or not box_inside(s.box, c["box"], EPS):
                found["entities_over_clusters"].append([t, c["title"]])

    for e in fig.edges:
        through = []
        for line in e["lines"]:
            for p in line:
                for k in grid.get((int(p[0] // CELL), int(p[1] // CELL)), ()):
                    t, sh = ents[k]
                    if t in (e["tail"], e["head"]) or t in through:
                        continue
                    bx = sh.box
                    if bx[0] < p[0] < bx[2] and bx[1] < p[1] < bx[3] and \
                            inside(sh.pts, p) and depth(sh.pts, p) > EPS:
                        through.append(t)
        if through:
            found["lines_through_entities"].append([e["title"], sorted(through)])

    # lines over cluster titles (a title is text: a line over it hides it)
    titles = [b for b in fig.texts if b.kind == "cluster"]
    over = []
    for e in fig.edges:
        for b in titles:
            x0, y0, x1, y1 = b.box
            if any(x0 + EPS < p[0] < x1 - EPS and y0 + EPS < p[1] < y1 - EPS
                   for line in e["lines"] for p in line):
                over.append([e["title"], b.text])
    found["lines_over_titles"] = over

    for k, v in found.items():
        out[k] = len(v)
    out["line_entity_pairs"] = sum(len(x[1]) for x in found["lines_through_entities"])
    out["crossings"] = crossings(fig) if len(fig.edges) <= MAX_CROSSINGS else None
    if details:
        out["details"] = found
    return out


CELL = 32.0            # the grid's cell, in the drawing's units
MAX_CROSSINGS = 1500   # crossings are not counted past so many lines (slow)


def cells(box):
    for i in range(int(box[0] // CELL), int(box[2] // CELL) + 1):
        for j in range(int(box[1] // CELL), int(box[3] // CELL) + 1):
            yield (i, j)


def crossings(fig):
    """Pairs of relation lines that cross at least once, lines that share an
    end left out; the curves as segments about 4 pt long."""
    grid = {}
    for k, e in enumerate(fig.edges):
        for line in e["lines"]:
            pts = line[::8]
            if pts[-1] != line[-1]:
                pts.append(line[-1])
            for a in range(1, len(pts)):
                seg = (pts[a - 1], pts[a])
                for cell in cells(bbox(seg)):
                    grid.setdefault(cell, []).append((k, seg))
    pairs = set()
    for segs in grid.values():
        for x in range(len(segs)):
            i, s1 = segs[x]
            for y in range(x + 1, len(segs)):
                j, s2 = segs[y]
                if i == j or (min(i, j), max(i, j)) in pairs:
                    continue
                ei, ej = fig.edges[i], fig.edges[j]
                if {ei["tail"], ei["head"]} & {ej["tail"], ej["head"]}:
                    continue
                if segs_cross(s1[0], s1[1], s2[0], s2[1]):
                    pairs.add((min(i, j), max(i, j)))
    return len(pairs)


def parse_block(v):
    if v in BLOCKS:
        return BLOCKS[v]
    m = re.match(r"^([0-9.]+)x([0-9.]+)$", v)
    if not m:
        raise argparse.ArgumentTypeError("a block is a4, a4-landscape or WxH in pt")
    return float(m.group(1)), float(m.group(2))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("svg")
    ap.add_argument("--block", type=parse_block, default=BLOCKS["a4"])
    ap.add_argument("--details", action="store_true",
                    help="list what each count found")
    ap.add_argument("--members", metavar="DOT",
                    help="the figure's DOT: who is in which cluster")
    a = ap.parse_args()
    fig = Figure(a.svg)
    members = None
    if a.members:
        with open(a.members, encoding="utf-8") as f:
            members = cluster_members(f.read())
    json.dump(measure(fig, a.block, a.details, members), sys.stdout, ensure_ascii=False,
              indent=1 if a.details else None)
    print()


if __name__ == "__main__":
    main()
