"""{% keptpart "name" arg ... %}...{% endkeptpart %}: a part of a logged-in page kept under the
stamps of the tables it reads (pagecache/parts.py). The arguments are what the part shows that it
does not read from the database inside itself (an object's pk, a filter)."""

from django import template
from django.utils.safestring import mark_safe

from .. import parts

register = template.Library()


class KeptPartNode(template.Node):
    def __init__(self, name, args, nodelist):
        self.name, self.args, self.nodelist = name, args, nodelist

    def render(self, context):
        name = str(self.name.resolve(context))
        args = [str(arg.resolve(context)) for arg in self.args]
        html = parts.render(context.get("request"), name, args, lambda: self.nodelist.render(context))
        return mark_safe(html)  # noqa: S308 (rendered by the template engine, escaped there)


@register.tag
def keptpart(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% keptpart %} needs the part's name")
    nodelist = parser.parse(("endkeptpart",))
    parser.delete_first_token()
    return KeptPartNode(parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], nodelist)
