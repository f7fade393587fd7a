"""Results arithmetic, the seed survey's honest flags, and query counts."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.models import Answer, Quote, Response, Survey
from surveys.results import counts_for, live_results, percent_of, published_results
from tests.factories import make_survey

pytestmark = pytest.mark.django_db


def respond(survey, picks, status=Response.Status.COMPLETE):
    """A response choosing these choice texts, by question position."""
    response = Response.objects.create(survey=survey, voter_hash="x", status=status)
    for question in survey.questions.prefetch_related("choices"):
        for text in picks.get(question.position, []):
            if question.kind == "text":
                Answer.objects.create(response=response, question=question, text=text)
                continue
            choice = next(c for c in question.choices.all() if c.text == text)
            Answer.objects.create(response=response, question=question, choice=choice)
    return response


def test_percentages_use_those_who_answered_as_base():
    survey = make_survey()
    respond(survey, {1: ["Apples"], 2: ["Apples", "Bazaars"]})
    respond(survey, {1: ["Apples"], 2: ["Apples"]})
    respond(survey, {1: ["Mountains"]})  # skipped question 2
    respond(survey, {1: ["Bazaars"]}, status=Response.Status.SPAM)
    total, results = live_results(survey)
    single, multiple, text = results
    assert total == 3
    assert (single.answered, single.skipped) == (3, 0)
    rows = {row.label: (row.count, row.percent) for row in single.rows}
    assert rows["Apples"] == (2, Decimal("66.7")) and rows["Mountains"] == (
        1,
        Decimal("33.3"),
    )
    assert rows["Bazaars"] == (0, Decimal("0.0"))
    assert (multiple.answered, multiple.skipped) == (2, 1)
    rows = {row.label: row.percent for row in multiple.rows}
    assert rows["Apples"] == Decimal("100.0") and rows["Bazaars"] == Decimal("50.0")
    assert sum(rows.values()) > 100  # and the page says why
    assert (text.answered, text.skipped) == (0, 3)


def test_rounding_half_up():
    assert percent_of(1, 8) == Decimal("12.5")
    assert percent_of(1, 6) == Decimal("16.7")
    assert percent_of(1, 27, places=0) == Decimal("4")
    assert counts_for(Decimal("33"), 27) == [9]
    assert counts_for(Decimal("10"), 27) == []


@pytest.fixture
def seed():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return Survey.objects.get(slug="expats-in-kazakhstan")


def by_label(results):
    return {r.question.label: r for r in results}


def test_seed_question_13_fits_exactly(seed):
    q13 = by_label(published_results(seed))["Question #13"]
    assert [row.count for row in q13.rows] == [4, 11, 5, 1, 6]
    assert all(row.approx and row.flag == "derived" for row in q13.rows)
    assert q13.notes == []
    assert len(q13.quotes) == 7


def test_seed_question_11_is_flagged_and_not_fixed(seed):
    q11 = by_label(published_results(seed))["Question #11"]
    flagged = [row for row in q11.rows if row.flag == "inconsistent"]
    assert [row.percent for row in flagged] == [Decimal("10")]
    assert "impossible with 27 respondents" in flagged[0].note
    assert all(row.count is None for row in q11.rows)  # no counts when one row is off
    assert q11.notes == ["The published rows sum to 92%."]
    assert [row.percent for row in q11.rows] == [33, 19, 19, 10, 11]  # as published


def test_seed_question_12_does_not_fit_27_but_fits_41(seed):
    q12 = by_label(published_results(seed))["Question #12"]
    assert sum(row.flag == "inconsistent" for row in q12.rows) == 4
    assert any("fit 41 respondents exactly" in note for note in q12.notes)


def test_results_page_shows_published_and_live_apart(client, seed):
    question = seed.questions.get(label="Question #13")
    respond(seed, {13: ["Maybe"]})
    page = client.get("/surveys/expats-in-kazakhstan/results/").content.decode()
    published, live = page.split('id="live-heading"')
    assert "As published (2010)" in published and "n = 27" in published
    assert "≈11" in published and "41%" in published
    assert "Cannot be right" in published and "sum to 92%" in published
    assert "Get rid of Borat" in published
    assert "1 response, counted apart" in live and "100%" in live
    assert question.choices.get(text="Maybe").published_percent == 41


def test_final_part_vi_embeds_the_results_and_links_the_survey(client, seed):
    from blog.models import Post

    post = Post.objects.get(slug__startswith="expats-impressions")
    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count('class="results-table"') == 3
    assert "Get rid of Borat" in page and "n = 27" in page
    assert 'href="/surveys/expats-in-kazakhstan/"' in page
    assert "[survey_results" not in page


def test_results_visibility_rules(client, answer):
    survey = make_survey(results_visibility=Survey.Visibility.AFTER_ANSWER)
    assert client.get(f"/surveys/{survey.slug}/results/").status_code == 403
    answer(survey, q1="Apples", q2=["Apples"])
    assert client.get(f"/surveys/{survey.slug}/results/").status_code == 200
    make_survey(slug="hidden", results_visibility=Survey.Visibility.HIDDEN)
    assert client.get("/surveys/hidden/results/").status_code == 403
    after = make_survey(slug="after", results_visibility=Survey.Visibility.AFTER_CLOSE)
    assert client.get("/surveys/after/results/").status_code == 403
    after.status = Survey.Status.CLOSED
    after.save()
    assert client.get("/surveys/after/results/").status_code == 200


def bulk_respond(survey, count):
    """`count` complete responses, each answering every choice question."""
    questions = list(survey.questions.prefetch_related("choices"))
    responses = Response.objects.bulk_create(
        Response(survey=survey, voter_hash="bulk") for _ in range(count)
    )
    answers = []
    for i, response in enumerate(responses):
        for question in questions:
            choices = list(question.choices.all())
            if choices:
                pick = choices[i % len(choices)]
                answers.append(
                    Answer(response=response, question=question, choice=pick)
                )
    Answer.objects.bulk_create(answers, batch_size=2000)


def test_results_page_queries_are_the_same_at_50_and_5000_responses(client):
    survey = make_survey()

    def count():
        client.get(f"/surveys/{survey.slug}/results/")
        with CaptureQueriesContext(connection) as queries:
            page = client.get(f"/surveys/{survey.slug}/results/")
        assert page.status_code == 200
        return len(queries), page.content.decode()

    bulk_respond(survey, 50)
    small, page = count()
    assert "50 responses" in page
    bulk_respond(survey, 4950)
    Quote.objects.create(
        question=survey.questions.last(), text="Fine.", status="approved"
    )
    large, page = count()
    assert "5000 responses" in page
    print("results page queries:", small)
    assert small == large


def test_open_surveys_are_in_the_sitemap(client, seed):
    make_survey(slug="draft-one", status=Survey.Status.DRAFT)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/surveys/expats-in-kazakhstan/</loc>" in sitemap
    assert "draft-one" not in sitemap
    assert client.get("/surveys/expats-in-kazakhstan/").status_code == 200
