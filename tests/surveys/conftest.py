import time

import pytest
from django.core import signing

from surveys.forms import STARTED_SALT


@pytest.fixture
def answer(client):
    """POST answers as a reader; by choice text, with a form shown 10 s ago."""

    def post(survey, *, ip="203.0.113.20", seconds_ago=10, key=None, **by_label):
        import uuid

        data = {
            "submission_key": key or str(uuid.uuid4()),
            "started": signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT),
            "website": "",
        }
        for question in survey.questions.prefetch_related("choices"):
            value = by_label.get(f"q{question.position}")
            if value is None:
                continue
            by_text = {c.text: str(c.pk) for c in question.choices.all()}
            if question.kind == "text":
                data[f"q{question.pk}"] = value
            elif isinstance(value, list):
                data[f"q{question.pk}"] = [by_text[v] for v in value]
            else:
                data[f"q{question.pk}"] = by_text[value]
            if f"q{question.position}_other" in by_label:
                data[f"q{question.pk}_other"] = by_label[f"q{question.position}_other"]
        data |= by_label.get("extra", {})
        return client.post(survey.get_absolute_url(), data, REMOTE_ADDR=ip)

    return post
