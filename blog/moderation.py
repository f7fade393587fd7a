"""Post comments are moderated: nothing a reader writes shows before approval.

It must be xtd's moderator: django_comments' own silently moderates nothing.
"""

from django_comments_xtd.moderation import SpamModerator, moderator

from blog.models import Post


class PostCommentModerator(SpamModerator):
    email_notification = True
    enable_field = "allow_comments"

    def moderate(self, comment, content_object, request):
        return True


moderator.register(Post, PostCommentModerator)
