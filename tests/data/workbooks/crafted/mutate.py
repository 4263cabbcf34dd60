#!/usr/bin/python3
"""mutate.py - remakes this folder's crafted .xls files from the fixtures
beside it (run here with Debian 12's /usr/bin/python3).

Each mutant of FIXTURE is the file with 1 to 10 random bytes overwritten
past its 512-byte header, Python's random seeded with 28 before the first
of the fixture's mutants: mutant N is the Nth made.
"""
import random

WANT = {  # our name: (fixture, mutant)
    "freexl-iconv-underflow.xls": ("dates1904-lo.xls", 24),
    "freexl-leak.xls": ("case-lo.xls", 13),
}

for name, (fixture, n) in sorted(WANT.items()):
    src = open("../" + fixture, "rb").read()
    random.seed(28)
    for i in range(1, n + 1):
        b = bytearray(src)
        for _ in range(random.randint(1, 10)):
            b[random.randrange(512, len(b))] = random.randrange(256)
    open(name, "wb").write(b)
