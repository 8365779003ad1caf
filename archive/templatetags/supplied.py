"""{% supplied document "key" %}...{% endsupplied %}: a value the archive supplied, as editions show it.

When the record marks the header key `key` as supplied, the enclosed content is put in square
brackets inside <span class="supplied">, with the note as hover text and, for screen readers and
readers without a pointer, as visually hidden words; otherwise the content is left as it is.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


class SuppliedNode(template.Node):
    def __init__(self, document, key, nodelist):
        self.document, self.key, self.nodelist = document, key, nodelist

    def render(self, context):
        content = self.nodelist.render(context)
        document = self.document.resolve(context)
        note = document.supplied_note(self.key.resolve(context))
        if note is None:
            return content
        explanation = document.supplied_explanation(note)
        return format_html(
            '<span class="supplied" title="{}"><span class="br">[</span>{}<span class="br">]</span>'
            '<span class="visually-hidden"> ({})</span></span>',
            explanation,
            mark_safe(content),  # the enclosed template's output, escaped as it was rendered
            explanation,
        )


@register.tag
def supplied(parser, token):
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError(
            f'{bits[0]} takes a document and a header key: {{% {bits[0]} document "title" %}}'
        )
    nodelist = parser.parse(("endsupplied",))
    parser.delete_first_token()
    return SuppliedNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist)
