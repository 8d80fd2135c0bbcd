#!/usr/bin/python3
"""The module check (ctest `layers`): every #include "audit/<module>/..." in the core, the tools and the CLI library
must name a module that the includer may use, by the table of audit_module(... DEPENDS ...) declarations in
tools/core/CMakeLists.txt (docs/ARCHITECTURE.md). Prints each violation as file:line and exits 1 if there is any.

Usage: check_layers.py [PROJECT_ROOT]
"""
import os
import re
import sys

root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", ".."))
core = os.path.join(root, "tools", "core")

decl = re.compile(r"^audit_module\((\w+)((?:\s+DEPENDS(?:\s+\w+)+)?)(?:\s+LIBS[^)]*)?\)", re.M)
text = open(os.path.join(core, "CMakeLists.txt"), encoding="utf-8").read()
direct = {}
for m in decl.finditer(text):
    deps = m.group(2).split()[1:] if m.group(2) else []
    for d in deps:
        if d not in direct:
            sys.exit(f"tools/core/CMakeLists.txt: module '{m.group(1)}' uses '{d}', which is not declared before it")
    direct[m.group(1)] = deps
if not direct:
    sys.exit("tools/core/CMakeLists.txt: no audit_module(...) declarations found")


def closure(name):
    seen, todo = set(), [name]
    while todo:
        for d in direct[todo.pop()]:
            if d not in seen:
                seen.add(d)
                todo.append(d)
    return seen | {name}


allowed = {m: closure(m) for m in direct}
# Front ends: the CLI library and every tool may use every domain module; only audit-demo-data uses the demo module.
domain = set(direct) - {"demo"}
inc = re.compile(r'^\s*#\s*include\s*"audit/(\w+)/')
problems = []


def check(folder, may_use, who):
    for dirpath, _, files in os.walk(folder):
        for f in sorted(files):
            if not f.endswith((".h", ".hpp", ".cpp", ".cc")):
                continue
            path = os.path.join(dirpath, f)
            with open(path, encoding="utf-8") as src:
                for lineno, line in enumerate(src, 1):
                    m = inc.match(line)
                    if m and m.group(1) != "cli" and m.group(1) not in may_use:
                        rel = os.path.relpath(path, root)
                        problems.append(f"{rel}:{lineno}: {who} includes a header of module '{m.group(1)}', "
                                        f"which it may not use (it may use: {', '.join(sorted(may_use))})")


for entry in sorted(os.listdir(core)):
    path = os.path.join(core, entry)
    if not os.path.isdir(path):
        continue
    if entry not in direct:
        problems.append(f"tools/core/{entry}/: a folder in the core that is not a declared module")
        continue
    check(path, allowed[entry], f"module '{entry}'")
tools = os.path.join(root, "tools")
for entry in sorted(os.listdir(tools)):
    path = os.path.join(tools, entry)
    if entry == "core" or not os.path.isdir(path):
        continue
    check(path, domain | ({"demo"} if entry == "audit-demo-data" else set()), f"'tools/{entry}'")

for p in problems:
    print(p)
print(f"{len(direct)} modules, {len(problems)} violation(s)")
sys.exit(1 if problems else 0)
