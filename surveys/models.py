import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SurveyQuerySet(models.QuerySet):
    def visible(self):
        """Surveys readers may see: open or closed, never a draft."""
        return self.exclude(status=Survey.Status.DRAFT)


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        AFTER_ANSWER = "after_answer", _("After answering")
        AFTER_CLOSE = "after_close", _("After closing")
        HIDDEN = "hidden", _("Hidden")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, allow_unicode=True)
    intro = models.TextField(_("introduction"), blank=True)
    methodology = models.TextField(
        _("methodology"),
        blank=True,
        help_text=_("Who answered, when, and how they were found."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    results_visibility = models.CharField(
        _("results shown"),
        max_length=15,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
    )
    respondents_published = models.PositiveIntegerField(
        _("respondents (published results)"),
        null=True,
        blank=True,
        help_text=_("For results published elsewhere: how many people answered."),
    )
    published_year = models.PositiveSmallIntegerField(
        _("year of the published results"),
        null=True,
        blank=True,
        help_text=_("When the published results were collected."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = SurveyQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-opens_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:detail", args=[self.slug])

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.OPEN
            and self.opens_at <= now
            and (self.closes_at is None or now < self.closes_at)
        )

    def is_closed(self, now=None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.CLOSED or (
            self.closes_at is not None and now >= self.closes_at
        )

    def results_visible(self, *, answered: bool) -> bool:
        rule = self.Visibility
        return {
            rule.PUBLIC: True,
            rule.AFTER_ANSWER: answered or self.is_closed(),
            rule.AFTER_CLOSE: self.is_closed(),
            rule.HIDDEN: False,
        }[self.results_visibility]


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")

    survey = models.ForeignKey(
        Survey,
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(
        _("label"), max_length=50, blank=True, help_text=_("e.g. Question #11")
    )
    text = models.TextField(_("text"))
    kind = models.CharField(
        _("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE
    )
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "pk"]

    def __str__(self):
        return f"{self.label or 'Question'}: {self.text[:60]}"


class Choice(models.Model):
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="choices",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.CharField(_("text"), max_length=300)
    is_other = models.BooleanField(
        _("“Other (please specify)”"),
        default=False,
        help_text=_("Asks for a text too."),
    )
    published_percent = models.DecimalField(
        _("published percent"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("For published results: the percentage exactly as published."),
    )
    published_note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published_percent__gte=0)
                & models.Q(published_percent__lte=100),
                name="published_percent_0_to_100",
            )
        ]

    def __str__(self):
        return self.text


class Response(models.Model):
    class Status(models.TextChoices):
        COMPLETE = "complete", _("Complete")
        SPAM = "spam", _("Spam")
        EXCLUDED = "excluded", _("Excluded")

    survey = models.ForeignKey(
        Survey,
        verbose_name=_("survey"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    submission_key = models.UUIDField(
        _("submission key"), unique=True, default=uuid.uuid4
    )
    voter_hash = models.CharField(_("voter hash"), max_length=64, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.COMPLETE
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = [models.Index(fields=["survey", "status"])]

    def __str__(self):
        return f"Response {self.pk} to {self.survey}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="answers",
    )
    # PROTECT: a choice with answers cannot be deleted (admin says so).
    choice = models.ForeignKey(
        Choice,
        verbose_name=_("choice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
    )
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question", "choice"], name="one_answer_per_choice"
            )
        ]

    def __str__(self):
        return self.text or str(self.choice)


class Quote(models.Model):
    """A free-text answer shown in results: published ones, or moderated live ones."""

    class Status(models.TextChoices):
        HELD = "held", _("Awaiting moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    question = models.ForeignKey(
        Question,
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="quotes",
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
        null=True,
        blank=True,
        help_text=_("Its number in the published list."),
    )
    text = models.TextField(_("text"))
    answer = models.OneToOneField(
        Answer,
        verbose_name=_("answer"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="quote",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.HELD
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("free-text answer")
        verbose_name_plural = _("free-text answers")
        ordering = ["question", "number", "pk"]
        permissions = [("moderate_quote", "Can approve or reject free-text answers")]

    def __str__(self):
        return self.text[:80]

    @property
    def is_published(self):
        return self.answer_id is None
