"""Response headers that Django's own settings do not cover."""

import base64
import hashlib
import logging
import re

from csp.middleware import CSPMiddleware
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

from blog.embeds import frame_sources

logger = logging.getLogger("steppe")

IMPORTMAP = re.compile(rb'<script type="importmap"[^>]*>(.*?)</script>', re.S)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's strict policy, plus the admin editor's import map by hash.

    django-prose-editor puts a static `<script type="importmap">` in admin pages
    (Django 5.2 cannot give it a nonce); allowing exactly that text keeps
    `unsafe-inline` out of the policy.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        admin = request.path_info.startswith("/admin/")
        if admin and not response.streaming and b"importmap" in response.content:
            hashes = [
                f"'sha256-{base64.b64encode(hashlib.sha256(block).digest()).decode()}'"
                for block in IMPORTMAP.findall(response.content)
            ]
            parts.update = (parts.update or {}) | {"script-src": hashes}
        if not admin and not response.streaming:
            # A page with embed cards may frame their players once a reader clicks.
            players = frame_sources(response.content)
            if players:
                parts.update = (parts.update or {}) | {"frame-src": players}
        return parts


class PermissionsPolicyMiddleware:
    """A blog needs no camera, microphone, location or payment."""

    POLICY = (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "interest-cohort=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.POLICY)
        return response


class DatabaseOutageMiddleware:
    """With the database down: 503, Retry-After, a page that needs no database, and
    whatever the reader was sending (a comment, survey answers) shown back to them."""

    KEPT_FIELDS = re.compile(r"^(name|email|url|comment|q\d+(_other)?)$")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("database unavailable: %s", exception.__class__.__name__)
        kept = []
        if request.method == "POST":
            kept = [
                (name, value)
                for name, value in request.POST.items()
                if self.KEPT_FIELDS.match(name) and value.strip()
            ]
        response = HttpResponse(
            render_to_string("503.html", {"kept": kept}), status=503
        )
        response["Retry-After"] = "30"
        return response
