"""The check of a letter template before it is saved or rendered: it walks the parsed template and
allows only the merge fields, the filters and tests listed below, {% if %}, {% for %}, {% set %}
and macros defined earlier in the template, each name resolved in its scope; Jinja's globals
(range, lipsum, cycler, joiner, namespace, dict), method calls, brackets, arithmetic, includes and
imports are refused by name."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from jinja2 import StrictUndefined, TemplateSyntaxError, nodes
from jinja2.sandbox import SandboxedEnvironment

from .context import FIELDS

TEMPLATE_MAX_SOURCE = 20_000  # characters of a subject or body

# What a template may use besides the merge fields, macros it defines and loop variables.
ALLOWED_FILTERS = frozenset(
    {"upper", "lower", "title", "capitalize", "trim", "default", "d", "truncate", "length", "count",
     "first", "last", "string", "int", "round", "wordcount", "striptags", "reverse"}
)  # fmt: skip
ALLOWED_TESTS = frozenset(
    {"defined", "undefined", "none", "number", "string", "integer", "odd", "even", "divisibleby", "eq",
     "equalto", "ne", "lt", "lessthan", "le", "gt", "greaterthan", "ge", "in", "lower", "upper", "true", "false"}
)  # fmt: skip
# Jinja's global functions a template may call: none (range, lipsum, cycler, joiner, namespace, dict
# are refused by name). Add a name here only with a reason; rendering caps range() regardless.
ALLOWED_GLOBALS: frozenset[str] = frozenset()
LOOP_ATTRIBUTES = frozenset(
    {"index", "index0", "revindex", "revindex0", "first", "last", "length", "previtem", "nextitem", "depth",
     "depth0"}
)  # fmt: skip
TAGS = {
    nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from … import", nodes.Extends: "extends",
    nodes.Block: "block", nodes.CallBlock: "call", nodes.FilterBlock: "filter", nodes.With: "with",
    nodes.ExprStmt: "do", nodes.Scope: "autoescape", nodes.OverlayScope: "autoescape",
    nodes.EvalContextModifier: "autoescape", nodes.ScopedEvalContextModifier: "autoescape",
}  # fmt: skip


@dataclass
class TemplateCheck:
    errors: list[str] = field(default_factory=list)
    used: set[str] = field(default_factory=set)


def _environment() -> SandboxedEnvironment:
    # Text output: the letter is plain text; pages and PDFs escape it when they show it.
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


class _Scope:
    """Names bound by the template itself: loop targets, macro parameters, {% set %}, macros."""

    def __init__(self, parent: _Scope | None = None):
        self.parent, self.names = parent, {}

    def child(self) -> _Scope:
        return _Scope(self)

    def lookup(self, name: str) -> str | None:
        scope = self
        while scope is not None:
            if name in scope.names:
                return scope.names[name]
            scope = scope.parent
        return None


class _Checker:
    """Walks the parsed template and allows only what a letter needs: merge fields, the allowed
    filters and tests, conditions, loops, {% set %}, and macros defined earlier in the template
    (so none can call itself). Each name is resolved in the scope where it appears: a macro
    parameter or loop variable named like a global hides it only inside its macro or loop."""

    def __init__(self):
        self.errors: list[str] = []
        self.fields: list[str] = []  # merge fields read from the State's values (checked after the walk)
        self.probed: list[str] = []  # merge fields only tested with `is defined`

    def refuse(self, message: str) -> None:
        if message not in self.errors:
            self.errors.append(message)

    def visit_all(self, items, scope: _Scope) -> None:
        for item in items or ():
            self.visit(item, scope)

    def visit(self, node, scope: _Scope) -> None:
        if node is None:
            return
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is not None:
            method(node, scope)
        elif type(node) in TAGS:
            self.refuse(_("{%% %(tag)s %%} is not allowed in a letter template.") % {"tag": TAGS[type(node)]})
        elif isinstance(node, nodes.BinExpr | nodes.Concat):
            self.refuse(
                _("Arithmetic and ~ are not allowed in a letter template: write the text around the merge fields.")
            )
        else:
            self.refuse(_("%(construct)s is not allowed in a letter template.") % {"construct": type(node).__name__})

    # statements
    def visit_Template(self, node, scope):
        self.visit_all(node.body, scope)

    def visit_Output(self, node, scope):
        self.visit_all(node.nodes, scope)

    def visit_If(self, node, scope):  # an {% if %} opens no scope in Jinja: a {% set %} in it stays
        probed = len(self.probed)
        self.visit(node.test, scope)
        guarded = set(self.probed[probed:]) & _defined_by(node.test)
        before = len(self.fields)
        self.visit_all(node.body, scope)
        # `{% if deadline.article4 is defined %}… {{ deadline.article4 }}{% endif %}`: guarded, not required
        self.probed.extend(name for name in self.fields[before:] if name in guarded)
        self.fields[before:] = [name for name in self.fields[before:] if name not in guarded]
        self.visit_all(node.elif_, scope)
        self.visit_all(node.else_, scope)

    def visit_For(self, node, scope):
        if node.recursive:
            self.refuse(_("A recursive loop is not allowed in a letter template."))
        self.visit(node.iter, scope)
        inner = scope.child()
        self.bind(node.target, inner, "local")
        inner.names["loop"] = "loop"
        self.visit(node.test, inner)
        self.visit_all(node.body, inner)
        self.visit_all(node.else_, scope)

    def visit_Macro(self, node, scope):
        self.visit_all(node.defaults, scope)
        inner = scope.child()
        for argument in node.args:
            self.bind(argument, inner, "local")
        self.visit_all(node.body, inner)
        self.bind(nodes.Name(node.name, "store"), scope, "macro")  # after its body: it cannot call itself

    def visit_Assign(self, node, scope):
        self.visit(node.node, scope)
        self.bind(node.target, scope, "local")

    def visit_AssignBlock(self, node, scope):
        if node.filter is not None:
            self.visit(node.filter, scope)
        self.visit_all(node.body, scope.child())
        self.bind(node.target, scope, "local")

    def bind(self, target, scope: _Scope, kind: str) -> None:
        if isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, scope, kind)
        elif isinstance(target, nodes.Name):
            if scope.lookup(target.name) == "macro":
                self.refuse(_("%(name)s is already a macro: give this another name.") % {"name": target.name})
            scope.names[target.name] = kind
        else:
            self.refuse(_("Only a plain name can be assigned in a letter template."))

    # expressions
    def visit_TemplateData(self, node, scope):
        pass

    def visit_Const(self, node, scope):
        pass

    def visit_Tuple(self, node, scope):
        self.visit_all(node.items, scope)

    visit_List = visit_Tuple

    def visit_Name(self, node, scope):
        if scope.lookup(node.name) is not None:
            return
        if node.name in JINJA_GLOBALS and node.name not in ALLOWED_GLOBALS:
            self.refuse(_("%(name)s() is not allowed in a letter template.") % {"name": node.name})
        else:
            self.fields.append(node.name)

    def visit_Getattr(self, node, scope):
        if node.attr.startswith("_"):
            self.refuse(
                _("{{ %(expression)s }} is not allowed in a letter template.") % {"expression": _describe(node)}
            )
            return
        base = node.node
        if isinstance(base, nodes.Name):
            kind = scope.lookup(base.name)
            if kind is None and base.name not in JINJA_GLOBALS:
                self.fields.append(f"{base.name}.{node.attr}")
                return
            if kind == "loop" and node.attr not in LOOP_ATTRIBUTES:
                self.refuse(_("{{ loop.%(attr)s }} is not allowed in a letter template.") % {"attr": node.attr})
                return
        self.visit(base, scope)

    def visit_Getitem(self, node, scope):
        self.refuse(
            _("Brackets are not allowed in a letter template: write {{ state.name }}, not {{ state['name'] }}.")
        )

    def visit_Call(self, node, scope):
        target = node.node
        if isinstance(target, nodes.Name) and scope.lookup(target.name) == "macro":
            pass
        elif isinstance(target, nodes.Name) and scope.lookup(target.name) is None and target.name in JINJA_GLOBALS:
            if target.name not in ALLOWED_GLOBALS:
                self.refuse(_("%(name)s() is not allowed in a letter template.") % {"name": target.name})
        else:
            self.refuse(
                _("%(what)s(): only a macro defined earlier in the template can be called (not from itself).")
                % {"what": _describe(target)}
            )
        self.visit_arguments(node, scope)

    def visit_arguments(self, node, scope):
        if node.dyn_args is not None or node.dyn_kwargs is not None:
            self.refuse(_("*args and **kwargs are not allowed in a letter template."))
        self.visit_all(node.args, scope)
        for keyword in node.kwargs:
            self.visit(keyword.value, scope)

    def visit_Filter(self, node, scope):
        if node.name not in ALLOWED_FILTERS:
            self.refuse(
                _("The filter %(name)s is not allowed in a letter template (allowed: %(allowed)s).")
                % {"name": node.name, "allowed": ", ".join(sorted(ALLOWED_FILTERS))}
            )
        # `{{ deadline.article4|default("…") }}`: a State without the value is not an error
        self.visit_operand(node.node, scope, probe=node.name in ("default", "d"))
        self.visit_arguments(node, scope)

    def visit_Test(self, node, scope):
        if node.name not in ALLOWED_TESTS:
            self.refuse(
                _("The test %(name)s is not allowed in a letter template (allowed: %(allowed)s).")
                % {"name": node.name, "allowed": ", ".join(sorted(ALLOWED_TESTS))}
            )
        # `{% if deadline.article4 is defined %}`: a State without the value is not an error
        self.visit_operand(node.node, scope, probe=node.name in ("defined", "undefined"))
        self.visit_arguments(node, scope)

    def visit_operand(self, node, scope, *, probe: bool) -> None:
        """Visit what a filter or test applies to; a merge field only probed for a value is
        checked (it must exist) but not required of every State."""
        if not probe or not isinstance(node, nodes.Name | nodes.Getattr):
            self.visit(node, scope)
            return
        before = len(self.fields)
        self.visit(node, scope)
        self.probed.extend(self.fields[before:])
        del self.fields[before:]

    def visit_Compare(self, node, scope):
        self.visit(node.expr, scope)
        for operand in node.ops:
            self.visit(operand.expr, scope)

    def visit_CondExpr(self, node, scope):
        self.visit(node.test, scope)
        self.visit(node.expr1, scope)
        self.visit(node.expr2, scope)

    def visit_And(self, node, scope):
        self.visit(node.left, scope)
        self.visit(node.right, scope)

    visit_Or = visit_And

    def visit_Not(self, node, scope):
        self.visit(node.node, scope)

    visit_Neg = visit_Pos = visit_Not


JINJA_GLOBALS = frozenset(_environment().globals)


def _defined_by(test) -> set[str]:
    """The fields an {% if %} test requires to be defined: `x is defined`, or several joined by `and`."""
    if isinstance(test, nodes.And):
        left, right = _defined_by(test.left), _defined_by(test.right)
        return left | right if left and right else set()
    if isinstance(test, nodes.Test) and test.name == "defined" and isinstance(test.node, nodes.Name | nodes.Getattr):
        return {_describe(test.node)}
    return set()


def _describe(node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_describe(node.node)}.{node.attr}"
    return "…"


def check_template(source: str) -> TemplateCheck:
    """Syntax errors, unknown merge fields and constructs a letter may not use, as messages for the form."""
    check = TemplateCheck()
    if len(source) > TEMPLATE_MAX_SOURCE:
        check.errors.append(
            _("The template is longer than %(n)d characters and was refused.") % {"n": TEMPLATE_MAX_SOURCE}
        )
        return check
    checker = _Checker()
    try:
        checker.visit(_environment().parse(source), _Scope())
    except TemplateSyntaxError as error:
        check.errors.append(_("Line %(line)s: %(message)s") % {"line": error.lineno, "message": error.message})
        return check
    except RecursionError:
        check.errors.append(_("The template is nested too deeply and was refused."))
        return check
    check.errors.extend(checker.errors)
    groups = {name.split(".")[0] for name in FIELDS}
    unknown = []
    for name in sorted(set(checker.fields) | set(checker.probed)):
        if name in FIELDS:
            if name in checker.fields:
                check.used.add(name)
        elif "." not in name and name in groups:
            example = next(f for f in FIELDS if f.startswith(name + "."))
            message = _("{{ %(name)s }} is a group: name one of its fields, e.g. {{ %(example)s }}.")
            unknown.append(message % {"name": name, "example": example})
        else:
            unknown.append(_("Unknown merge field {{ %(name)s }}.") % {"name": name})
    check.errors.extend(unknown)
    return check
