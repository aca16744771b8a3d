"""The bounded sandbox: a checked template rendered within limits (loop iterations, macro calls,
output size, time), counted as it goes; any error or limit becomes a MergeError for the author,
and a template is rendered on trial with a value for every field before it is saved
(template_errors)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.utils.translation import gettext as _
from jinja2 import StrictUndefined, nodes, pass_context
from jinja2.sandbox import SandboxedEnvironment

from .check import check_template
from .context import FIELDS, sample_context


class MergeError(Exception):
    """A template that cannot be rendered for a State: the message says which fields and why."""


class TemplateLimitError(MergeError):
    """Rendering stopped at one of the limits below (iterations, calls, output size, time)."""


# A letter template is text with merge fields, a few conditions and loops: these bound what one
# rendering may cost, whatever the author wrote (checked while it renders; no signal needed).
RENDER_MAX_OUTPUT = 200_000  # characters of the rendered text
RENDER_MAX_WRITTEN = 1_000_000  # characters written on the way, counting macros' text each time it is used
RENDER_MAX_ITERATIONS = 10_000  # loop iterations, all loops together
RENDER_MAX_CALLS = 1_000  # macro calls
RENDER_MAX_SECONDS = 2.0
_ITERATE, _WRITE = "ccm_portal_iterate", "ccm_portal_write"


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
