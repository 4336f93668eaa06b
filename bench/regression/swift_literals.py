"""Swift literals for the golden-value generators beside this file (make_golden*.py).

Every float64 is printed with repr, which round-trips exactly, so Swift reads the very numbers the
reference computed. `emit` collects `static let` lines in `out`, which a generator prints inside its enum.
"""
import numpy as np


def lit(a):
    a = np.asarray(a)
    if a.ndim == 0:
        return repr(float(a)) if np.isfinite(a) else ".nan"
    if a.ndim == 1:
        return "[" + ", ".join(lit(v) for v in a) + "]"
    return "[\n" + ",\n".join("        " + lit(r) for r in a) + "]"


def ilit(a):
    return "[" + ", ".join(str(int(v)) for v in a) + "]"


out = []


def emit(name, value, kind="[[Double]]"):
    out.append(f"    static let {name}: {kind} = {value}")
