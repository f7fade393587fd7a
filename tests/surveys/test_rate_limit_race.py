"""The survey limit holds when many responses arrive at the same moment."""

import time
import uuid
from collections import Counter

import pytest
from django.core import signing
from django.db import connection

from surveys.forms import STARTED_SALT
from surveys.models import Response
from tests.concurrent_posts import post_at_once
from tests.factories import make_survey

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent transactions: PostgreSQL"
)


def test_twelve_responses_at_once_from_one_address_store_the_limit(
    live_server, settings
):
    survey = make_survey(kinds=("single",))
    question = survey.questions.get()
    choice = question.choices.first()
    forms = [
        {
            "submission_key": str(uuid.uuid4()),
            "started": signing.dumps(time.time() - 10, salt=STARTED_SALT),
            "website": "",
            f"q{question.pk}": str(choice.pk),
        }
        for _ in range(12)
    ]
    results = post_at_once(live_server.url + survey.get_absolute_url(), forms)
    limit = settings.SURVEY_RATE_LIMIT
    assert Counter(status for status, _ in results) == {200: limit, 429: 12 - limit}
    assert Response.objects.count() == limit
