#!/usr/bin/env python3
# Times pages of a running Bluelamp server as a demo user (the performance lead unless BENCH_USER=name:password): each page fetched RUNS+1 times one after
# another, the first (cold) left out; prints median, 90th percentile and slowest, and the page's "as of" time.
# Usage: docs/bench/time-pages.py BASE RUNS [PATHS...]   (e.g. http://127.0.0.1:8080 20 /inspection /inspection?bcu=CE)
import os, sys, time, re, statistics
base = sys.argv[1]; runs = int(sys.argv[2]) if len(sys.argv) > 2 else 20
paths = sys.argv[3:] or ["/inspection", "/inspection?bcu=CE", "/inspection?bcu=NW", "/inspection/indicators"]
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sign_in import signed_in
op, _ = signed_in(base)
for path in paths:
    times = []
    for i in range(runs + 1):
        t = time.perf_counter(); body = op.open(base + path).read(); dt = (time.perf_counter() - t) * 1000
        if i > 0: times.append(dt)  # the first is the cold one
    asof = re.search(rb"as of ([^;.<)]*)", body)
    times.sort()
    print(f"{path}: first {dt:.0f} ms; median {statistics.median(times):.1f} ms, p90 {times[int(len(times)*0.9)-1]:.1f} ms, max {times[-1]:.1f} ms over {runs}; {asof.group(0).decode() if asof else 'no as-of'}")
