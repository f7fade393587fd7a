"""Only Moderators decide on readers' free-text answers; Authors only read them."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission

from surveys.models import Quote
from tests.factories import UserFactory, make_survey
from tests.surveys.test_admin import choice_formset

pytestmark = pytest.mark.django_db


@pytest.fixture
def readers_quote(answer):
    survey = make_survey()
    answer(survey, q1="Other", q1_other="Eagle hunting", q2=["Apples"])
    return Quote.objects.get(answer__isnull=False)


@pytest.mark.parametrize("group", ["Authors", "Moderators"])
def test_nobody_deletes_a_readers_answer(client, readers_quote, group):
    client.force_login(UserFactory(username="staff", group=group))
    url = f"/admin/surveys/quote/{readers_quote.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Quote.objects.filter(pk=readers_quote.pk).exists()


def test_author_can_neither_change_nor_delete_readers_answers():
    author = UserFactory(username="carol", group="Authors")
    assert author.has_perm("surveys.view_quote")
    for codename in ("add_quote", "change_quote", "delete_quote", "moderate_quote"):
        assert not author.has_perm(f"surveys.{codename}")


def test_a_survey_with_readers_answers_cannot_be_deleted(client, readers_quote):
    client.force_login(UserFactory(username="carol", group="Authors"))
    survey = readers_quote.question.survey
    url = f"/admin/surveys/survey/{survey.pk}/delete/"
    page = client.get(url).content.decode()
    assert "permission to delete the following" in page
    client.post(url, {"post": "yes"})
    client.post(
        "/admin/surveys/survey/",
        {"action": "delete_selected", "_selected_action": [survey.pk], "post": "yes"},
    )
    assert Quote.objects.filter(pk=readers_quote.pk).exists()


def test_author_still_types_in_published_quotes(client):
    client.force_login(UserFactory(username="carol", group="Authors"))
    question = make_survey().questions.get(position=1)
    data = choice_formset(
        question,
        **{
            "quotes-TOTAL_FORMS": "1",
            "quotes-0-question": question.pk,
            "quotes-0-number": "3",
            "quotes-0-text": "Horse riding in the mountains",
            "quotes-0-status": "approved",
        },
    )
    response = client.post(f"/admin/surveys/question/{question.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    published = Quote.objects.get(answer__isnull=True)
    assert published.text == "Horse riding in the mountains"
    delete = f"/admin/surveys/question/{question.pk}/change/"
    data |= {
        "quotes-INITIAL_FORMS": "1",
        "quotes-0-id": published.pk,
        "quotes-0-DELETE": "on",
    }
    assert client.post(delete, data).status_code == 302
    assert not Quote.objects.exists()


def test_migration_takes_the_quote_permissions_from_existing_authors():
    authors = Group.objects.get(name="Authors")
    old = Permission.objects.filter(
        content_type__app_label="surveys",
        codename__in=["add_quote", "change_quote", "delete_quote"],
    )
    authors.permissions.add(*old)  # as 0002_roles left existing sites
    migration = importlib.import_module(
        "surveys.migrations.0003_authors_only_read_readers_answers"
    )
    migration.narrow(apps, None)
    left = set(authors.permissions.values_list("codename", flat=True))
    assert {"add_quote", "change_quote", "delete_quote"}.isdisjoint(left)
    assert {"view_quote", "change_survey", "view_response"} <= left
