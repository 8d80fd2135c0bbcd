#!/usr/bin/python3
"""Checks that a file holds one JSON object following the agreement-pairs contract (ARCHITECTURE §6).

usage: check_contract.py FILE [--defined | --undefined KEY...]
Prints what is wrong and exits 1 on any problem.
"""
import json
import math
import sys

COEFFICIENTS = ["kappa", "kappa_linear", "kappa_quadratic", "ac1", "ac2_ordinal", "alpha_ordinal"]
COUNTS = ["n", "moderated_down", "moderated_up"]
SHARES = ["exact_agreement", "within_one_agreement"]


def main():
    path = sys.argv[1]
    text = open(path, encoding="utf-8").read()
    problems = []
    for bad in ("NaN", "Infinity"):
        if bad in text:
            problems.append(f"the output contains {bad}")
    try:
        doc = json.loads(text, parse_constant=lambda c: problems.append(f"constant {c}"))
    except json.JSONDecodeError as e:
        print(f"{path}: not one JSON object: {e}")
        return 1
    if not isinstance(doc, dict):
        problems.append("the output is not a JSON object")
        doc = {}
    for key in COUNTS:
        if not isinstance(doc.get(key), int):
            problems.append(f"'{key}' is missing or not a whole number: {doc.get(key)!r}")
    for key in SHARES:
        if key not in doc:
            problems.append(f"'{key}' is missing")
        elif doc[key] is not None and not (0 <= doc[key] <= 1):
            problems.append(f"'{key}' = {doc[key]} is not a share")
    for key in COEFFICIENTS:
        c = doc.get(key)
        if not isinstance(c, dict) or not {"value", "se", "ci95"} <= set(c):
            problems.append(f"'{key}' is not an object with value, se and ci95: {c!r}")
            continue
        if c["value"] is None:
            if not c.get("reason"):
                problems.append(f"'{key}' is undefined without a reason")
            continue
        for part in ("value", "se"):
            if not isinstance(c[part], (int, float)) or not math.isfinite(c[part]):
                problems.append(f"'{key}.{part}' is not a finite number: {c[part]!r}")
        ci = c["ci95"]
        if not (isinstance(ci, list) and len(ci) == 2 and ci[0] <= c["value"] <= ci[1]):
            problems.append(f"'{key}.ci95' is not an interval around the value: {ci!r}")
    conf = doc.get("confusion")
    q = len(doc.get("categories", [])) or 4
    if not (isinstance(conf, list) and len(conf) == q and all(isinstance(r, list) and len(r) == q for r in conf)):
        problems.append(f"'confusion' is not a {q}x{q} table: {conf!r}")
    else:
        total = sum(sum(r) for r in conf)
        if total != doc.get("n"):
            problems.append(f"the confusion table holds {total} pairs, n = {doc.get('n')}")
        below = sum(conf[i][j] for i in range(q) for j in range(q) if i > j)
        above = sum(conf[i][j] for i in range(q) for j in range(q) if i < j)
        if below != doc.get("moderated_down") or above != doc.get("moderated_up"):
            problems.append(f"moderated_down/up {doc.get('moderated_down')}/{doc.get('moderated_up')} do not match the "
                            f"table's cells below/above the diagonal {below}/{above}")
    for p in problems:
        print(f"{path}: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
