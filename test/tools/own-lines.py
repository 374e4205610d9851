#!/usr/bin/env python3
"""Checks the #line directives of a lowered file that name the file itself
(they map scaffolding to its own lines): each must give the line after it
its physical number. Prints what is wrong and exits 1, or prints "ok"."""
import os
import re
import sys


def main():
    path = sys.argv[1]
    name = os.path.basename(path)
    bad = 0
    with open(path) as f:
        for number, line in enumerate(f, start=1):
            m = re.match(r'\s*#line (\d+)(?: "(.*)")?\s*$', line)
            if m and m.group(2) is not None and os.path.basename(m.group(2)) == name:
                if int(m.group(1)) != number + 1:
                    print("%s:%d: #line %s names line %d" % (path, number, m.group(1), number + 1))
                    bad += 1
    print("ok" if not bad else "%d wrong" % bad)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
