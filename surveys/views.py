import uuid

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from blog.clientip import client_ip
from blog.edge import surrogate
from surveys import services
from surveys.forms import SurveyForm
from surveys.models import Survey
from surveys.results import live_results, published_results

COOKIE_SALT = "steppe.surveys.answered"
COOKIE_AGE = 365 * 24 * 3600


def _survey(slug):
    return get_object_or_404(Survey.objects.visible(), slug=slug)


def _answered(request, survey) -> bool:
    value = request.get_signed_cookie(
        f"survey-{survey.pk}", default=None, salt=COOKIE_SALT
    )
    return value == "answered"


def _can_see_results(request, survey) -> bool:
    staff = request.user.has_perm("surveys.view_survey")
    return staff or survey.results_visible(answered=_answered(request, survey))


@require_GET
def survey_list(request):
    surrogate.depends_on("surveys")
    surveys = Survey.objects.visible()
    return render(request, "surveys/survey_list.html", {"surveys": surveys})


@require_http_methods(["GET", "POST"])
def survey_detail(request, slug):
    survey = _survey(slug)
    questions = list(survey.questions.prefetch_related("choices"))
    context = {
        "survey": survey,
        "answered": _answered(request, survey),
        "results_visible": _can_see_results(request, survey),
    }
    if not survey.is_open() or context["answered"]:
        return render(request, "surveys/survey_detail.html", context)
    status = 200
    if request.method == "POST":
        form = SurveyForm(questions, request.POST)
        if form.is_valid() and not form.cleaned_data["website"]:
            voter = services.voter_hash(survey=survey, ip=client_ip(request))
            key = form.cleaned_data["submission_key"]
            already = survey.responses.filter(submission_key=key).exists()
            if not already and services.over_rate_limit(survey=survey, voter=voter):
                context["rate_limited"] = True
                status = 429
            else:
                services.submit_response(
                    survey=survey,
                    submission_key=key,
                    answers=list(form.answers()),
                    voter=voter,
                    user=request.user,
                )
                response = redirect("surveys:thanks", slug=survey.slug)
                response.set_signed_cookie(
                    f"survey-{survey.pk}", "answered", salt=COOKIE_SALT,
                    max_age=COOKIE_AGE, httponly=True, samesite="Lax",
                )  # fmt: skip
                return response
        else:
            status = 400
    else:
        form = SurveyForm(
            questions,
            initial={
                "submission_key": uuid.uuid4(),
                "started": SurveyForm.started_token(),
            },
        )
    context["form"] = form
    return render(request, "surveys/survey_detail.html", context, status=status)


def _results_context(request, survey):
    surrogate.depends_on(f"survey:{survey.pk}")
    questions = list(survey.questions.prefetch_related("choices"))
    total, live = live_results(survey, questions)
    published = published_results(survey, questions)
    return {"survey": survey, "published": published, "live": live, "live_total": total}


@require_GET
def survey_thanks(request, slug):
    survey = _survey(slug)
    context = {"survey": survey, "results_visible": _can_see_results(request, survey)}
    if context["results_visible"]:
        context |= _results_context(request, survey)
    return render(request, "surveys/survey_thanks.html", context)


@require_GET
def survey_results(request, slug):
    survey = _survey(slug)
    surrogate.depends_on(f"survey:{survey.pk}")
    if not survey.results_visible(answered=False):
        surrogate.per_reader()  # who answered sees them; who did not, a 403
    if not _can_see_results(request, survey):
        return render(
            request, "surveys/results_hidden.html", {"survey": survey}, status=403
        )
    return render(
        request, "surveys/survey_results.html", _results_context(request, survey)
    )
