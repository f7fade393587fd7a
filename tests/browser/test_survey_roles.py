"""An Author reads a reader's free-text answer in admin but cannot delete it."""

import uuid

from playwright.sync_api import expect

from surveys.models import Answer, Quote, Response
from tests.factories import UserFactory, make_survey


def test_author_sees_a_readers_answer_without_a_delete_button(site, page, shot):
    UserFactory(username="carol", password="carol-writes-2010", group="Authors")
    question = make_survey().questions.get(kind="text")
    response = Response.objects.create(
        survey=question.survey, submission_key=uuid.uuid4(), voter_hash="h"
    )
    answer = Answer.objects.create(
        response=response, question=question, text="Eagle hunting"
    )
    quote = Quote.objects.create(question=question, text=answer.text, answer=answer)

    page.goto(f"{site.url}/admin/surveys/quote/{quote.pk}/change/")
    page.fill("#id_username", "carol")
    page.fill("#id_password", "carol-writes-2010")
    page.click("input[type=submit]")
    expect(page.locator("#content")).to_contain_text("Eagle hunting")
    expect(page.get_by_role("link", name="Delete")).to_have_count(0)
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    shot(page, "survey-quote-author-read-only")
    page.goto(f"{site.url}/admin/surveys/quote/{quote.pk}/delete/")
    expect(page.locator("h1")).to_contain_text("403")
    assert Quote.objects.filter(pk=quote.pk).exists()
