"""What an agent reads to learn the language: the specification, the grammar, worked examples.

The specification and examples ship inside the package (`dsl_spec/` here is a copy of the
repository's `dsl_spec/`, kept identical by a test), so a non-editable install serves them
without the source tree. Plain data, no MCP types: the server turns these into resources.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files

SPEC_URI = "pot://dsl/spec"
GRAMMAR_URI = "pot://dsl/grammar"
EXAMPLE_URI = "pot://dsl/examples/{name}"


@dataclass(frozen=True)
class Document:
    """One text an agent can read, under a stable URI."""

    uri: str
    name: str
    description: str
    mime_type: str
    text: str


def spec() -> Document:
    text = (files("pot.agent") / "dsl_spec" / "README.md").read_text(encoding="utf-8")
    return Document(SPEC_URI, "dsl-spec", "The pot program language: structure, expressions, verdicts, "
                    "what is refused and what to write instead.", "text/markdown", text)


def grammar() -> Document:
    text = (files("pot.dsl") / "expressions.lark").read_text(encoding="utf-8")
    return Document(GRAMMAR_URI, "dsl-grammar", "The lark grammar of expressions (the strings in facts, "
                    "rules and verifications).", "text/plain", text)


def examples() -> list[Document]:
    """Every worked example program, in name order."""
    folder = files("pot.agent") / "dsl_spec" / "examples"
    entries = sorted((e for e in folder.iterdir() if e.name.endswith(".json")), key=lambda e: e.name)
    out = []
    for entry in entries:
        name = entry.name.removesuffix(".json")
        out.append(Document(EXAMPLE_URI.format(name=name), f"example-{name}",
                            f"A worked example program: {name.replace('_', ' ')}.", "application/json",
                            entry.read_text(encoding="utf-8")))
    return out


def documents() -> list[Document]:
    return [spec(), grammar(), *examples()]
