"""Readers' comment flow: post, reply, see it awaiting moderation, unsubscribe.

Posting is our own view rather than django_comments' `post_comment`: that one answers
security failures with a bare 400 that loses the text, shows any held comment to
whoever guesses `/sent/?c=<id>`, and has no place for flood or hold rules.
"""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.core.mail import send_mail
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_comments_xtd.conf import settings as xtd_settings
from django_comments_xtd.models import XtdComment

from blog import protected
from blog.clientip import client_ip
from blog.comments import services, targets
from blog.comments.defences import confirmation_wait, flood_wait, judge
from blog.comments.forms import CommentForm
from blog.comments.models import CommentModeration
from blog.comments.tree import approved, comment_url, comments_open
from blog.edge.origin import same_origin_only

SENT_SALT = "steppe.comments.sent"


def _target_post(data):
    """The post or page (see blog.comments.targets) a comment form is for."""
    return targets.find(str(data.get("content_type", "")), data.get("object_pk"))


def _retry(request, form, post, status, message):
    """Show the form again, with the reader's text, and say what went wrong."""
    return render(
        request,
        "blog/comments/retry.html",
        {"form": form, "post": post, "message": message, "parent": form.parent},
        status=status,
    )


MESSAGES = {
    "closed": gettext_lazy(
        "Comments are closed on this post. Your text is below, so you can keep it."
    ),
    "security": gettext_lazy(
        "Your comment could not be sent: the form had expired or was changed on "
        "the way. Your text is kept below; please send it again."
    ),
    "invalid": gettext_lazy("Please correct the fields marked below."),
    "protected": gettext_lazy(
        "This post is protected: give its password on the post's page before "
        "commenting. Your text is kept below."
    ),
    "fast": gettext_lazy(
        "That was very quick. Please check your comment and send it again."
    ),
    "flood": gettext_lazy(
        "You are commenting too often. Please wait %(wait)s seconds, then send "
        "your comment again. Your text is kept below."
    ),
}


@require_POST
@same_origin_only  # instead of the CSRF cookie, which an edge-kept page cannot set
def post_comment(request):
    post = _target_post(request.POST)
    form = CommentForm(post, data=request.POST)
    if not protected.is_unlocked(request, post):
        return _retry(request, form.fresh_copy(), post, 403, MESSAGES["protected"])
    if not comments_open(post):
        return _retry(request, form.fresh_copy(), post, 403, MESSAGES["closed"])
    if not form.is_valid():
        if form.has_security_errors():
            return _retry(request, form.fresh_copy(), post, 400, MESSAGES["security"])
        return _retry(request, form, post, 400, MESSAGES["invalid"])
    if form.filled_too_fast():
        return _retry(request, form.fresh_copy(), post, 400, MESSAGES["fast"])
    data = form.cleaned_data
    ip = client_ip(request)
    wait = flood_wait(ip=ip, email=data["email"])
    if wait:
        message = MESSAGES["flood"] % {"wait": wait}
        return _retry(request, form.fresh_copy(), post, 429, message)
    fields = {
        "name": data["name"],
        "email": data["email"],
        "url": data["url"],
        "text": data["comment"],
    }
    verdict = judge(ip=ip, **fields)
    confirm = (
        xtd_settings.COMMENTS_XTD_CONFIRM_EMAIL and not request.user.is_authenticated
    )
    if confirm and verdict.state != CommentModeration.Verdict.SPAM:
        if wait := confirmation_wait(ip=ip, email=data["email"]):
            message = MESSAGES["flood"] % {"wait": wait}
            return _retry(request, form.fresh_copy(), post, 429, message)
        return _send_confirmation(request, post, fields, data, ip)
    comment = services.save_comment(
        post=post,
        followup=data["followup"],
        parent_id=data["reply_to"],
        ip=ip,
        user=request.user,
        verdict=verdict,
        **fields,
    )
    return _after_saving(comment, post)


def _after_saving(comment, post):
    if comment.is_public:
        return redirect(comment_url(comment, post))
    token = signing.dumps(comment.pk, salt=SENT_SALT)
    return redirect("comments:sent", token=token)


def _send_confirmation(request, post, fields, data, ip):
    token = services.confirmation_token(
        fields
        | {
            "post": post.pk,
            "target": targets.label(post),
            "followup": data["followup"],
            "reply_to": data["reply_to"],
            "ip": ip,
        }
    )
    url = settings.SITE_URL + reverse("comments:confirm", args=[token])
    message = render_to_string(
        "blog/comments/email_confirm.txt", {"post": post, "confirm_url": url, **fields}
    )
    send_mail(
        gettext_lazy("[%(blog)s] Please confirm your comment")
        % {"blog": settings.BLOG_TITLE},
        message,
        settings.DEFAULT_FROM_EMAIL,
        [fields["email"]],
    )
    return render(request, "blog/comments/confirm_sent.html", {"post": post, **fields})


@require_http_methods(["GET", "POST"])
def confirm(request, token):
    try:
        data = services.read_confirmation(token)
    except signing.BadSignature as exc:
        raise Http404("This confirmation link is not valid any more.") from exc
    post = targets.find(data.get("target", "blog.post"), data["post"])
    if request.method == "GET":
        # data["post"] is the post's id: the post itself must win.
        return render(request, "blog/comments/confirm.html", {**data, "post": post})
    fields = {k: data[k] for k in ("name", "email", "url", "text")}
    existing = XtdComment.norel_objects.filter(
        object_pk=str(post.pk), user_email=data["email"], comment=data["text"]
    ).first()
    if existing:  # a second click on the same link
        return _after_saving(existing, post)
    comment = services.save_comment(
        post=post,
        followup=data["followup"],
        parent_id=data["reply_to"],
        ip=data["ip"],
        verdict=judge(ip=data["ip"], **fields),
        **fields,
    )
    return _after_saving(comment, post)


@require_GET
def sent(request, token):
    """The reader's own comment, awaiting moderation; only its poster has the link."""
    try:
        pk = signing.loads(token, salt=SENT_SALT, max_age=7 * 24 * 3600)
    except signing.BadSignature as exc:
        raise Http404("No such comment.") from exc
    comment = get_object_or_404(XtdComment.norel_objects, pk=pk)
    post = targets.of_comment(comment, visible=False)
    return render(
        request, "blog/comments/sent.html", {"comment": comment, "post": post}
    )


@require_GET
def reply(request, pk):
    """A reply form that needs no JavaScript."""
    parent = get_object_or_404(approved(XtdComment.norel_objects), pk=pk)
    post = targets.of_comment(parent)
    if not protected.is_unlocked(request, post):
        raise Http404("This post is protected.")
    if parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL or not comments_open(
        post
    ):
        raise Http404("This comment takes no more replies.")
    form = CommentForm(post, parent=parent)
    return render(
        request,
        "blog/comments/reply.html",
        {"form": form, "post": post, "parent": parent},
    )


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    try:
        if request.method == "GET":
            services.unsubscribe_comment(token)
            return render(request, "blog/comments/unsubscribe.html", {"token": token})
        post = services.unsubscribe(token=token)
    except (signing.BadSignature, ObjectDoesNotExist):
        # Expired, forged, or from before links were signed this way.
        return render(request, "blog/comments/unsubscribe_invalid.html", status=404)
    return render(request, "blog/comments/unsubscribed.html", {"post": post})


def csrf_failure(request, reason=""):
    """A stale or missing CSRF cookie: a friendly page, and a comment keeps its text."""
    if request.method == "POST" and request.path == reverse("comments:post"):
        try:
            post = _target_post(request.POST)
        except Http404:
            post = None
        if post is not None:
            form = CommentForm(post, data=request.POST).fresh_copy()
            return _retry(request, form, post, 403, MESSAGES["security"])
    return render(request, "403_csrf.html", status=403)
