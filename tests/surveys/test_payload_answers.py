"""Payload corpora as survey free-text answers: never a 500, never markup."""

import uuid

import pytest

from surveys.models import Quote
from surveys.services import moderate_quotes, submit_response
from tests.factories import PostFactory, UserFactory, make_survey
from tests.inert import assert_inert
from tests.payloads import everything, sample

pytestmark = pytest.mark.django_db


def test_every_payload_as_an_approved_answer_is_inert_on_the_results(client, settings):
    settings.SURVEY_RATE_LIMIT = 10_000
    survey = make_survey()
    single, _, text = survey.questions.order_by("position")
    other = single.choices.get(is_other=True)
    for i, payload in enumerate(everything()):
        payload = payload.replace("\x00", "") or "-"  # PostgreSQL cannot hold NUL
        submit_response(
            survey=survey,
            submission_key=str(uuid.uuid4()),
            answers=[(single, other.pk, payload), (text, None, payload)],
            voter=f"voter-{i}",
        )
    moderator = UserFactory(username="dana", group="Moderators")
    moderate_quotes(quotes=Quote.objects.all(), moderator=moderator, approve=True)
    post = PostFactory(body=f"<p>[survey_results {survey.slug}]</p>")
    for url in (f"/surveys/{survey.slug}/results/", post.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert_inert(page)
        assert "Roses are" in page


def test_payloads_through_the_survey_form(client, answer, settings):
    settings.SURVEY_RATE_LIMIT = 10_000
    survey = make_survey()
    for payload in sample():
        client.cookies.clear()  # each answer from a new reader
        response = answer(
            survey, q1="Other", q1_other=payload, q2=["Apples"], q3=payload
        )
        assert response.status_code in (302, 400), payload  # 400: a form error
        assert_inert(response.content.decode())
    assert Quote.objects.exists()
    Quote.objects.update(status=Quote.Status.APPROVED)
    page = client.get(f"/surveys/{survey.slug}/results/").content.decode()
    assert_inert(page)
