"""`[survey_results SLUG [QUESTION]]` and `[survey_link SLUG]` in post bodies."""

import logging

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import gettext

from blog.edge import surrogate
from blog.shortcodes import register
from surveys.models import Survey
from surveys.results import live_results, published_results

logger = logging.getLogger(__name__)


def survey_results(slug="", question="", **kwargs):
    """Published results of a survey (one question, by label number, or all)."""
    slug = kwargs.get("slug", slug)
    number = str(kwargs.get("question", question)).lstrip("#")
    survey = Survey.objects.visible().filter(slug=slug).first()
    if survey is None:
        surrogate.depends_on("surveys")  # it may be published later
        logger.warning("[survey_results %s]: no such survey open or closed", slug)
        return ""
    surrogate.depends_on(f"survey:{survey.pk}")
    questions = list(survey.questions.prefetch_related("choices"))
    if number:
        questions = [q for q in questions if q.label.rstrip(".").endswith(f"#{number}")]
    published = published_results(survey, questions)
    total, live = (0, []) if published else live_results(survey, questions)
    return render_to_string(
        "surveys/includes/embedded_results.html",
        {"survey": survey, "published": published, "live": live, "live_total": total},
    )


def survey_link(slug="", **kwargs):
    """A link to answer a survey."""
    slug = kwargs.get("slug", slug)
    survey = Survey.objects.visible().filter(slug=slug).first()
    if survey is None:
        surrogate.depends_on("surveys")
        logger.warning("[survey_link %s]: no such survey open or closed", slug)
        return ""
    surrogate.depends_on(f"survey:{survey.pk}")
    return format_html(
        '<p class="survey-link"><a href="{}">{}</a></p>',
        survey.get_absolute_url(),
        gettext("%(title)s: answer the survey yourself") % {"title": survey.title},
    )


register("survey_results", survey_results)
register("survey_link", survey_link)
