"""{{ comment.user_url|website }}: a link only for http(s), whatever stored it."""

from django import template

from blog.comments.links import website

register = template.Library()
register.filter("website", website)
