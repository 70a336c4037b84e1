#!/usr/bin/env python3
"""Prints the table of bench/run.py again from one or more results/*.jsonl files (e.g. a run of
the server group next to a run of the others): python3 bench/summarize.py results/A.jsonl [B.jsonl]"""
import json, sys

import targets

for path in sys.argv[1:]:
    lines = [json.loads(l) for l in open(path)]
    meta = next(m for m in lines if m['bench'] == 'meta')
    end = next((m for m in lines if m['bench'] == 'meta_end'), {'seconds': '?', 'uptime': '?'})
    results = [m for m in lines if not m['bench'].startswith('meta')]
    print(targets.summary(results, meta, end, meta['rows']))
