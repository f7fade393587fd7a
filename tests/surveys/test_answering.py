"""A reader answers a survey: validation, one response per reader, limits."""

import datetime

import pytest
from django.utils import timezone

from surveys.models import Answer, Quote, Response, Survey
from tests.factories import make_survey

pytestmark = pytest.mark.django_db


def test_form_is_accessible_without_javascript(client):
    survey = make_survey()
    page = client.get(survey.get_absolute_url()).content.decode()
    assert page.count("<fieldset") == 2 and page.count("<legend") == 2
    assert 'type="radio"' in page and 'type="checkbox"' in page and "<textarea" in page
    assert "<script" not in page
    assert "best effort" in page or "not a guarantee" in page


def test_a_complete_answer_is_stored_with_thanks_and_results(client, answer):
    survey = make_survey()
    response = answer(survey, q1="Apples", q2=["Mountains", "Bazaars"], q3="Lovely.")
    assert response.status_code == 302 and response.url.endswith("/thanks/")
    stored = Response.objects.get()
    assert stored.answers.count() == 4
    thanks = client.get(response.url).content.decode()
    assert "Thank you" in thanks and "Answered 1, skipped 0" in thanks
    assert Quote.objects.get().status == Quote.Status.HELD  # free text waits
    assert "Lovely." not in thanks


def test_required_questions_and_errors_keep_the_answers(answer):
    survey = make_survey()
    response = answer(survey, q2=["Apples"], q3="Kept text.")
    page = response.content.decode()
    assert response.status_code == 400
    assert "This field is required." in page
    assert "Kept text." in page and "checked" in page
    assert not Response.objects.exists()


def test_other_needs_its_text(answer):
    survey = make_survey()
    response = answer(survey, q1="Other", q2=["Apples"])
    assert response.status_code == 400
    assert "Please say what “Other” is." in response.content.decode()
    answer(survey, q1="Other", q1_other="Horse riding", q2=["Apples"], ip="192.0.2.1")
    other = Answer.objects.get(choice__is_other=True)
    assert other.text == "Horse riding"
    assert Quote.objects.get(answer=other).status == Quote.Status.HELD


def test_invalid_choice_and_tampered_fields_are_form_errors(answer):
    survey = make_survey()
    bad = answer(
        survey, q2=["Apples"], extra={f"q{survey.questions.first().pk}": "999"}
    )
    assert bad.status_code == 400
    stale = answer(survey, q1="Apples", q2=["Apples"], extra={"started": "forged"})
    assert (
        stale.status_code == 400 and "too old or was changed" in stale.content.decode()
    )
    assert not Response.objects.exists()


def test_minimum_fill_time_and_honeypot(answer):
    survey = make_survey()
    fast = answer(survey, q1="Apples", q2=["Apples"], seconds_ago=0)
    assert fast.status_code == 400 and "very quick" in fast.content.decode()
    bot = answer(survey, q1="Apples", q2=["Apples"], extra={"website": "spam.example"})
    assert bot.status_code == 400
    assert not Response.objects.exists()


def test_double_submit_makes_one_response(client, answer):
    survey = make_survey()
    key = "6f1a0d2e-8a55-4c0e-9d43-4d1e6a7b8c9d"
    first = answer(survey, q1="Apples", q2=["Apples"], key=key)
    client.cookies.clear()
    second = answer(survey, q1="Bazaars", q2=["Bazaars"], key=key)
    assert first.status_code == second.status_code == 302
    assert Response.objects.count() == 1


def test_cookie_says_already_answered(client, answer):
    survey = make_survey()
    answer(survey, q1="Apples", q2=["Apples"])
    page = client.get(survey.get_absolute_url()).content.decode()
    assert "already answered" in page and '<form class="survey-form"' not in page


def test_rate_limit_per_hashed_ip(client, answer):
    survey = make_survey()
    for _ in range(5):
        assert answer(survey, q1="Apples", q2=["Apples"]).status_code == 302
        client.cookies.clear()
    limited = answer(survey, q1="Mountains", q2=["Apples"], q3="Sixth try.")
    assert limited.status_code == 429
    assert "Sixth try." in limited.content.decode()
    assert Response.objects.count() == 5
    assert all(len(r.voter_hash) == 64 for r in Response.objects.all())
    assert "203.0.113.20" not in Response.objects.first().voter_hash
    assert (
        answer(survey, q1="Apples", q2=["Apples"], ip="192.0.2.77").status_code == 302
    )


@pytest.mark.parametrize("state", ["closed", "not-yet", "ended"])
def test_closed_and_not_yet_open_surveys_show_no_form(client, answer, state):
    now = timezone.now()
    fields = {
        "closed": {"status": Survey.Status.CLOSED},
        "not-yet": {"opens_at": now + datetime.timedelta(days=2)},
        "ended": {"closes_at": now - datetime.timedelta(days=1)},
    }[state]
    survey = make_survey(**fields)
    page = client.get(survey.get_absolute_url()).content.decode()
    assert '<form class="survey-form"' not in page
    assert ("opens on" in page) if state == "not-yet" else ("closed" in page)
    answer(survey, q1="Apples", q2=["Apples"])
    assert not Response.objects.exists()


def test_draft_survey_is_404(client):
    survey = make_survey(status=Survey.Status.DRAFT)
    assert client.get(survey.get_absolute_url()).status_code == 404
    assert client.get("/surveys/nope/results/").status_code == 404


@pytest.mark.parametrize(
    "payload", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
)
def test_free_text_is_never_markup(client, answer, payload):
    survey = make_survey()
    answer(survey, q1="Other", q1_other=payload, q2=["Apples"], q3=payload)
    Quote.objects.update(status=Quote.Status.APPROVED)
    page = client.get(f"/surveys/{survey.slug}/results/").content.decode()
    assert (
        page.count("&lt;") >= 2
        and "<script>alert" not in page
        and "<img src=x" not in page
    )
