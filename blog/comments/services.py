"""Writes on comments: posting, moderating, notifying, purging IPs.

Moderation uses queryset updates on purpose: xtd's pre_save hook publishes or hides
a comment's whole subtree on save(), which would approve held replies with their
parent.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django_comments_xtd.models import XtdComment

from blog.cache import comments_changed
from blog.comments.defences import Verdict
from blog.comments.models import CommentModeration
from blog.comments.tree import APPROVED, approved, comment_url
from blog.models import Post

# v2: links name the follower's comment, not the e-mail; older links fail cleanly.
UNSUBSCRIBE_SALT = "steppe.comments.unsubscribe.v2"
UNSUBSCRIBE_MAX_AGE = 180 * 24 * 3600  # each follow-up mail brings a fresh link
CONFIRM_SALT = "steppe.comments.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600


@transaction.atomic
def save_comment(
    *,
    post: Post,  # or any commentable object (blog.comments.targets)
    name: str,
    email: str,
    url: str,
    text: str,
    followup: bool,
    parent_id: int,
    ip: str | None,
    user=None,
    verdict: Verdict,
) -> XtdComment:
    """Store a reader's comment with the verdict of the spam checks."""
    state = CommentModeration.Verdict
    comment = XtdComment(
        content_type=ContentType.objects.get_for_model(post),
        object_pk=str(post.pk),
        site_id=settings.SITE_ID,
        user=user if user is not None and user.is_authenticated else None,
        user_name=name,
        user_email=email,
        user_url=url,
        comment=text,
        submit_date=timezone.now(),
        ip_address=ip,
        is_public=verdict.state == state.APPROVED,
        is_removed=verdict.state == state.SPAM,
        followup=followup,
        parent_id=parent_id,
    )
    comment.save()
    CommentModeration.objects.create(
        comment=comment, verdict=verdict.state, reason=verdict.reason
    )
    # Mail is queued with the comment, in this transaction, and sent after commit
    # (blog/mail.py): a comment is never stored without its notices, nor the reverse.
    if verdict.state == state.HELD:
        notify_moderators(comment, verdict.reason)
    elif verdict.state == state.APPROVED:
        notify_followers(comment)
    return comment


def _decide(comments: QuerySet, *, moderator, verdict: str, **flags) -> list[int]:
    rows = list(comments.values_list("pk", "object_pk", "content_type__model"))
    ids = [pk for pk, *_ in rows]
    XtdComment.norel_objects.filter(pk__in=ids).update(**flags)
    for model in {model for *_, model in rows}:  # update() sends no signal
        comments_changed((pk for _, pk, m in rows if m == model), model=model)
    now = timezone.now()
    for pk in ids:
        CommentModeration.objects.update_or_create(
            comment_id=pk,
            defaults={"verdict": verdict, "decided_by": moderator, "decided_at": now},
        )
    return ids


@transaction.atomic
def approve_comments(*, comments: QuerySet, moderator) -> int:
    """Publish these comments (not their held replies) and tell followers."""
    newly = list(comments.exclude(APPROVED))
    ids = _decide(
        comments,
        moderator=moderator,
        verdict=CommentModeration.Verdict.APPROVED,
        is_public=True,
        is_removed=False,
    )
    for comment in newly:
        notify_followers(comment)  # queued now, sent after commit
    return len(ids)


@transaction.atomic
def mark_spam(*, comments: QuerySet, moderator) -> int:
    """Hide them; later comments from the same e-mail or IP go straight to spam."""
    return len(
        _decide(
            comments,
            moderator=moderator,
            verdict=CommentModeration.Verdict.SPAM,
            is_public=False,
            is_removed=True,
        )
    )


@transaction.atomic
def remove_comments(*, comments: QuerySet, moderator) -> int:
    return len(
        _decide(
            comments,
            moderator=moderator,
            verdict=CommentModeration.Verdict.REMOVED,
            is_public=False,
            is_removed=True,
        )
    )


def purge_ips(*, older_than_days: int) -> int:
    """Forget commenters' IP addresses once moderation no longer needs them."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    return XtdComment.norel_objects.filter(
        submit_date__lt=cutoff, ip_address__isnull=False
    ).update(ip_address=None)


def moderator_emails() -> list[str]:
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name="Moderators")
        .exclude(email="")
    )
    emails = set(users.values_list("email", flat=True))
    emails.update(address for _, address in settings.MANAGERS)
    return sorted(emails)


def notify_moderators(comment: XtdComment, reason: str) -> None:
    recipients = moderator_emails()
    if not recipients:
        return
    post = comment.content_object
    admin_path = reverse(
        "admin:django_comments_xtd_xtdcomment_change", args=[comment.pk]
    )
    message = render_to_string(
        "blog/comments/email_held.txt",
        {
            "comment": comment,
            "post": post,
            "reason": reason,
            "admin_url": settings.SITE_URL + admin_path,
            "post_url": settings.SITE_URL + post.get_absolute_url(),
        },
    )
    send_mail(
        gettext("[%(blog)s] Comment awaiting moderation on “%(title)s”")
        % {"blog": settings.BLOG_TITLE, "title": post.title},
        message,
        settings.DEFAULT_FROM_EMAIL,
        recipients,
    )


def unsubscribe_token(*, comment_id: int) -> str:
    """A signed, dated link naming the follower's own comment, never the address."""
    return signing.dumps(comment_id, salt=UNSUBSCRIBE_SALT)


def unsubscribe_comment(token: str) -> XtdComment:
    """The comment an unsubscribe link names. Raises BadSignature when forged or old."""
    comment_id = signing.loads(
        token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE
    )
    if type(comment_id) is not int:
        raise signing.BadSignature("Not an unsubscribe link.")
    comment = XtdComment.norel_objects.filter(pk=comment_id).first()
    if comment is None:
        raise signing.BadSignature("Its comment is gone.")
    return comment


def unsubscribe(*, token: str):
    """Stop follow-up mail for one e-mail on one post or page. Raises BadSignature."""
    comment = unsubscribe_comment(token)
    if comment.content_object is None:
        raise signing.BadSignature("Its post is gone.")
    XtdComment.norel_objects.filter(
        content_type_id=comment.content_type_id,
        object_pk=comment.object_pk,
        user_email__iexact=comment.user_email,
    ).update(followup=False)
    return comment.content_object


def notify_followers(comment: XtdComment) -> int:
    """Mail everyone who asked for follow-ups on this post, but the commenter."""
    followers = (
        approved(XtdComment.norel_objects)
        .filter(
            content_type_id=comment.content_type_id,
            object_pk=comment.object_pk,
            followup=True,
        )
        .exclude(user_email__iexact=comment.user_email)
        .order_by("pk")
        .values_list("user_email", "user_name", "pk")
    )
    people = {}
    for email, name, pk in followers:
        people.setdefault(email.lower(), (email, name, pk))
    if not people:
        return 0
    post = comment.content_object
    link = settings.SITE_URL + comment_url(comment, post)
    for email, name, follower_pk in people.values():
        token = unsubscribe_token(comment_id=follower_pk)
        message = render_to_string(
            "blog/comments/email_followup.txt",
            {
                "name": name,
                "comment": comment,
                "post": post,
                "comment_url": link,
                "unsubscribe_url": settings.SITE_URL
                + reverse("comments:unsubscribe", args=[token]),
            },
        )
        send_mail(
            gettext("[%(blog)s] New comment on “%(title)s”")
            % {"blog": settings.BLOG_TITLE, "title": post.title},
            message,
            settings.DEFAULT_FROM_EMAIL,
            [email],
        )
    return len(people)


def confirmation_token(data: dict) -> str:
    return signing.dumps(data, salt=CONFIRM_SALT, compress=True)


def read_confirmation(token: str) -> dict:
    """The comment a reader asked to confirm. Raises BadSignature when forged or old."""
    return signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
