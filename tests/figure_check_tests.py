#!/usr/bin/python3
"""figure_check_tests.py - figure_check.py can fail: small hand-written
SVGs, each with exactly one known fault, and the count it must give.

    /usr/bin/python3 tests/figure_check_tests.py
"""
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import figure_check as fc  # noqa: E402

COUNTS = ("entity_overlaps", "key_overlaps", "text_overlaps", "labels_over_entities",
          "names_outside", "cluster_overlaps", "entities_over_clusters",
          "lines_through_entities")
FONT = 'font-family="DejaVu Sans" font-size="14.00"'


def svg(body, w=400, h=300, scale=1):
    """A figure as Graphviz writes it: the drawing under one scaled,
    translated group, y upwards (negative)."""
    return ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
            '<svg width="%dpt" height="%dpt" viewBox="0.00 0.00 %d %d" '
            'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
            '<g id="graph0" class="graph" transform="scale(%s %s) rotate(0) translate(4 %d)">\n'
            '<title>G</title>\n'
            '<polygon fill="white" stroke="transparent" points="-4,4 -4,-%d %d,-%d %d,4 -4,4"/>\n'
            '%s</g>\n</svg>\n' % (w, h, w, h, scale, scale, h - 4, h, w, h, w, body))


def ellipse(name, cx, cy, label=None, rx=40, ry=18, size=14):
    label = name if label is None else label
    return ('<g id="n-%s" class="node"><title>%s</title>\n'
            '<g id="a_n-%s"><a xlink:title="tip">\n'
            '<ellipse fill="#9ecae1" stroke="#3b6e8f" cx="%s" cy="%s" rx="%s" ry="%s"/>\n'
            '<text text-anchor="middle" x="%s" y="%s" font-family="DejaVu Sans" '
            'font-size="%.2f">%s</text>\n</a></g></g>\n'
            % (name, name, name, cx, cy, rx, ry, cx, cy + 5, size, label))


def box(name, x0, y0, x1, y1, label=None):
    label = name if label is None else label
    return ('<g class="node"><title>%s</title>\n'
            '<polygon fill="#f6d55c" stroke="#8a6d00" points="%s,%s %s,%s %s,%s %s,%s %s,%s"/>\n'
            '<text text-anchor="middle" x="%s" y="%s" %s>%s</text>\n</g>\n'
            % (name, x0, y0, x1, y0, x1, y1, x0, y1, x0, y0,
               (x0 + x1) / 2, (y0 + y1) / 2 + 5, FONT, label))


def edge(a, b, d, label=None, at=None, undirected=False):
    text = ''
    if label:
        text = ('<text text-anchor="middle" x="%s" y="%s" font-family="DejaVu Sans" '
                'font-size="10.00">%s</text>\n' % (at[0], at[1], label))
    return ('<g class="edge"><title>%s&#45;%s%s</title>\n'
            '<path fill="none" stroke="black" d="%s"/>\n%s</g>\n'
            % (a, "&#45;" if undirected else "&gt;", b, d, text))


def cluster(name, x0, y0, x1, y1, title):
    return ('<g class="cluster"><title>%s</title>\n'
            '<polygon fill="none" stroke="black" points="%s,%s %s,%s %s,%s %s,%s %s,%s"/>\n'
            '<text text-anchor="middle" x="%s" y="%s" %s>%s</text>\n</g>\n'
            % (name, x0, y0, x1, y0, x1, y1, x0, y1, x0, y0,
               (x0 + x1) / 2, y0 + 16, FONT, title))


# Three entities apart, two relations between neighbours, one labelled,
# and a key under them: every count 0.
CLEAN = (ellipse("a", 60, -200) + ellipse("b", 200, -200) + ellipse("c", 340, -200) +
         edge("a", "b", "M100,-200C130,-200 130,-200 160,-200", "knows", (130, -210)) +
         edge("b", "c", "M240,-200C270,-200 270,-200 300,-200", undirected=True) +
         '<polygon fill="#9ecae1" stroke="transparent" points="10,-40 10,-51 26,-51 26,-40 10,-40"/>\n'
         '<text text-anchor="start" x="34" y="-42" font-family="DejaVu Sans" font-size="11.00">person (3)</text>\n')

CASES = [
    ("clean", CLEAN, {}),
    ("two overlapping ellipses", ellipse("a", 100, -150) + ellipse("b", 150, -150, "b"),
     {"entity_overlaps": 1, "names_outside": 0}),
    ("two ellipses whose boxes meet but shapes do not",
     ellipse("a", 100, -150) + ellipse("b", 172, -182), {}),
    ("a relation label over another's name",
     ellipse("a", 60, -200) + ellipse("b", 300, -200) + ellipse("c", 180, -100, "c") +
     edge("a", "b", "M100,-200C180,-200 180,-200 260,-200", "about", (180, -92)),
     {"text_overlaps": 1, "labels_over_entities": 1}),
    ("a relation label over an entity, clear of its name",
     ellipse("a", 60, -200) + ellipse("b", 300, -200) + ellipse("c", 180, -100, "c", rx=60, ry=30) +
     edge("a", "b", "M100,-200C180,-200 180,-200 260,-200", "about", (180, -108)),
     {"labels_over_entities": 1}),
    ("a name sticking out of its ellipse",
     ellipse("a", 100, -150, "Mohammed Dkhissi", rx=40),
     {"names_outside": 1}),
    ("a name that just fits its box",
     box("a", 50, -170, 160, -130, "Morocco"), {}),
    ("a line through a third entity",
     ellipse("a", 60, -200) + ellipse("b", 340, -200) + ellipse("c", 200, -200) +
     edge("a", "b", "M100,-200C200,-200 200,-200 300,-200"),
     {"lines_through_entities": 1}),
    ("a straight line (L) through a third entity",
     ellipse("a", 60, -200) + ellipse("b", 340, -200) + ellipse("c", 200, -200) +
     edge("a", "b", "M100,-200L300,-200"),
     {"lines_through_entities": 1}),
    ("a label's leader (Graphviz's decorate: a polyline) through an entity",
     ellipse("a", 60, -200) + ellipse("b", 200, -200) + ellipse("c", 200, -120) +
     edge("a", "b", "M100,-200C130,-200 130,-200 160,-200", "x4", (200, -60)).replace(
         "</g>\n", '<polyline fill="none" stroke="black" '
         'points="208,-57 192,-57 130,-200 "/>\n</g>\n'),
     {"lines_through_entities": 1}),
    ("a label's leader clear of every entity",
     ellipse("a", 60, -200) + ellipse("b", 200, -200) +
     edge("a", "b", "M100,-200C130,-200 130,-200 160,-200", "x4", (130, -90)).replace(
         "</g>\n", '<polyline fill="none" stroke="black" '
         'points="138,-87 122,-87 130,-200 "/>\n</g>\n'), {}),
    ("a curved line around the third entity",
     ellipse("a", 60, -200) + ellipse("b", 340, -200) + ellipse("c", 200, -200) +
     edge("a", "b", "M90,-215C150,-260 250,-260 310,-215"), {}),
    ("two clusters overlapping",
     cluster("cluster_x", 20, -280, 200, -100, "X") + cluster("cluster_y", 150, -250, 350, -60, "Y") +
     box("p", 40, -200, 100, -170, "p") + box("q", 260, -120, 320, -90, "q"),
     {"cluster_overlaps": 1}),
    ("a cluster inside another",
     cluster("cluster_x", 20, -280, 380, -40, "X") + cluster("cluster_y", 100, -220, 300, -60, "Y"),
     {}),
    ("a cluster's title wider than its box",
     cluster("cluster_x", 150, -280, 200, -100, "A family with a long name"),
     {"names_outside": 1}),
    ("an entity straddling a cluster's edge",
     cluster("cluster_x", 20, -280, 200, -100, "X") + box("p", 170, -200, 240, -170, "p"),
     {"entities_over_clusters": 1}),
    ("an entity over the key",
     ellipse("a", 60, -45) +
     '<polygon fill="#9ecae1" stroke="transparent" points="10,-40 10,-51 26,-51 26,-40 10,-40"/>\n'
     '<text text-anchor="start" x="34" y="-42" font-family="DejaVu Sans" font-size="11.00">person (3)</text>\n',
     {"key_overlaps": 1, "text_overlaps": 1}),
    ("a two-line label is one block, not two overlapping texts",
     '<text text-anchor="start" x="34" y="-60" font-family="DejaVu Sans" font-size="11.00">region, location, city,</text>\n'
     '<text text-anchor="start" x="34" y="-48" font-family="DejaVu Sans" font-size="11.00">venue (8)</text>\n',
     {}),
]


def run():
    failed = 0
    tmp = tempfile.mkdtemp()
    for name, body, want in CASES:
        path = os.path.join(tmp, "f.svg")
        with open(path, "w") as f:
            f.write(svg(body))
        got = fc.measure(fc.Figure(path), fc.BLOCKS["a4"], True)
        bad = [(k, got[k], want.get(k, 0)) for k in COUNTS if got[k] != want.get(k, 0)]
        if bad:
            failed += 1
            print("FAIL %s: %s\n  %s" % (name, bad, got["details"]))
        else:
            print("ok   %s" % name)

    # A stranger wholly inside a cluster box: seen only when the DOT says
    # who the members are.
    body = (cluster("cluster_1", 20, -280, 300, -100, "Family") +
            ellipse("a", 80, -200) + ellipse("b", 200, -200) + ellipse("c", 140, -140))
    dot = ('digraph {\n  subgraph "cluster_1" {\n    label="Family";\n'
           '    a [label="a"];\n    b [label="b"];\n  }\n  c [label="c"];\n}\n')
    path = os.path.join(tmp, "f.svg")
    with open(path, "w") as f:
        f.write(svg(body))
    fig = fc.Figure(path)
    without = fc.measure(fig, fc.BLOCKS["a4"], True)["entities_over_clusters"]
    got = fc.measure(fig, fc.BLOCKS["a4"], True, fc.cluster_members(dot))
    ok = without == 0 and got["entities_over_clusters"] == 1 and \
        got["details"]["entities_over_clusters"] == [["c", "cluster_1"]]
    print("%s a stranger inside a cluster box, with the DOT's members: %s" %
          ("ok  " if ok else "FAIL", got["details"]["entities_over_clusters"]))
    failed += not ok

    # The advance of "Morocco" in DejaVu Sans at 14 pt, by hand from the
    # font's hmtx (2,048 units an em): M 1767, o 1253, r 842, c 1126.
    f = fc.font_for("DejaVu Sans", None, None)
    want = (1767 + 1253 + 842 + 1253 + 1126 + 1126 + 1253) * 14 / 2048
    got = f.width("Morocco", 14)
    if abs(got - want) > 1e-9 or abs(want - 58.926) > 0.001:
        failed += 1
        print("FAIL width of Morocco at 14 pt: %.3f, want %.3f" % (got, want))
    else:
        print("ok   width of Morocco at 14 pt: %.3f pt" % got)

    # The printed size: font-size x the drawing's scale x the fit.  A
    # 906 pt wide figure at scale 0.5 on an a4 block (453.5 pt) fits at
    # 453.5/906; a 14 pt name prints at 14 x 0.5 x 0.5006 = 3.5 pt.
    path = os.path.join(tmp, "s.svg")
    with open(path, "w") as fh:
        fh.write(svg(ellipse("a", 60, -200), w=906, h=300, scale=0.5))
    got = fc.measure(fc.Figure(path), fc.BLOCKS["a4"], False)
    if abs(got["fit"] - 453.5 / 906) > 1e-4 or got["names_pt"] != 3.5:
        failed += 1
        print("FAIL printed size: %s" % got)
    else:
        print("ok   printed size: fit %.4f, names %.1f pt" % (got["fit"], got["names_pt"]))
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(run())
