"""Expressions in mathematical notation (∀ ∃ → ∧ ∨ ¬), as escaped HTML, from the parser's AST.

One walker over `pot.dsl.ast` nodes, kept to this module so that it is the only place to
adapt when the expression tree changes. Every name and literal goes through `escape`;
the markup around them is ours. Parentheses are written only where precedence needs them.
"""

from __future__ import annotations

from fractions import Fraction

from markupsafe import Markup, escape

from pot.dsl.ast import BinOp, Call, Compare, Index, ListOf, Literal, Name, Node, Unary
from pot.dsl.parser import ExprSyntaxError, parse_expression

MAX_RENDER_DEPTH = 150
"""Deeper trees are shown as their source text: the walker recurses, and no reader follows them anyway."""

# Binding strength, loosest first: a child looser than its slot gets parentheses.
_QUANT, _IMPLIES, _OR, _AND, _NOT, _CMP, _ADD, _MUL, _UNARY, _POW, _ATOM = range(11)

_COMPARE = {"==": "=", "!=": "≠", "<=": "≤", ">=": "≥", "<": "&lt;", ">": "&gt;"}
_ARITH = {"+": ("+", _ADD), "-": ("−", _ADD), "*": ("×", _MUL), "/": ("/", _MUL), "%": ("mod", _MUL),
          "&": ("&amp;", _CMP), "|": ("|", _CMP), "^": ("^", _CMP), "<<": ("≪", _CMP), ">>": ("≫", _CMP)}
_CONNECTIVE = {"And": ("∧", _AND), "Or": ("∨", _OR), "Xor": ("⊕", _OR)}


def _op(symbol: str) -> Markup:
    return Markup(f' <span class="op">{symbol}</span> ')


def _wrap(text: Markup, level: int, slot: int) -> Markup:
    return Markup("(") + text + Markup(")") if level < slot else text


class _Walker:
    """Render one tree; bound variables (under ∀/∃) are set in italics."""

    def __init__(self) -> None:
        self.bound: list[set[str]] = []

    def render(self, node: Node) -> tuple[Markup, int]:
        if isinstance(node, Name):
            cls = "var" if any(node.id in scope for scope in self.bound) else "sym"
            return Markup(f'<span class="{cls}">{escape(node.id)}</span>'), _ATOM
        if isinstance(node, Literal):
            return _literal(node), _ATOM
        if isinstance(node, Call):
            return self._call(node)
        if isinstance(node, Compare):
            parts = [self.at(node.operands[0], _CMP + 1)]
            for op, operand in zip(node.ops, node.operands[1:], strict=False):
                parts += [_op(_COMPARE.get(op, op)), self.at(operand, _CMP + 1)]
            return Markup("").join(parts), _CMP
        if isinstance(node, BinOp):
            if node.op == "**":
                return self.at(node.left, _POW + 1) + Markup("<sup>") + self.at(node.right, _UNARY) + \
                    Markup("</sup>"), _POW
            symbol, level = _ARITH.get(node.op, (str(escape(node.op)), _ADD))
            right_slot = level + 1
            return self.at(node.left, level) + _op(symbol) + self.at(node.right, right_slot), level
        if isinstance(node, Unary):
            symbol = {"-": "−", "+": "+", "~": "~"}.get(node.op, str(escape(node.op)))
            return Markup(symbol) + self.at(node.operand, _UNARY), _UNARY
        if isinstance(node, Index):
            return self.at(node.base, _ATOM) + Markup("[") + self.at(node.index, _QUANT) + Markup("]"), _ATOM
        if isinstance(node, ListOf):
            return Markup("[") + self.join(node.items) + Markup("]"), _ATOM
        raise TypeError(f"not an expression node: {type(node).__name__}")

    def at(self, node: Node, slot: int) -> Markup:
        text, level = self.render(node)
        return _wrap(text, level, slot)

    def join(self, items: tuple[Node, ...]) -> Markup:
        return Markup(", ").join(self.at(item, _QUANT) for item in items)

    def _call(self, node: Call) -> tuple[Markup, int]:
        name, args = node.func, node.args
        items = args[0].items if len(args) == 1 and isinstance(args[0], ListOf) else args  # And([a, b])
        if name in _CONNECTIVE and len(items) >= 2:
            symbol, level = _CONNECTIVE[name]
            return _op(symbol).join(self.at(a, level + 1) for a in items), level
        if name == "Not" and len(args) == 1:  # ¬ binds tightly: ¬(a = b), but ¬¬a
            inner = args[0]
            slot = _NOT if isinstance(inner, Call) and inner.func == "Not" else _CMP + 1
            return Markup('<span class="op">¬</span>') + self.at(inner, slot), _NOT
        if name == "Implies" and len(args) == 2:
            return self.at(args[0], _IMPLIES + 1) + _op("→") + self.at(args[1], _IMPLIES), _IMPLIES
        if name in ("ForAll", "Exists") and len(args) == 2 and isinstance(args[0], ListOf):
            names = {item.id for item in args[0].items if isinstance(item, Name)}
            self.bound.append(names)
            try:
                head = self.join(args[0].items)
                body = self.at(args[1], _QUANT)
            finally:
                self.bound.pop()
            symbol = "∀" if name == "ForAll" else "∃"
            return Markup('<span class="op q">{}</span>').format(symbol) + head + Markup(". ") + body, _QUANT
        if name == "If" and len(args) == 3:
            kw = Markup('<span class="kw">{}</span> ')
            return (kw.format("if") + self.at(args[0], _IMPLIES) + Markup(" ") + kw.format("then")
                    + self.at(args[1], _IMPLIES) + Markup(" ") + kw.format("else") + self.at(args[2], _IMPLIES),
                    _QUANT)
        return Markup(f'<span class="fn">{escape(name)}</span>(') + self.join(args) + Markup(")"), _ATOM


def _literal(node: Literal) -> Markup:
    value = node.value
    if node.kind == "bool":
        return Markup('<span class="lit">{}</span>').format("⊤" if value else "⊥")
    if node.kind == "str":
        return Markup('<span class="lit">“{}”</span>').format(value)
    if isinstance(value, Fraction):
        text = str(value.numerator) if value.denominator == 1 else f"{float(value):g}"
        return Markup(f'<span class="lit">{escape(text)}</span>')
    return Markup(f'<span class="lit">{escape(str(value))}</span>')


def render_node(node: Node) -> Markup:
    """A parsed expression in notation (raises RecursionError only past MAX_RENDER_DEPTH)."""
    return _Walker().at(node, _QUANT)


def formula(text: str, *, negate: bool = False, bound: list[tuple[str, str]] | None = None,
            slot: int = _QUANT) -> Markup:
    """An expression string in notation; its escaped source text when it does not parse.

    `negate` puts ¬ in front (a fact with `value: false`); `bound` names the variables a
    surrounding ∀/∃ binds; `slot` is the binding strength of the place it goes.
    """
    try:
        node = parse_expression(text)
        if node.depth > MAX_RENDER_DEPTH:
            raise ExprSyntaxError("too deep to draw", None)
    except (ExprSyntaxError, RecursionError):
        return Markup('<code class="raw">{}</code>').format(text)
    walker = _Walker()
    if bound:
        walker.bound.append({name for name, _ in bound})
    if negate:
        return Markup('<span class="op">¬</span>') + walker.at(node, _CMP + 1)
    return walker.at(node, slot)


def implication(antecedent: str, consequent: str, bound: list[tuple[str, str]] | None = None) -> Markup:
    """The `implies` field of a rule or verification: antecedent → consequent."""
    return formula(antecedent, bound=bound, slot=_IMPLIES + 1) + _op("→") + formula(consequent, bound=bound,
                                                                                   slot=_IMPLIES)


def quantified(variables: list[tuple[str, str]], body: Markup, exists: bool = False) -> Markup:
    """∀x:S, y:T. body — the `forall`/`exists` fields of a rule or verification."""
    if not variables:
        return body
    head = Markup(", ").join(Markup('<span class="var">{}</span><span class="sort">:{}</span>').format(name, sort)
                             for name, sort in variables)
    return Markup('<span class="op q">{}</span>').format("∃" if exists else "∀") + head + Markup(". ") + body
