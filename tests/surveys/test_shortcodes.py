"""A mistyped survey shortcode shows as text (or nothing), is logged, never a 500."""

import logging

import pytest

from tests.factories import PostFactory, make_survey

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("[survey_link one two three]", "[survey_link one two three]"),
        ("[survey_results life-in-almaty 1 extra]", "[survey_results life-in-almaty"),
        ('[survey_link slug="life-in-almaty]', "[survey_link slug="),
        ("[survey_lnik life-in-almaty]", "[survey_lnik life-in-almaty]"),
        ("[survey_results nosuch]", ""),
        ("[survey_link nosuch]", ""),
    ],
)
def test_a_mistyped_shortcode_leaves_the_post_and_home_page_up(
    client, caplog, code, shown
):
    caplog.set_level(logging.INFO)
    make_survey()
    post = PostFactory(body=f"<p>Before.</p><p>{code}</p><p>After.</p>")
    for url in ("/", post.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "Before." in page and "After." in page
        assert shown in page.replace("&quot;", '"')
    assert any("survey" in r.getMessage() for r in caplog.records if r.levelno >= 20)


def test_a_good_shortcode_next_to_a_typo_still_renders(client):
    make_survey()
    post = PostFactory(
        body="<p>[survey_link life-in-almaty] and [survey_link a b c]</p>"
    )
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'href="/surveys/life-in-almaty/"' in page
    assert "[survey_link a b c]" in page
