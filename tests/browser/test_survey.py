import re

from django.core.management import call_command
from playwright.sync_api import expect

from tests.factories import UserFactory


def test_reader_answers_with_other_moderator_approves_it(
    site, page, shot, run_admin_action
):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    UserFactory(username="dana", password="dana-moderates-2011", group="Moderators")

    page.goto(site.url + "/surveys/expats-in-kazakhstan/")
    q11 = page.get_by_role("group", name=re.compile("Question #11"))
    q11.get_by_label("Other").check()
    q11.get_by_label("Please specify").fill("Cook beshbarmak for visiting friends")
    page.get_by_role("group", name=re.compile("Question #12")).get_by_label(
        "Put Kazakhstan on the map"
    ).check()
    page.get_by_role("group", name=re.compile("Question #13")).get_by_label(
        "Maybe"
    ).check()
    shot(page, "survey-1-form")
    page.wait_for_timeout(3_100)  # the minimum fill time is real here
    page.get_by_role("button", name="Send my answers").click()

    expect(page.locator("h1")).to_have_text("Thank you for answering")
    live = page.locator("section.results-block").nth(1)
    expect(live).to_contain_text("1 response, counted apart")
    expect(page.locator("body")).not_to_contain_text("beshbarmak")
    shot(page, "survey-2-thanks")

    messages = run_admin_action(
        username="dana", password="dana-moderates-2011",
        changelist="/admin/surveys/quote/", action="approve",
    )  # fmt: skip
    assert "Approved 1 answer" in messages

    page.goto(site.url + "/surveys/expats-in-kazakhstan/results/")
    live = page.locator("section.results-block").nth(1)
    expect(live).to_contain_text("Cook beshbarmak for visiting friends")
    published = page.locator("section.results-block").first
    expect(published).not_to_contain_text("beshbarmak")
    shot(page, "survey-3-results")


def test_survey_errors_keep_answers_without_javascript(site, browser):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "/surveys/expats-in-kazakhstan/")
    page.get_by_role("group", name=re.compile("Question #11")).get_by_label(
        "Other"
    ).check()
    page.get_by_label("Anything else").fill("Kept, even after an error.")
    page.wait_for_timeout(3_100)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".notice[role=alert]")).to_contain_text("Please correct")
    expect(page.get_by_text("Please say what “Other” is.")).to_be_visible()
    expect(page.get_by_label("Anything else")).to_have_value(
        "Kept, even after an error."
    )
    context.close()
