#!/usr/bin/env python3
"""Checks encmap's module graph: the README's table (between the `module-graph` markers) is the truth.

- every library/executable target of Package.swift under Sources/ is in the table, and its
  `dependencies:` are exactly the modules the table says it may import;
- every `import X` of a Swift file under Sources/<Module>/ names a module the table allows (or a system
  module: Foundation, Dispatch, Glibc, Darwin, Musl);
- no Swift file under Sources/ has more than 400 lines.

usage: python3 scripts/check-modules.py   (from anywhere; exits 1 with one line per problem)
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
readme = (root / "README.md").read_text(encoding="utf-8")
m = re.search(r"<!-- module-graph: begin -->(.*?)<!-- module-graph: end -->", readme, re.S)
if not m:
    sys.exit("check-modules: README.md has no module-graph table; restore the markers")
allowed = {}
for line in m.group(1).strip().splitlines()[2:]:
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) != 3:
        sys.exit(f"check-modules: README.md: bad module-graph row: {line}")
    allowed[cells[0]] = set() if cells[2] in ("—", "-", "") else {x.strip() for x in cells[2].split(",")}

package = (root / "Package.swift").read_text(encoding="utf-8")
problems = []
declared = {}
for t in re.finditer(r"\.(target|executableTarget|systemLibrary)\(\s*name:\s*\"([^\"]+)\"(.*?)\)\s*,?\s*$", package, re.S | re.M):
    kind, name, rest = t.groups()
    if "path:" in rest:  # benchmarks and other targets outside Sources/
        continue
    deps = set(re.findall(r"\"([^\"]+)\"", re.search(r"dependencies:\s*\[([^\]]*)\]", rest).group(1))) if "dependencies:" in rest else set()
    declared[name] = (kind, deps)
for name, (kind, deps) in declared.items():
    if kind == "systemLibrary":
        continue
    if name not in allowed:
        problems.append(f"Package.swift: target {name} is not in README.md's module graph; add a row for it")
        continue
    if deps != allowed[name]:
        problems.append(f"Package.swift: {name} depends on {sorted(deps)} but README.md's graph allows {sorted(allowed[name])}; make them agree")
for name in allowed:
    if name not in declared:
        problems.append(f"README.md: module {name} of the graph is not a target in Package.swift")

system = {"Foundation", "Dispatch", "Glibc", "Darwin", "Musl", "FoundationEssentials"}
for source in sorted((root / "Sources").rglob("*.swift")):
    module = source.relative_to(root / "Sources").parts[0]
    text = source.read_text(encoding="utf-8")
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    rel = source.relative_to(root)
    if lines > 400:
        problems.append(f"{rel}: {lines} lines, over the 400-line limit; split it")
    for imp in re.findall(r"^\s*(?:@testable\s+|@_exported\s+)?import\s+(?:class\s+|struct\s+|enum\s+|func\s+)?([A-Za-z_][A-Za-z0-9_]*)", text, re.M):
        if imp in system or imp == module:
            continue
        if imp not in allowed.get(module, set()):
            problems.append(f"{rel}: imports {imp}, which {module} may not import (README.md's module graph)")

for p in problems:
    print("check-modules: " + p, file=sys.stderr)
if problems:
    sys.exit(1)
print(f"check-modules: {len(declared)} targets and every import under Sources/ follow README.md's module graph; no file over 400 lines")
