"""Survey results: live counts from the database, published figures as published.

Published percentages are the record: never rescaled, never turned into responses,
never added to live ones. A count is derived only when it is unambiguous.
"""

import functools
import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count
from django.utils.translation import gettext as _

from surveys.models import Answer, Question, Quote, Response

MAX_BASE = 500  # how far to look for a base that published percentages fit


@dataclass
class Row:
    label: str
    percent: Decimal | None
    count: int | None = None
    approx: bool = False
    flag: str = ""  # "", "derived" or "inconsistent"
    note: str = ""


@dataclass
class QuestionResult:
    question: Question
    rows: list[Row]
    answered: int | None = None
    skipped: int | None = None
    notes: list[str] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    @property
    def is_text(self):
        return self.question.kind == Question.Kind.TEXT

    @property
    def is_multiple(self):
        return self.question.kind == Question.Kind.MULTIPLE


def percent_of(count: int, base: int, places: int = 1) -> Decimal:
    unit = Decimal(1).scaleb(-places)
    return (Decimal(100 * count) / base).quantize(unit, rounding=ROUND_HALF_UP)


def plain(number: Decimal) -> str:
    """33.00 as "33", 7.40 as "7.4" (and never "1E+1")."""
    return format(number.normalize(), "f")


def _places(percent: Decimal) -> int:
    return 0 if percent == percent.to_integral_value() else 2


def counts_for(percent: Decimal, base: int) -> list[int]:
    """Every head count k out of base that rounds to this published percentage."""
    places = _places(percent)
    half = Decimal(5).scaleb(-places - 1)  # 0.5 for whole percentages
    low = max(0, math.floor((percent - half) * base / 100))
    high = min(base, math.ceil((percent + half) * base / 100))
    return [k for k in range(low, high + 1) if percent_of(k, base, places) == percent]


@functools.lru_cache(maxsize=1024)
def fitting_base(percents: tuple[Decimal, ...], exclude: int) -> int | None:
    """The smallest number of respondents these percentages fit exactly."""
    for base in range(1, MAX_BASE + 1):
        if base == exclude:
            continue
        heads = 0
        for percent in percents:
            options = counts_for(percent, base)
            if len(options) != 1:
                break
            heads += options[0]
        else:
            if heads == base:
                return base
    return None


def reconcile(question: Question, base: int) -> QuestionResult:
    """Published rows with their flags, notes and any counts derivable from them."""
    choices = [c for c in question.choices.all() if c.published_percent is not None]
    rows = [Row(c.text, c.published_percent, note=c.published_note) for c in choices]
    options = [counts_for(row.percent, base) for row in rows]
    for row, fits in zip(rows, options, strict=True):
        if not fits:
            row.flag = "inconsistent"
            below = int(row.percent * base / 100)
            row.note = _(
                "%(percent)s%% is impossible with %(base)s respondents "
                "(%(below)s = %(below_percent)s%%, %(above)s = %(above_percent)s%%)."
            ) % {
                "percent": plain(row.percent),
                "base": base,
                "below": below,
                "below_percent": percent_of(below, base),
                "above": below + 1,
                "above_percent": percent_of(below + 1, base),
            }
    unique = all(len(o) == 1 for o in options)
    total_heads = sum(o[0] for o in options) if unique else None
    if rows and unique and total_heads <= base:
        for row, fits in zip(rows, options, strict=True):
            row.count, row.approx, row.flag = fits[0], True, "derived"
    result = QuestionResult(question, rows)
    total = sum(row.percent for row in rows)
    single = question.kind == Question.Kind.SINGLE
    if single and rows and abs(total - 100) > Decimal("0.5") * len(rows):
        result.notes.append(
            _("The published rows sum to %(total)s%%.") % {"total": plain(total)}
        )
    if any(row.flag == "inconsistent" for row in rows) and single:
        other = fitting_base(tuple(row.percent for row in rows), exclude=base)
        if other:
            result.notes.append(
                _(
                    "These percentages fit %(other)s respondents exactly, not "
                    "%(base)s: the base may have been different."
                )
                % {"other": other, "base": base}
            )
    return result


def _questions(survey):
    return list(survey.questions.prefetch_related("choices"))


def _quotes(survey, *, published: bool):
    """Quotes to show: published ones unless rejected; readers' once approved."""
    quotes = Quote.objects.filter(question__survey=survey, answer__isnull=published)
    if published:
        quotes = quotes.exclude(status=Quote.Status.REJECTED)
    else:
        quotes = quotes.filter(status=Quote.Status.APPROVED)
    quotes = quotes.order_by("question", "number", "pk")
    by_question = {}
    for quote in quotes:
        by_question.setdefault(quote.question_id, []).append(quote)
    return by_question


def published_results(survey, questions=None) -> list[QuestionResult]:
    if survey.respondents_published is None:
        return []
    questions = questions if questions is not None else _questions(survey)
    quotes = _quotes(survey, published=True)
    results = []
    for question in questions:
        result = reconcile(question, survey.respondents_published)
        result.quotes = quotes.get(question.pk, [])
        if result.rows or result.quotes:
            results.append(result)
    return results


def live_results(survey, questions=None) -> tuple[int, list[QuestionResult]]:
    """Counts over complete responses, in a fixed number of queries."""
    questions = questions if questions is not None else _questions(survey)
    responses = Response.objects.filter(survey=survey, status=Response.Status.COMPLETE)
    total = responses.count()
    answers = Answer.objects.filter(response__in=responses)
    answered = dict(
        answers.values("question")
        .annotate(n=Count("response", distinct=True))
        .values_list("question", "n")
    )
    chosen = dict(
        answers.filter(choice__isnull=False)
        .values("choice")
        .annotate(n=Count("response", distinct=True))
        .values_list("choice", "n")
    )
    quotes = _quotes(survey, published=False)
    results = []
    for question in questions:
        base = answered.get(question.pk, 0)
        rows = [
            Row(
                choice.text,
                percent_of(chosen.get(choice.pk, 0), base) if base else None,
                count=chosen.get(choice.pk, 0),
            )
            for choice in question.choices.all()
        ]
        results.append(
            QuestionResult(
                question,
                rows,
                answered=base,
                skipped=total - base,
                quotes=quotes.get(question.pk, []),
            )
        )
    return total, results
