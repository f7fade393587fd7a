from django import template
from django_comments_xtd.models import XtdComment

register = template.Library()


@register.simple_tag
def awaiting_moderation():
    return XtdComment.norel_objects.filter(is_public=False, is_removed=False).count()
