"""Authoring surveys, exporting answers, moderating free text."""

import csv
import io

import pytest

from surveys.admin import responses_csv, safe_cell
from surveys.models import Choice, Quote, Survey
from tests.factories import UserFactory, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(client):
    user = UserFactory(username="carol", group="Authors")
    client.force_login(user)
    return user


def test_author_creates_a_survey_with_questions(client, author):
    data = {
        "title": "New survey", "slug": "new-survey", "intro": "", "methodology": "",
        "status": "open", "opens_at_0": "2026-01-01", "opens_at_1": "10:00:00",
        "closes_at_0": "", "closes_at_1": "", "results_visibility": "public",
        "respondents_published": "", "published_year": "",
        "questions-TOTAL_FORMS": "1", "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0", "questions-MAX_NUM_FORMS": "1000",
        "questions-0-position": "1", "questions-0-label": "Q1",
        "questions-0-text": "Why Almaty?", "questions-0-kind": "text",
        "questions-0-required": "on",
    }  # fmt: skip
    response = client.post("/admin/surveys/survey/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    survey = Survey.objects.get(slug="new-survey")
    assert survey.questions.get().text == "Why Almaty?"


def choice_formset(question, **changes):
    choices = list(question.choices.all())
    data = {
        "survey": question.survey_id, "position": question.position,
        "label": question.label, "text": question.text, "kind": question.kind,
        "required": "on",
        "choices-TOTAL_FORMS": str(len(choices)),
        "choices-INITIAL_FORMS": str(len(choices)),
        "choices-MIN_NUM_FORMS": "0", "choices-MAX_NUM_FORMS": "1000",
        "quotes-TOTAL_FORMS": "0", "quotes-INITIAL_FORMS": "0",
        "quotes-MIN_NUM_FORMS": "0", "quotes-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for i, choice in enumerate(choices):
        data |= {
            f"choices-{i}-id": choice.pk, f"choices-{i}-question": question.pk,
            f"choices-{i}-position": choice.position, f"choices-{i}-text": choice.text,
            f"choices-{i}-published_percent": "", f"choices-{i}-published_note": "",
        }  # fmt: skip
    return data | changes


def test_answered_choice_cannot_be_reworded_or_deleted(client, author, answer):
    survey = make_survey()
    answer(survey, q1="Apples", q2=["Apples"])
    question = survey.questions.get(position=1)
    url = f"/admin/surveys/question/{question.pk}/change/"
    index = [c.text for c in question.choices.all()].index("Apples")
    page = client.post(
        url, choice_formset(question, **{f"choices-{index}-text": "Pears"})
    )
    assert "cannot be reworded" in page.content.decode()
    page = client.post(
        url, choice_formset(question, **{f"choices-{index}-DELETE": "on"})
    )
    assert "protected" in page.content.decode().lower()
    assert Choice.objects.filter(text="Apples", question=question).exists()
    unused = [c.text for c in question.choices.all()].index("Mountains")
    ok = client.post(
        url, choice_formset(question, **{f"choices-{unused}-text": "Hills"})
    )
    assert ok.status_code == 302


def test_csv_export(answer):
    survey = make_survey()
    formula = '=HYPERLINK("http://evil")'
    answer(
        survey, q1="Other", q1_other=formula, q2=["Apples", "Bazaars"], q3="+1 great"
    )
    text = responses_csv(survey)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, row = rows
    assert header[2:] == [
        "Question #1", "Question #1: other (text)", "Question #2: Mountains",
        "Question #2: Apples", "Question #2: Bazaars", "Question #3",
    ]  # fmt: skip
    assert row[2:] == [
        "Other",
        '\'=HYPERLINK("http://evil")',
        "0",
        "1",
        "1",
        "'+1 great",
    ]


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
def test_formula_cells_are_neutralized(value):
    assert safe_cell(value) == "'" + value
    assert safe_cell("plain") == "plain"


def test_export_action_downloads(client, author, answer):
    survey = make_survey()
    answer(survey, q1="Apples", q2=["Apples"])
    response = client.post(
        "/admin/surveys/survey/",
        {"action": "export_csv", "_selected_action": [survey.pk]},
    )
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())


def test_moderator_approves_free_text_but_cannot_edit_surveys(client, answer):
    survey = make_survey()
    answer(survey, q1="Other", q1_other="Eagle hunting", q2=["Apples"])
    moderator = UserFactory(username="dana", group="Moderators")
    client.force_login(moderator)
    queue = client.get("/admin/surveys/quote/").content.decode()
    assert "Eagle hunting" in queue
    quote = Quote.objects.get()
    client.post(
        "/admin/surveys/quote/", {"action": "approve", "_selected_action": [quote.pk]}
    )
    quote.refresh_from_db()
    assert quote.status == Quote.Status.APPROVED and quote.decided_by == moderator
    results = client.get(f"/surveys/{survey.slug}/results/").content.decode()
    assert "Eagle hunting" in results
    assert client.get(f"/admin/surveys/survey/{survey.pk}/change/").status_code == 403
    assert client.get("/admin/surveys/survey/add/").status_code == 403
    assert not moderator.has_perm("surveys.change_choice")


def test_author_cannot_moderate_free_text(client, author, answer):
    survey = make_survey()
    answer(survey, q1="Other", q1_other="Skiing", q2=["Apples"])
    quote = Quote.objects.get()
    client.post(
        "/admin/surveys/quote/", {"action": "approve", "_selected_action": [quote.pk]}
    )
    quote.refresh_from_db()
    assert quote.status == Quote.Status.HELD
    assert not author.has_perm("surveys.moderate_quote")
