#!/usr/bin/env python3
"""svg_safe.py FILE [--images DIR]: whether an SVG is safe to put in a web page.

An independent check of what kgraph's own SVG gate (src/svgcheck.c)
promises, written with Python's XML parser and HTML entity table rather
than kgraph's code: the file is well-formed XML; it has no script,
foreignObject, iframe, object, embed or animation element; no attribute
named on*; every link (href, xlink:href), once XML-decoded, HTML-decoded
(browsers decode entities again when an SVG sits inside HTML) and
percent-decoded, is http, https, mailto or relative; an <image> refers to a
file inside DIR (and only with --images DIR); an attribute a browser reads
as CSS that can load a URL (style and the presentation attributes of the
properties that take one, in any case: an HTML parser lowercases them),
once its CSS escapes are decoded, loads nothing but url(#id).  The same
words in any other attribute (a tooltip) are text.  Prints every problem
and exits 1 when there is one.
"""
import html
import os
import re
import sys
import urllib.parse
import xml.parsers.expat

BANNED = {"script", "foreignobject", "iframe", "object", "embed", "handler",
          "listener", "set", "animate", "animatemotion", "animatetransform",
          "animatecolor", "use"}
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# SVG 2 presentation attributes whose property takes a <url> (paint,
# filter, clip-path, mask, marker-*, cursor), SVG 1.1's color-profile,
# and style, which holds any property.
CSS_URL_ATTRS = {"style", "fill", "stroke", "filter", "clip-path", "mask",
                 "marker", "marker-start", "marker-mid", "marker-end",
                 "cursor", "color-profile"}
# url() to anything but #id, and the CSS functions that fetch images.
CSS_LOADS = re.compile(r"url\((?![\s'\"]*#)|(image-set|image|cross-fade|"
                       r"element|src)\(", re.I)


def css_unescaped(value):
    """The CSS text with its escapes decoded (CSS Syntax 3, 4.3.7)."""
    def one(m):
        if m.group(1):
            cp = int(m.group(1), 16)
            return chr(cp) if 0 < cp <= 0x10FFFF else "\ufffd"
        return m.group(2)
    return re.sub(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n]?|(.))", one, value)


def decoded(url):
    """The link as a browser may end up reading it."""
    for _ in range(8):
        before = url
        url = html.unescape(url)
        url = urllib.parse.unquote(url)
        url = re.sub(r"[\t\n\r]", "", url).strip("\x00\x01\x02\x03\x04\x05\x06"
                                                  "\x07\x08\x0b\x0c\x0e\x0f"
                                                  "\x10\x11\x12\x13\x14\x15"
                                                  "\x16\x17\x18\x19\x1a\x1b"
                                                  "\x1c\x1d\x1e\x1f ")
        if url == before:
            break
    return url


def link_problem(url):
    d = decoded(url)
    m = SCHEME.match(d)
    if m and m.group(1).lower() not in ("http", "https", "mailto"):
        return "link with scheme %r: %r" % (m.group(1), url)
    head = re.split(r"[/?#]", d, maxsplit=1)[0]
    if ":" in head and not m:
        return "link with a colon before its path: %r" % url
    return None


def main():
    args = sys.argv[1:]
    images = None
    if "--images" in args:
        i = args.index("--images")
        images = os.path.realpath(args[i + 1])
        del args[i:i + 2]
    path = args[0]
    data = open(path, "rb").read()
    problems = []

    def start(name, attrs):
        local = name.split(":")[-1].lower()
        if local in BANNED:
            problems.append("element <%s>" % name)
        for key, value in attrs.items():
            k = key.split(":")[-1].lower()
            if k.startswith("on"):
                problems.append("attribute %s=%r on <%s>" % (key, value, name))
            if k == "href":
                p = link_problem(value)
                if p:
                    problems.append(p)
                if local == "image":
                    target = os.path.realpath(
                        os.path.join(images or ".", value))
                    if not images or not target.startswith(images + os.sep):
                        problems.append("<image> of %r" % value)
            if k in CSS_URL_ATTRS and CSS_LOADS.search(css_unescaped(value)):
                problems.append("url() in %s=%r" % (key, value))

    parser = xml.parsers.expat.ParserCreate(namespace_separator=None)
    parser.StartElementHandler = start
    try:
        parser.Parse(data, True)
    except xml.parsers.expat.ExpatError as e:
        problems.append("not well-formed XML: %s" % e)
    for p in problems:
        print("%s: %s" % (path, p))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
