"""Merge fields: the fixed, documented list of values a letter template may use, built from the
register, and the sandboxed rendering of a template the ISU edits in the browser.

Templates use Jinja syntax ({{ state.official_name }}) in a sandbox with StrictUndefined: a
field that does not exist is refused when the template is saved, and a field that has no value
for a State (no Article 4 deadline, no figure reported) is reported per State, by name, rather
than printed empty (unless the template only probes it: `is defined`, `|default`).

A template is text for a letter, not a program. check_template walks the parsed template and
allows only the merge fields, the filters and tests listed below, {% if %}, {% for %}, {% set %}
and macros defined earlier in the template, each name resolved in its scope; Jinja's globals
(range, lipsum, cycler, joiner, namespace, dict), method calls, brackets, arithmetic, includes and
imports are refused by name. Rendering runs within limits (loop iterations, macro calls, output
size, time), counted as it goes; any error or limit becomes a MergeError for the author, and a
template is rendered on trial with a value for every field before it is saved (template_errors).
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field

from django.utils import formats, translation
from django.utils.translation import gettext as _
from jinja2 import StrictUndefined, TemplateSyntaxError, nodes, pass_context
from jinja2.sandbox import SandboxedEnvironment

from directory.models import Mandate

# name → what it holds (shown next to the template editor)
FIELDS: dict[str, str] = {
    "state.name": "Short name of the State (Iraq)",
    "state.official_name": "Official name (Republic of Iraq); the short name when none is recorded",
    "state.capital": "Capital",
    "address.salutation": "Opening: 'Excellency,' / 'Excellence,' / 'Excelencia:'",
    "address.form": "Form of address: 'Your Excellency' / 'Votre Excellence' / 'Su Excelencia'",
    "address.addressee": "Addressee from the State's primary contact (H.E. the Ambassador)",
    "address.channel": "The contact's name (Permanent Mission of ... in Geneva, embassy, ministry)",
    "signatory.name": "Who signs the letter",
    "signatory.title": "The signatory's title",
    "area.name": "The thematic area writing (or whose paragraph this is)",
    "area.coordinators": "The States coordinating that area in the current term (Italy and Chile)",
    "term.name": "The term (7MSP)",
    "term.presidency": "The State holding the Presidency",
    "deadline.article3": "Article 3 stockpile destruction deadline (extended one if granted)",
    "deadline.article4": "Article 4 clearance deadline (extended one if granted)",
    "article7.overdue_years": "Years of overdue Article 7 reports (2016, 2017)",
    "article7.overdue_count": "Number of overdue Article 7 reports",
    "figures.contaminated": "Latest contaminated area remaining (km²)",
    "figures.cleared": "Latest area cleared in a year (km²)",
    "figures.victims": "Latest registered cluster munition victims",
    "figures.operators": "Latest number of accredited clearance operators",
    "figures.stockpile": "Latest cluster munitions in stockpile",
    "today": "Today's date, in the letter's language",
    "reply_by": "The date by which an answer is asked for",
    "reference": "The letter's reference number (CCM/ISU/2017/0042)",
    "area_paragraphs": "In a consolidated letter: the paragraphs of every area targeting the State",
}

SALUTATION = {"en": "Excellency,", "fr": "Excellence,", "es": "Excelencia:"}
FORM_OF_ADDRESS = {"en": "Your Excellency", "fr": "Votre Excellence", "es": "Su Excelencia"}
CONJUNCTION = {"en": "and", "fr": "et", "es": "y"}


class MergeError(Exception):
    """A template that cannot be rendered for a State: the message says which fields and why."""


class TemplateLimitError(MergeError):
    """Rendering stopped at one of the limits below (iterations, calls, output size, time)."""


# A letter template is text with merge fields, a few conditions and loops: these bound what one
# rendering may cost, whatever the author wrote (checked while it renders; no signal needed).
TEMPLATE_MAX_SOURCE = 20_000  # characters of a subject or body
RENDER_MAX_OUTPUT = 200_000  # characters of the rendered text
RENDER_MAX_WRITTEN = 1_000_000  # characters written on the way, counting macros' text each time it is used
RENDER_MAX_ITERATIONS = 10_000  # loop iterations, all loops together
RENDER_MAX_CALLS = 1_000  # macro calls
RENDER_MAX_SECONDS = 2.0

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
_ITERATE, _WRITE = "ccm_portal_iterate", "ccm_portal_write"


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


def format_date(value: datetime.date, language: str) -> str:
    with translation.override(language):
        return formats.date_format(value, "j F Y")


def join_names(names: list[str], language: str) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + f" {CONJUNCTION.get(language, 'and')} " + names[-1]


def _number(value) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text


def state_context(state, *, language: str, term=None, area=None, today=None) -> dict:
    """The merge values of one State (and area), from the register. A value the register does
    not hold is left out, so that a template using it fails for that State by name."""
    today = today or datetime.date.today()
    contact = state.outreach_contacts.order_by("-is_primary", "kind", "pk").first()
    address = {"salutation": SALUTATION[language], "form": FORM_OF_ADDRESS[language]}
    if contact is not None:
        address["channel"] = contact.name
        if contact.addressee:
            address["addressee"] = contact.addressee
    context: dict = {
        "state": {"name": state.name, "official_name": state.official_name or state.name},
        "address": address,
        "today": format_date(today, language),
    }
    if state.capital:
        context["state"]["capital"] = state.capital
    if term is not None:
        context["term"] = {"name": term.name, "presidency": term.presidency.name}
    if area is not None:
        names = [m.state.name for m in Mandate.objects.filter(area=area, term=term).select_related("state")]
        context["area"] = {"name": area.name}
        if names:
            context["area"]["coordinators"] = join_names(names, language)
    deadlines = {}
    for obligation in state.obligations.all():
        if obligation.completed is None:
            deadlines[f"article{obligation.article}"] = format_date(obligation.deadline, language)
    if deadlines:
        context["deadline"] = deadlines
    overdue = sorted(r.year for r in state.article7_reports.all() if r.submitted is None and r.due and r.due < today)
    if overdue:
        context["article7"] = {"overdue_years": ", ".join(str(y) for y in overdue), "overdue_count": len(overdue)}
    figures = {}
    for figure in state.figures.order_by("as_of"):
        figures[figure.indicator] = _number(figure.value)
    if figures:
        context["figures"] = figures
    return context


def campaign_context(campaign, state, *, reference: str = "", today=None) -> dict:
    context = state_context(state, language=campaign.language, term=campaign.term, area=campaign.area, today=today)
    context["signatory"] = {"name": campaign.signatory_name}
    if campaign.signatory_title:
        context["signatory"]["title"] = campaign.signatory_title
    if campaign.reply_by:
        context["reply_by"] = format_date(campaign.reply_by, campaign.language)
    if reference:
        context["reference"] = reference
    return context


def _has(context: dict, name: str) -> bool:
    value = context
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return False
        value = value[part]
    return True


def _render_error(error: Exception) -> str:
    if isinstance(error, TemplateLimitError):
        return _("The template stopped: %(reason)s.") % {"reason": error}
    if isinstance(error, MergeError):
        return str(error)
    if isinstance(error, RecursionError | MemoryError):
        return _("The template stopped: it is nested too deeply.")
    return _("The template cannot be rendered: %(error)s") % {"error": error}


@dataclass
class _Budget:
    """What one rendering has spent: checked on every loop iteration, macro call and piece of text."""

    deadline: float
    iterations: int = 0
    calls: int = 0
    written: int = 0

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateLimitError(_("it took longer than %(n)s seconds") % {"n": f"{RENDER_MAX_SECONDS:g}"})

    def iterate(self, iterable):
        for item in iterable:
            self.iterations += 1
            if self.iterations > RENDER_MAX_ITERATIONS:
                raise TemplateLimitError(_("more than %(n)d loop iterations") % {"n": RENDER_MAX_ITERATIONS})
            self.check_time()
            yield item

    def call(self) -> None:
        self.calls += 1
        if self.calls > RENDER_MAX_CALLS:
            raise TemplateLimitError(_("more than %(n)d macro calls") % {"n": RENDER_MAX_CALLS})
        self.check_time()

    def write(self, length: int) -> None:
        self.written += length
        if length > RENDER_MAX_OUTPUT or self.written > RENDER_MAX_WRITTEN:
            raise self.too_long()
        self.check_time()

    @staticmethod
    def too_long() -> TemplateLimitError:
        return TemplateLimitError(_("the text would be longer than %(n)d characters") % {"n": RENDER_MAX_OUTPUT})

    def range(self, *args):  # Jinja's range, capped (the check refuses it in templates anyway)
        values = range(*args)
        if len(values) > RENDER_MAX_ITERATIONS:
            raise TemplateLimitError(_("more than %(n)d loop iterations") % {"n": RENDER_MAX_ITERATIONS})
        return values


@pass_context
def _iterate_filter(context, value):
    return context.environment.budget.iterate(value)


@pass_context
def _write_filter(context, value):
    text = str(value)
    context.environment.budget.write(len(text))
    return text


class _LimitedEnvironment(SandboxedEnvironment):
    """The sandbox with a budget: no global but a capped range(), every call counted and timed;
    the template's loops and output go through the budget's filters (see _render_limited)."""

    def __init__(self, budget: _Budget):
        super().__init__(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
        self.budget = budget
        self.globals = {"range": budget.range}
        self.filters[_ITERATE] = _iterate_filter
        self.filters[_WRITE] = _write_filter

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805
        __self.budget.call()
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, str):
            __self.budget.write(len(result))
        return result


def _render_limited(source: str, context: dict) -> str:
    """Render a checked template within the limits; raises TemplateLimitError or Jinja's errors."""
    budget = _Budget(deadline=time.monotonic() + RENDER_MAX_SECONDS)
    environment = _LimitedEnvironment(budget)
    tree = environment.parse(source)
    for loop in list(tree.find_all(nodes.For)):
        loop.iter = nodes.Filter(loop.iter, _ITERATE, [], [], None, None, lineno=loop.lineno)
    for output in list(tree.find_all(nodes.Output)):
        output.nodes = [nodes.Filter(part, _WRITE, [], [], None, None, lineno=part.lineno) for part in output.nodes]
    template = environment.from_string(tree)
    pieces, size = [], 0
    for piece in template.generate(context):
        size += len(piece)
        if size > RENDER_MAX_OUTPUT:
            raise budget.too_long()
        budget.check_time()
        pieces.append(piece)
    return "".join(pieces).strip()


def sample_context() -> dict:
    """A value for every merge field: the trial render of a template being saved uses it."""
    context: dict = {}
    for name in FIELDS:
        *groups, last = name.split(".")
        target = context
        for group in groups:
            target = target.setdefault(group, {})
        target[last] = 2 if name == "article7.overdue_count" else f"[{name}]"
    return context


def template_errors(source: str) -> list[str]:
    """Why a template (a subject or a body) cannot be saved: what the check refuses, or what a trial
    render with a value for every merge field runs into (an error, a limit). Empty: it can be saved."""
    check = check_template(source)
    if check.errors:
        return check.errors
    try:
        _render_limited(source, sample_context())
    except Exception as error:  # whatever the template does is the author's to fix, never a 500
        return [_render_error(error)]
    return []


def render(source: str, context: dict, *, label: str = "") -> str:
    """Render a template for one State; MergeError names the fields without a value, or says why
    the template cannot be rendered (a construct refused, an error, a limit reached)."""
    who = f"{label}: " if label else ""
    check = check_template(source)
    if check.errors:
        raise MergeError(who + "; ".join(check.errors))
    missing = sorted(name for name in check.used if name in FIELDS and not _has(context, name))
    if missing:
        fields = ", ".join("{{ " + name + " }}" for name in missing)
        raise MergeError(_("%(who)sno value for %(fields)s.") % {"who": who, "fields": fields})
    groups = {name.split(".")[0] for name in FIELDS if "." in name}
    context = {**{group: {} for group in groups}, **context}  # `deadline.article4 is defined` needs the group
    try:
        return _render_limited(source, context)
    except Exception as error:  # a template error or a limit: a message for its author, never a 500
        raise MergeError(who + _render_error(error)) from error
