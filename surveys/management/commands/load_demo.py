"""blog's load_demo, plus the expat survey with its published 2010 results."""

import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from blog.management.commands.load_demo import Command as BlogDemo
from surveys.models import Choice, Question, Quote, Survey

SURVEY = Path(__file__).resolve().parents[2] / "demo" / "expats.json"


class Command(BlogDemo):
    help = BlogDemo.help + " With the expat survey and its published results."

    @transaction.atomic
    def handle(self, *args, **options):
        super().handle(*args, **options)
        spec = json.loads(SURVEY.read_text(encoding="utf-8"))
        if Survey.objects.filter(slug=spec["slug"]).exists():
            return
        survey = Survey.objects.create(
            title=spec["title"],
            slug=spec["slug"],
            intro=spec["intro"],
            methodology=spec["methodology"],
            status=Survey.Status.OPEN,
            respondents_published=spec["respondents_published"],
            published_year=spec["published_year"],
        )
        for q in spec["questions"]:
            question = Question.objects.create(
                survey=survey,
                position=q["position"],
                label=q["label"],
                text=q["text"],
                kind=q.get("kind", Question.Kind.SINGLE),
                required=q.get("required", True),
            )
            for position, (text, percent, *other) in enumerate(q["choices"], start=1):
                Choice.objects.create(
                    question=question,
                    position=position,
                    text=text,
                    published_percent=Decimal(percent),
                    is_other=bool(other),
                )
            Quote.objects.bulk_create(
                Quote(
                    question=question,
                    number=quote["number"],
                    text=quote["text"],
                    status=Quote.Status.APPROVED,
                )
                for quote in q["quotes"]
            )
        self.stdout.write(f"  survey: {survey.get_absolute_url()}")
