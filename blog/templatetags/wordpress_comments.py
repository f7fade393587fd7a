"""{{ comment.comment|wordpress_comment }}: an imported comment's allowed HTML."""

from django import template

from blog.wxr.comment_html import comment_html

register = template.Library()
register.filter("wordpress_comment", comment_html)
