"""The symbol table: every declared sort, function, constant, enum value and variable."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter

from pot.checker.suggest import Suggester
from pot.dsl.program import Program, SortDecl, VariableDecl, constant_group_path, too_many_in_sections
from pot.dsl.sorts import BUILTIN_SORTS, Sort, SortError, SortKind, resolve_sort, sort_dependencies
from pot.errors import Diagnostic, error, warning
from pot.ir import Function

MAX_ARITY = 32

# Words of the expression grammar: a declaration may take them (as in the original), no expression can use it.
KEYWORDS = frozenset({"True", "False", "and", "or", "not"})

# Names the expression language gives a meaning. A declared function (or constant) of the
# same name replaces the built-in in expressions, as in the original interpreter.
BUILTINS = frozenset({
    "And", "Or", "Not", "Implies", "Xor", "If", "Distinct", "Sum", "Product", "ForAll", "Exists",
    "Select", "Store", "BitVecVal", "ToReal", "ToInt", *KEYWORDS,
})


def usable(name: str) -> bool:
    """Can an expression refer to this name? A Python identifier in any script, in NFKC form
    (Python, and so the original interpreter, reads `ﬁsh` in source as `fish`), not a keyword."""
    return name.isidentifier() and name not in KEYWORDS and unicodedata.normalize("NFKC", name) == name


def _unusable_hint(name: str) -> str:
    if name in KEYWORDS:
        return f"'{name}' is a word of the expression language: choose another name"
    normal = unicodedata.normalize("NFKC", name)
    if normal != name and normal.isidentifier():
        return f"write it as '{normal}'"
    fixed = re.sub(r"\W+", "_", normal).strip("_")
    fixed = fixed if fixed and fixed.isidentifier() else f"n_{fixed}" if fixed else "name"
    return f"use letters, digits and _, starting with a letter: e.g. '{fixed}'"


@dataclass
class Symbols:
    sorts: dict[str, Sort] = field(default_factory=lambda: dict(BUILTIN_SORTS))
    declared: list[Sort] = field(default_factory=list)  # uninterpreted and enum sorts, in order
    functions: dict[str, Function] = field(default_factory=dict)
    constants: dict[str, Sort] = field(default_factory=dict)
    enum_values: dict[str, Sort] = field(default_factory=dict)
    variables: dict[str, Sort] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)  # name → where it was declared
    broken: set[str] = field(default_factory=set)  # declared with an error already reported: uses stay quiet
    suggester: Suggester = field(default_factory=Suggester)  # bounds the cost of 'did you mean'

    def value_kind(self, name: str) -> str | None:
        """What a name means inside expressions (sorts live apart)."""
        for kind, table in (("function", self.functions), ("constant", self.constants),
                            ("member of an enum sort", self.enum_values), ("variable", self.variables)):
            if name in table:
                return kind
        return None

    def value_sort(self, name: str) -> Sort | None:
        return self.constants.get(name) or self.enum_values.get(name) or self.variables.get(name)

    def kind_of(self, name: str) -> str | None:
        if name in BUILTINS:
            return "built-in name"
        return self.value_kind(name) or ("sort" if name in self.sorts else None)

    def suggest(self, name: str, candidates: Iterable[str]) -> str | None:
        """A 'did you mean' hint for a misspelt name."""
        return self.suggester.hint(name, candidates)


def _check_name(name: str, path: str, symbols: Symbols, diags: list[Diagnostic], sort: Sort | None = None) -> bool:
    """May a new function, constant, enum value or variable take this name?

    As in the original interpreter: a name no expression can write is declared to no
    effect (a warning; the declaration is dropped); a built-in's name is taken, and the
    declaration replaces the built-in; declaring a constant or variable again with the
    same sort is the same symbol; one that repeats an enum value's name is a new element
    of the enum sort, which expressions then mean by that name. Any other clash is an error.
    """
    if not usable(name):
        diags.append(warning("unusable-name", path, f"'{name}' can never be written in an expression; "
                                                    "this declaration is ignored", _unusable_hint(name)))
        return False
    if name in BUILTINS:
        diags.append(warning("shadowed-builtin", path, f"'{name}' is declared here, so in expressions it means "
                                                       f"this declaration, not the built-in {name}",
                             "choose another name unless you mean to replace the built-in"))
    kind = symbols.value_kind(name)
    if kind is None:
        symbols.origin[name] = path
        return True
    where = symbols.origin.get(name, "?")
    if sort is not None and kind == "member of an enum sort" and symbols.enum_values[name] == sort:
        diags.append(warning("shadowed-enum-value", path,
                             f"'{name}' is a value of enum {sort} ({where}); declared again, '{name}' names a new "
                             f"element of {sort} that may differ from that value (as in the original interpreter)",
                             f"drop this declaration to mean the enum value {name}"))
        return True
    if sort is not None and kind != "function" and symbols.value_sort(name) == sort:
        diags.append(warning("duplicate-name", path, f"'{name}' is also declared as a {kind} at {where}",
                             "it is the same symbol; declare it once"))
        return True
    diags.append(error("duplicate-name", path, f"'{name}' is already declared as a {kind} at {where}",
                       _clash_hint(name, kind, symbols, sort)))
    return False


def _clash_hint(name: str, kind: str, symbols: Symbols, sort: Sort | None) -> str:
    """How to mend a name clash, saying what the name already means when it is a value."""
    taken = symbols.value_sort(name) if kind != "function" else None
    if sort is None or taken is None:
        return "give each function, constant and variable its own name"
    return f"'{name}' already names a {taken}: drop this declaration to mean that one, or give this {sort} another name"


def _check_sort_name(name: str, path: str, symbols: Symbols, diags: list[Diagnostic]) -> bool:
    """Sorts have a namespace of their own: they never appear inside expressions, so any name
    works (as in the original) that cannot be read as a sort expression."""
    if not name.strip() or name != name.strip() or any(c in name for c in "(),"):
        fixed = re.sub(r"\W+", "_", name).strip("_") or "Thing"
        diags.append(error("invalid-name", path, f"'{name}' is not a valid sort name",
                           f"use letters, digits and _, e.g. '{fixed}'"))
        return False
    if name in ("BoolSort", "IntSort", "RealSort"):
        diags.append(error("reserved-name", path, f"'{name}' is a built-in sort", "choose another name"))
        return False
    if name in BUILTIN_SORTS:
        diags.append(warning("shadowed-sort", path, f"'{name}' now names a declared sort, not {BUILTIN_SORTS[name]}",
                             f"write {BUILTIN_SORTS[name]} for the built-in sort"))
        return True
    if name in symbols.sorts:
        diags.append(error("duplicate-name", path, f"sort '{name}' is declared twice"))
        return False
    symbols.origin.setdefault(f"sort:{name}", path)
    return True


def _sort(ref: str, path: str, symbols: Symbols, diags: list[Diagnostic]) -> Sort | None:
    try:
        return resolve_sort(ref, symbols.sorts)
    except SortError as e:
        hint = (e.hint or symbols.suggest(ref, symbols.sorts)
                or "declare it in \"sorts\" or use BoolSort, IntSort, RealSort")
        diags.append(error(e.code, path, str(e), hint))
        return None


def _declare_sorts(program: Program, symbols: Symbols, diags: list[Diagnostic]) -> None:
    """Declare sorts in dependency order (ArraySort may name sorts declared later)."""
    pending: dict[str, tuple[str, SortDecl]] = {}
    for i, decl in enumerate(program.sorts):
        path = f"sorts[{i}]"
        if decl.name in pending:
            diags.append(error("duplicate-name", f"{path}.name", f"sort '{decl.name}' is declared twice",
                               f"it is first declared at {pending[decl.name][0]}"))
            continue
        pending[decl.name] = (path, decl)
    graph = {name: [d for d in _dependencies(decl.type.strip()) if d in pending] for name, (_, decl) in pending.items()}

    order, cycles, unreported = _dependency_order(graph)
    index = {name: i for i, name in enumerate(pending)}
    for cycle in cycles:  # [a, b, ..., a]; [a, a] when a names itself
        first = min(cycle, key=index.__getitem__)
        hint = None if len(cycle) == 2 else f"through {' → '.join(_rotate(cycle, first))}"
        diags.append(error("sort-cycle", pending[first][0], f"sort '{first}' depends on itself", hint))
    if unreported:
        first = min(unreported, key=index.__getitem__)
        diags.append(error("sort-cycle", pending[first][0], f"sort '{first}' and {len(unreported) - 1} more are "
                                                            "defined through each other", "define each sort once"))
    for name in order:
        if any(dep not in symbols.sorts for dep in graph[name]):  # its problem is already reported: no cascade
            continue
        path, decl = pending[name]
        _declare_sort(name, decl, path, symbols, diags)


def _dependencies(kind: str) -> list[str]:
    return sort_dependencies(kind) if kind.startswith("ArraySort") else []


def _rotate(cycle: list[str], first: str) -> list[str]:
    """A cycle [a, b, ..., a] (a names b, ...) starting and ending at `first`."""
    ring = cycle[:-1]
    i = ring.index(first)
    return ring[i:] + ring[:i] + [first]


MAX_SORT_CYCLES = 20
"""Cycles reported one by one; past this the rest get one diagnostic (each costs a pass)."""


def _dependency_order(graph: dict[str, list[str]]) -> tuple[list[str], list[list[str]], list[str]]:
    """The sort names in an order where each comes after those it names (`graph`: name → names).

    Also the cycles, each as [a, b, ..., a] where a names b: graphlib finds one cycle per
    pass, and its members and the sorts that depend on them are left out of the order.
    Past MAX_SORT_CYCLES passes, the names still unordered come back unreported.
    """
    order: list[str] = []
    cycles: list[list[str]] = []
    remaining = graph
    for _ in range(MAX_SORT_CYCLES):
        sorter = TopologicalSorter(remaining)
        cycle = None
        try:
            sorter.prepare()
        except CycleError as e:
            cycle = list(reversed(e.args[1]))  # graphlib lists it from a sort to those that name it
        while sorter.is_active():  # after a CycleError, still yields everything not blocked by a cycle
            ready = sorter.get_ready()
            order.extend(ready)
            sorter.done(*ready)
        if cycle is None:
            return order, cycles, []
        cycles.append(cycle)
        done = set(order)
        left = [n for n in remaining if n not in done]
        dependents: dict[str, list[str]] = {}
        for n in left:
            for d in remaining[n]:
                dependents.setdefault(d, []).append(n)
        blocked, queue = set(cycle), list(cycle)
        while queue:  # the sorts that depend on the cycle: their problem is reported, no cascade
            for n in dependents.get(queue.pop(), ()):
                if n not in blocked:
                    blocked.add(n)
                    queue.append(n)
        keep = {n for n in left if n not in blocked}
        remaining = {n: [d for d in remaining[n] if d in keep] for n in left if n in keep}
        if not remaining:
            return order, cycles, []
    return order, cycles, list(remaining)


def _declare_sort(name: str, decl: SortDecl, path: str, symbols: Symbols, diags: list[Diagnostic]) -> None:
    kind = decl.type.strip()
    if kind in ("DeclareSort", "EnumSort"):
        if not _check_sort_name(name, f"{path}.name", symbols, diags):
            return
        sort = Sort(SortKind.DECLARED, name) if kind == "DeclareSort" else _enum(decl, path, symbols, diags)
        symbols.sorts[name] = sort
        symbols.declared.append(sort)
        return
    if kind in ("BoolSort", "IntSort", "RealSort") or kind.startswith(("BitVecSort", "ArraySort")):
        resolved = _sort(kind, f"{path}.type", symbols, diags)
        if resolved is None:
            return
        if symbols.sorts.get(name) == resolved:  # e.g. {"name": "IntSort", "type": "IntSort"}
            return
        if _check_sort_name(name, f"{path}.name", symbols, diags):
            symbols.sorts[name] = resolved
        return
    diags.append(error("invalid-sort", f"{path}.type", f"unknown sort type '{kind}'",
                       "use DeclareSort, EnumSort, BoolSort, IntSort, RealSort, BitVecSort(n) or ArraySort(D, R)"))


def _enum(decl: SortDecl, path: str, symbols: Symbols, diags: list[Diagnostic]) -> Sort:
    values = decl.values or []
    if not values:
        diags.append(error("invalid-sort", f"{path}.values", f"enum sort '{decl.name}' has no values",
                           "list its values: \"values\": [\"red\", \"green\"]"))
    sort = Sort(SortKind.ENUM, decl.name, values=tuple(values))
    seen: set[str] = set()
    for j, value in enumerate(values):
        if value in seen:
            diags.append(error("duplicate-name", f"{path}.values[{j}]", f"enum value '{value}' is listed twice",
                               "list each value once"))
            continue
        seen.add(value)
        if _check_name(value, f"{path}.values[{j}]", symbols, diags, sort):
            symbols.enum_values[value] = sort
    return sort


def _declare_functions(program: Program, symbols: Symbols, diags: list[Diagnostic]) -> None:
    for i, decl in enumerate(program.functions):
        path = f"functions[{i}]"
        if len(decl.domain) > MAX_ARITY:
            diags.append(error("too-many", f"{path}.domain", f"function '{decl.name}' has {len(decl.domain)} arguments",
                               f"at most {MAX_ARITY}"))
            continue
        resolved = [_sort(s, f"{path}.domain[{j}]", symbols, diags) for j, s in enumerate(decl.domain)]
        domain = tuple(s for s in resolved if s is not None)
        range_ = _sort(decl.range, f"{path}.range", symbols, diags)
        if range_ is None or len(domain) != len(resolved):  # reported at the sort: its uses stay quiet
            symbols.broken.add(decl.name)
            continue
        function = Function(decl.name, domain, range_)
        if symbols.functions.get(decl.name) == function:
            diags.append(warning("duplicate-name", f"{path}.name", f"function '{decl.name}' is declared twice "
                                 f"(first at {symbols.origin.get(decl.name, '?')})", "declare it once"))
            continue
        if _check_name(decl.name, f"{path}.name", symbols, diags):
            symbols.functions[decl.name] = function


def _declare_constants(program: Program, symbols: Symbols, diags: list[Diagnostic]) -> None:
    for group, decl in program.constants.items():
        path = constant_group_path(group)
        sort = _sort(decl.sort, f"{path}.sort", symbols, diags)
        for j, member in enumerate(decl.members):
            where = f"{path}.members[{j}]" if isinstance(decl.members, list) else f"{path}.members.{member}"
            if sort is None:
                symbols.broken.add(member)
            elif _check_name(member, where, symbols, diags, sort):
                symbols.constants[member] = sort


def declare_variables(decls: list[VariableDecl], path: str, symbols: Symbols,
                      diags: list[Diagnostic]) -> dict[str, Sort] | None:
    """Inline quantifier variables ({name, sort} lists in rules and verifications)."""
    if not decls:
        diags.append(error("quantifier-variable", path, "empty variable list",
                           "list at least one {\"name\": ..., \"sort\": ...}"))
        return None
    out: dict[str, Sort] = {}
    for j, decl in enumerate(decls):
        where = f"{path}[{j}]"
        if not usable(decl.name):
            diags.append(error("invalid-name", where, f"'{decl.name}' cannot name a variable",
                               _unusable_hint(decl.name)))
            continue
        if decl.name in symbols.functions:
            diags.append(error("duplicate-name", where, f"'{decl.name}' is a {symbols.kind_of(decl.name)}",
                               "choose another name for the variable"))
            continue
        sort = _sort(decl.sort, f"{where}.sort", symbols, diags)
        if sort is not None:
            out[decl.name] = sort
        else:
            symbols.broken.add(decl.name)
    return out


def too_many_declarations(program: Program) -> list[Diagnostic]:
    """An error for each section with more than MAX_DECLARATIONS declarations (counted, nothing read).
    `load_program` counts the JSON the same way first; this holds a `Program` built in Python to it."""
    return too_many_in_sections({"sorts": len(program.sorts), "functions": len(program.functions),
                                 "constants": sum(len(g.members) for g in program.constants.values()),
                                 "variables": len(program.variables)})


def build_symbols(program: Program) -> tuple[Symbols, list[Diagnostic]]:
    symbols, diags = Symbols(), too_many_declarations(program)
    if diags:
        return symbols, diags
    _declare_sorts(program, symbols, diags)
    _declare_functions(program, symbols, diags)
    _declare_constants(program, symbols, diags)
    for i, decl in enumerate(program.variables):
        path = f"variables[{i}]"
        sort = _sort(decl.sort, f"{path}.sort", symbols, diags)
        if sort is None:
            symbols.broken.add(decl.name)
        elif _check_name(decl.name, f"{path}.name", symbols, diags, sort):
            symbols.variables[decl.name] = sort
    return symbols, diags
