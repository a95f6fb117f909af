"""Program shape variants: a corpus program rewritten into another shape the original
interpreter accepts with the same meaning (dsl_spec/README.md, "Program shapes").

Each mutator returns the rewritten program, or None when the shape does not apply to it.
Used by tests/core/test_shapes_corpus.py (a sample) and benchmarks/shape_variants.py (all).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from typing import Any

Program = dict[str, Any]
LIST_SECTIONS = ("sorts", "functions", "variables", "knowledge_base", "rules")
BUILTIN_NAMES = ("And", "Or", "Not", "Implies", "If", "Distinct", "Sum", "Product", "Xor")


def constants_as_named_list(p: Program) -> Program | None:
    """`constants: {"people": {...}}` → `[{"name": "people", ...}]`."""
    groups = p.get("constants")
    if not isinstance(groups, dict) or not groups:
        return None
    return {**p, "constants": [{"name": key, **group} for key, group in groups.items()]}


def constants_as_list(p: Program) -> Program | None:
    """`constants` as a list of unnamed groups (the generation-schema shape)."""
    groups = p.get("constants")
    if not isinstance(groups, dict) or not groups:
        return None
    return {**p, "constants": list(groups.values())}


def empty_as_object(p: Program) -> Program | None:
    """Every empty or missing list section (and empty domain) as `{}`; empty constants as `[]`."""
    q = copy.deepcopy(p)
    for key in LIST_SECTIONS:
        if not q.get(key):
            q[key] = {}
    for f in q.get("functions") or []:
        if isinstance(f, dict) and f.get("domain") == []:
            f["domain"] = {}
    if not q.get("constants"):
        q["constants"] = []
    return q


def empty_as_null(p: Program) -> Program | None:
    """Every empty or missing section as null (optimization too)."""
    q = dict(p)
    for key in (*LIST_SECTIONS, "constants", "optimization"):
        if not q.get(key):
            q[key] = None
    return q


def members_as_dict(p: Program) -> Program | None:
    """Member lists as dicts from name to a description (of any JSON type: ignored)."""
    groups = p.get("constants")
    if not isinstance(groups, dict) or not groups:
        return None
    values: list[Any] = ["a description", 1, None, {"note": "x"}, True]
    out = {}
    for key, group in groups.items():
        members = group.get("members") if isinstance(group, dict) else None
        if not isinstance(members, list):
            return None
        out[key] = {**group, "members": {m: values[i % len(values)] for i, m in enumerate(members)}}
    return {**p, "constants": out}


def facts_as_objects(p: Program) -> Program | None:
    """String facts as `{"assertion": ..., "value": true}`."""
    kb = p.get("knowledge_base")
    if not isinstance(kb, list) or not any(isinstance(f, str) for f in kb):
        return None
    return {**p, "knowledge_base": [{"assertion": f, "value": True} if isinstance(f, str) else f for f in kb]}


def unused_builtin_function(p: Program) -> Program | None:
    """An extra declared function named like a connective that no expression uses."""
    text = _expression_text(p)
    name = next((n for n in BUILTIN_NAMES if not re.search(rf"(?<!\w){n}(?!\w)", text)), None)
    functions = p.get("functions")
    if name is None or not isinstance(functions, list):
        return None
    return {**p, "functions": [*functions, {"name": name, "domain": ["BoolSort", "BoolSort"], "range": "BoolSort"}]}


def repeated_function(p: Program) -> Program | None:
    """The first function declared twice, identically."""
    functions = p.get("functions")
    if not isinstance(functions, list) or not functions:
        return None
    return {**p, "functions": [*functions, copy.deepcopy(functions[0])]}


def unused_malformed_optimization(p: Program) -> Program | None:
    """An `optimization` section the original never reads (no "optimize" action)."""
    if "optimize" in (p.get("actions") or []):
        return None
    return {**p, "optimization": {"objectives": 7, "constraints": {}}}


def unicode_names(p: Program) -> Program | None:
    """Every function, constant, enum value and variable renamed into non-ASCII scripts."""
    names = _value_names(p)
    if not names:
        return None
    suffixes = ("_café", "_übung", "_名前", "_знач", "_ñ")
    rename = {n: n + suffixes[i % len(suffixes)] for i, n in enumerate(sorted(names))}
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?!\w)")
    return _rewrite(p, rename, pattern)


MUTATORS: dict[str, Callable[[Program], Program | None]] = {
    f.__name__: f for f in (constants_as_named_list, constants_as_list, empty_as_object, empty_as_null,
                            members_as_dict, facts_as_objects, unused_builtin_function, repeated_function,
                            unused_malformed_optimization, unicode_names)
}


def _value_names(p: Program) -> set[str]:
    names: set[str] = set()
    for f in p.get("functions") or []:
        names.add(f["name"])
    for s in p.get("sorts") or []:
        names.update(s.get("values") or [])
    for group in (p.get("constants") or {}).values():
        names.update(group["members"])
    for v in p.get("variables") or []:
        names.add(v["name"])
    for entry in (*(p.get("rules") or []), *(p.get("verifications") or [])):
        for key in ("forall", "exists"):
            names.update(v["name"] for v in entry.get(key) or [])
    return {n for n in names if isinstance(n, str) and n.isidentifier()}


def _expression_text(p: Program) -> str:
    out: list[str] = []

    def walk(x: Any) -> None:
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk([p.get(k) for k in ("knowledge_base", "rules", "verifications", "optimization")])
    return "\n".join(out)


def _rewrite(p: Program, rename: dict[str, str], pattern: re.Pattern[str]) -> Program:
    """Rename declared names (exact JSON fields) and every use inside expression strings."""
    q = copy.deepcopy(p)

    def name(n: Any) -> Any:
        return rename.get(n, n) if isinstance(n, str) else n

    def expr(x: Any) -> Any:
        if isinstance(x, str):
            return pattern.sub(lambda m: rename[m.group(1)], x)
        if isinstance(x, dict):
            return {k: name(v) if k == "name" else v if k == "sort" else expr(v) for k, v in x.items()}
        if isinstance(x, list):
            return [expr(v) for v in x]
        return x

    for f in q.get("functions") or []:
        f["name"] = name(f["name"])
    for s in q.get("sorts") or []:
        if s.get("values"):
            s["values"] = [name(v) for v in s["values"]]
    for group in (q.get("constants") or {}).values():
        group["members"] = [name(m) for m in group["members"]]
    for v in q.get("variables") or []:
        v["name"] = name(v["name"])
    for key in ("knowledge_base", "rules", "verifications", "optimization"):
        if key in q:
            q[key] = expr(q[key])
    return q
