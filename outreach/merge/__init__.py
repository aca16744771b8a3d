"""Merge fields: the fixed, documented list of values a letter template may use, built from the
register, and the sandboxed rendering of a template the ISU edits in the browser.

Templates use Jinja syntax ({{ state.official_name }}) in a sandbox with StrictUndefined: a
field that does not exist is refused when the template is saved, and a field that has no value
for a State (no Article 4 deadline, no figure reported) is reported per State, by name, rather
than printed empty (unless the template only probes it: `is defined`, `|default`).

A template is text for a letter, not a program. check_template (check.py) walks the parsed
template and allows only the merge fields, the filters and tests listed there, {% if %},
{% for %}, {% set %} and macros defined earlier in the template, each name resolved in its scope;
Jinja's globals (range, lipsum, cycler, joiner, namespace, dict), method calls, brackets,
arithmetic, includes and imports are refused by name. Rendering (sandbox.py) runs within limits
(loop iterations, macro calls, output size, time), counted as it goes; any error or limit becomes
a MergeError for the author, and a template is rendered on trial with a value for every field
before it is saved (template_errors). The fields and their values are in context.py.

Callers use `merge.<name>`: the public names are re-exported here. The limits are read where they
are used: a test changing one patches the module that holds it (outreach.merge.sandbox,
outreach.merge.check), not this package.
"""

from .check import (
    ALLOWED_FILTERS,
    ALLOWED_GLOBALS,
    ALLOWED_TESTS,
    JINJA_GLOBALS,
    LOOP_ATTRIBUTES,
    TAGS,
    TEMPLATE_MAX_SOURCE,
    TemplateCheck,
    check_template,
)
from .context import (
    CONJUNCTION,
    FIELDS,
    FORM_OF_ADDRESS,
    SALUTATION,
    campaign_context,
    format_date,
    join_names,
    sample_context,
    state_context,
)
from .sandbox import (
    RENDER_MAX_CALLS,
    RENDER_MAX_ITERATIONS,
    RENDER_MAX_OUTPUT,
    RENDER_MAX_SECONDS,
    RENDER_MAX_WRITTEN,
    MergeError,
    TemplateLimitError,
    render,
    template_errors,
)

__all__ = [
    "ALLOWED_FILTERS",
    "ALLOWED_GLOBALS",
    "ALLOWED_TESTS",
    "CONJUNCTION",
    "FIELDS",
    "FORM_OF_ADDRESS",
    "JINJA_GLOBALS",
    "LOOP_ATTRIBUTES",
    "RENDER_MAX_CALLS",
    "RENDER_MAX_ITERATIONS",
    "RENDER_MAX_OUTPUT",
    "RENDER_MAX_SECONDS",
    "RENDER_MAX_WRITTEN",
    "SALUTATION",
    "TAGS",
    "TEMPLATE_MAX_SOURCE",
    "MergeError",
    "TemplateCheck",
    "TemplateLimitError",
    "campaign_context",
    "check_template",
    "format_date",
    "join_names",
    "render",
    "sample_context",
    "state_context",
    "template_errors",
]
