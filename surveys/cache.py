"""What survey writes make stale: "survey:ID" (its results, the posts that embed
them) and "surveys" (the list of surveys, the sitemap)."""

from django.db.models.signals import post_delete, post_save

from blog.edge import surrogate


def survey_changed(survey_id) -> None:
    surrogate.bump(f"survey:{survey_id}", "surveys")


def _survey_saved(sender, instance, **kwargs):
    survey_changed(instance.pk)


def _question_saved(sender, instance, **kwargs):
    survey_changed(instance.survey_id)


def _choice_saved(sender, instance, **kwargs):
    survey_changed(instance.question.survey_id)


def _quote_saved(sender, instance, **kwargs):
    survey_changed(instance.question.survey_id)


def _response_saved(sender, instance, **kwargs):
    surrogate.bump(f"survey:{instance.survey_id}")  # live results count it


def quotes_changed(quotes) -> None:
    """Quotes were approved or rejected (by queryset update, so no signal)."""
    ids = quotes.values_list("question__survey_id", flat=True).distinct()
    for survey_id in ids:
        survey_changed(survey_id)


def connect() -> None:
    from surveys.models import Choice, Question, Quote, Response, Survey

    handlers = {
        Survey: _survey_saved,
        Question: _question_saved,
        Choice: _choice_saved,
        Response: _response_saved,
        Quote: _quote_saved,
    }
    for model, handler in handlers.items():
        for signal in (post_save, post_delete):
            signal.connect(
                handler, sender=model, dispatch_uid=f"cache-{model}-{signal}"
            )
