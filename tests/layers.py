#!/usr/bin/env python3
"""layers.py - the house rules of src/, checked (make layers).

    tests/layers.py SRC OBJ

SRC is the source tree (src/), OBJ the folder its objects were built in
($(BUILD)/obj, one subfolder per layer).  The order of the layers is read
from SRC/README.md: the folders of its table of layers, top floor first.
A folder may use only the folders below it:

  - no #include "X/..." of a higher folder X (and every header of src/ is
    named with its folder);
  - no symbol an object of a higher folder defines, used by an object of
    a lower one (nm: calls and data, whatever was declared by hand);
  - no circle between files: module A (A.c and A.h) uses module B when A
    includes B.h or uses a symbol B.c defines; no module may reach itself;
  - no C file loose at src/'s top, none over MAX_LINES lines;
  - a header named NAME_int.h is NAME's internal header: part of module
    NAME, included only from its folder (graph/store_int.h, the store
    itself);
  - every module has its own header, except one whose every function is
    public (declared in include/kgraph.h, the public header) or main;
  - kg_view, the arrays store.h reads inline, is named only in graph/;
  - the tracked top level is the design card's: src/, include/, input/,
    output/, tests/, Makefile, README.md, and dotfiles (git ls-files; not
    checked outside a git checkout);
  - the library speaks in the settings of its API, never in a command's
    options: no string of a layer below cli/ holds "--name" or "-K"
    (kg_graph_name_setting lets the command give its own names), unless
    a comment within the six lines above says the options are "not
    kgraph's" (another program's command line, written for the user).

Prints one line per problem, then "layers: N problems" and exits 1 when
there are any; "layers: ok (...)" otherwise.
"""
import os
import re
import subprocess
import sys

MAX_LINES = 1200
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
FLAG = re.compile(r'(?:^|[^A-Za-z0-9_-])(--[a-z][a-z-]*|-K)\b')
VIEW = re.compile(r'\bkg_view\b')
ROW = re.compile(r'^\|\s*`([a-z]+)/`\s*\|', re.M)


def layer_order(src):
    """The layers from bottom to top, as SRC/README.md lists them."""
    path = os.path.join(src, 'README.md')
    with open(path, encoding='utf-8') as f:
        top_first = ROW.findall(f.read())
    if not top_first:
        sys.exit(f'{path}: no table of layers (rows "| `name/` | ...")')
    return list(reversed(top_first))


def module_of(inc):
    """The module a header belongs to: FOLDER/NAME for NAME.h, and for
    NAME_int.h, NAME's own internal header."""
    stem = os.path.splitext(inc)[0]
    return stem[:-4] if stem.endswith('_int') else stem


def modules(src, layers):
    """{module: [files]}, a module being FOLDER/NAME for NAME.c, NAME.h and
    NAME_int.h (its internal header, for its folder)."""
    found = {}
    for layer in layers:
        folder = os.path.join(src, layer)
        for name in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
            stem, ext = os.path.splitext(name)
            if stem.endswith('_int') and ext == '.h':
                stem = stem[:-4]
            if ext in ('.c', '.h'):
                found.setdefault(f'{layer}/{stem}', []).append(
                    os.path.join(folder, name))
    return found


def symbols(obj_path):
    """(defined, used) external symbols of one object, by nm."""
    out = subprocess.run(['nm', '-P', obj_path], capture_output=True,
                         text=True, check=True).stdout
    defined, used = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        name, kind = parts[0], parts[1]
        if kind == 'U':
            used.add(name)
        elif kind in 'TDBRCVW' and kind.isupper():
            defined.add(name)
    return defined, used


def public_functions(src):
    """The functions include/kgraph.h declares (beside SRC)."""
    path = os.path.join(os.path.dirname(os.path.abspath(src)), 'include',
                        'kgraph.h')
    with open(path, encoding='utf-8') as f:
        text = f.read()
    return set(re.findall(r'^[A-Za-z][^;(]*?[ *](kg_[a-z0-9_]+)\(', text,
                          re.M))


def object_modules(src, obj, layers):
    """{module: object path} for every object built under OBJ from a C
    file that is in SRC now (an object left from a removed file does not
    count); generated objects (OBJ/gen) belong to the layer their
    Makefile rule names."""
    found = {}
    for layer in layers:
        folder = os.path.join(obj, layer)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            stem = name[:-2]
            if name.endswith('.o') and os.path.exists(
                    os.path.join(src, layer, stem + '.c')):
                found[f'{layer}/{stem}'] = os.path.join(folder, name)
    generated = {'theme': 'rules', 'report_assets': 'report'}
    for stem, layer in generated.items():
        path = os.path.join(obj, 'gen', stem + '.o')
        if os.path.exists(path) and layer in layers:
            found[f'{layer}/{stem}'] = path
    return found


def flags_named(path, text):
    """Lines of a library file whose strings spell a command's option."""
    found = []
    lines = text.split('\n')
    for n, line in enumerate(lines, 1):
        if line.lstrip().startswith(('*', '/*', '//')):
            continue
        for lit in STRING.findall(line):
            m = FLAG.search(lit[1:-1])
            above = '\n'.join(lines[max(0, n - 7):n])
            if m and "not kgraph's" not in above:
                found.append(f'{path}:{n}: "{m.group(1)}": a library message '
                             f'names a command\'s option; name the setting '
                             f'(util/diag.h: kg_setting_name)')
    return found


def find_circles(uses):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, on, stack, circles = {}, {}, set(), [], []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(uses.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            part = []
            while True:
                w = stack.pop()
                on.discard(w)
                part.append(w)
                if w == v:
                    break
            if len(part) > 1:
                circles.append(sorted(part))

    sys.setrecursionlimit(10000)
    for v in sorted(uses):
        if v not in index:
            visit(v)
    return circles


TOP = {'src', 'include', 'input', 'output', 'tests', 'Makefile', 'README.md'}


def top_level(src):
    """What git tracks at the top of the tree beyond the design card's."""
    root = os.path.dirname(os.path.abspath(src))
    if not os.path.isdir(os.path.join(root, '.git')):
        return []
    out = subprocess.run(['git', '-C', root, 'ls-files'], capture_output=True,
                         text=True, check=False).stdout
    tops = {line.split('/')[0] for line in out.splitlines() if line}
    return sorted(t for t in tops if t not in TOP and not t.startswith('.'))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    src, obj = sys.argv[1], sys.argv[2]
    layers = layer_order(src)
    rank = {name: i for i, name in enumerate(layers)}
    problems = []
    uses = {}

    for name in sorted(os.listdir(src)):
        if name.endswith(('.c', '.h')):
            problems.append(f'{src}/{name}: a source file loose at the top '
                            f'of {src}/: put it in its layer')
    for folder in sorted(os.listdir(src)):
        path = os.path.join(src, folder)
        if os.path.isdir(path) and folder not in rank and any(
                n.endswith(('.c', '.h')) for n in os.listdir(path)):
            problems.append(f'{path}/: C sources in a folder that is not a '
                            f'layer of {src}/README.md')

    for name in top_level(src):
        problems.append(f'{name}: tracked at the top of the tree, beside the '
                        f'design card\'s src/ include/ input/ output/ tests/ '
                        f'Makefile README.md: ship it under src/, check it '
                        f'under tests/')

    mods = modules(src, layers)
    for mod, files in mods.items():
        layer = mod.split('/')[0]
        for path in files:
            with open(path, encoding='utf-8') as f:
                text = f.read()
            lines = text.count('\n')
            if path.endswith('.c') and lines > MAX_LINES:
                problems.append(f'{path}: {lines} lines, more than '
                                f'{MAX_LINES}: split it by what it does')
            if layer != 'graph' and VIEW.search(text):
                problems.append(f'{path}: names kg_view, which only graph/ '
                                f'may: read a graph through graph.h\'s '
                                f'functions')
            if layer != 'cli':
                problems += flags_named(path, text)
            for m in INCLUDE.finditer(text):
                inc = m.group(1)
                line = text.count('\n', 0, m.start()) + 1
                if inc == 'kgraph.h':
                    continue
                head = inc.split('/')[0]
                if '/' not in inc or head not in rank:
                    if os.path.exists(os.path.join(os.path.dirname(path), inc)):
                        problems.append(f'{path}:{line}: #include "{inc}": '
                                        f'name its folder ("{layer}/{inc}")')
                    continue
                if rank[head] > rank[layer]:
                    problems.append(f'{path}:{line}: #include "{inc}": '
                                    f'{layer}/ may not use {head}/, a layer '
                                    f'above it')
                elif inc.endswith('_int.h') and head != layer:
                    problems.append(f'{path}:{line}: #include "{inc}": '
                                    f'internal to {head}/')
                target = module_of(inc)
                if target != mod and target in mods:
                    uses.setdefault(mod, set()).add(target)

    objects = object_modules(src, obj, layers)
    if not objects:
        problems.append(f'{obj}: no objects: build the library first')
    defined_by, used_by = {}, {}
    for mod, path in objects.items():
        defined, used = symbols(path)
        used_by[mod] = used
        for sym in defined:
            defined_by.setdefault(sym, mod)
    for mod, used in sorted(used_by.items()):
        layer = mod.split('/')[0]
        for sym in sorted(used):
            owner = defined_by.get(sym)
            if not owner or owner == mod:
                continue
            uses.setdefault(mod, set()).add(owner)
            head = owner.split('/')[0]
            if rank[head] > rank[layer]:
                problems.append(f'{objects[mod]}: uses {sym} from {owner}.c: '
                                f'{layer}/ may not use {head}/, a layer '
                                f'above it')

    public = public_functions(src) | {'main'}
    for mod, path in sorted(objects.items()):
        files = mods.get(mod, [])
        if not files or any(f.endswith('.h') for f in files):
            continue
        defined = set()
        out = subprocess.run(['nm', '-P', '--defined-only', path],
                             capture_output=True, text=True,
                             check=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 2 and parts[1] == 'T':
                defined.add(parts[0])
        inner = sorted(defined - public)
        if inner:
            problems.append(f'{files[0]}: no header of its own, yet it '
                            f'gives {", ".join(inner[:3])} to other files: '
                            f'declare them in its header')

    for circle in find_circles(uses):
        problems.append('a circle: ' + ', '.join(circle) + ' reach each '
                        'other (through includes or symbols): one of them '
                        'must not use the others')

    for p in problems:
        print(p)
    if problems:
        print(f'layers: {len(problems)} problems')
        return 1
    nfiles = sum(len(f) for f in mods.values())
    print(f'layers: ok ({len(layers)} layers, {len(mods)} modules, '
          f'{nfiles} files: no upward include or call, no circle, no file '
          f'over {MAX_LINES} lines)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
