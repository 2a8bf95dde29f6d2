#!/usr/bin/python3
"""Sums jcstress outcome counts over all configurations: scripts/jcstress-summary.py [results-dir]."""
import glob
import os
import re
import sys

results = sys.argv[1] if len(sys.argv) > 1 else "jcstress/results"
for path in sorted(glob.glob(os.path.join(results, "io.twine.jcstress.*.html"))):
    page = open(path).read()
    page = page[page.index("<h3>Results</h3>"):]
    states = re.findall(r"<th nowrap align='center'>(.*?)</th>", page)
    rows = page.split("<tr>")
    expects = re.findall(r"<td>(Acceptable|Forbidden|Interesting|Acceptable interesting)</td>", page)[:len(states)]
    totals = [0] * len(states)
    for row in rows:
        counts = re.findall(r"<td align='right'[^>]*>(\d+)</td>", row)
        if len(counts) == len(states):
            for i, c in enumerate(counts):
                totals[i] += int(c)
    name = os.path.basename(path)[len("io.twine.jcstress."):-len(".html")]
    print("%s: %s" % (name, ", ".join("[%s] %s = %d" % (s, e, t) for s, e, t in zip(states, expects, totals))))
