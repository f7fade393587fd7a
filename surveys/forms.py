import time

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from surveys.models import Question

STARTED_SALT = "steppe.surveys.started"


class SurveyForm(forms.Form):
    """One field per question (q<ID>), plus q<ID>_other for an “Other” choice."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    started = forms.CharField(widget=forms.HiddenInput)
    website = forms.CharField(
        required=False, label=gettext_lazy("Leave this field empty")
    )

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q{question.pk}"] = self._field(question)
            if any(choice.is_other for choice in question.choices.all()):
                self.fields[f"q{question.pk}_other"] = forms.CharField(
                    required=False, max_length=500, label=gettext_lazy("Please specify")
                )

    @staticmethod
    def _field(question):
        choices = [(str(c.pk), c.text) for c in question.choices.all()]
        label = f"{question.label} {question.text}".strip()
        required = question.required
        if question.kind == Question.Kind.SINGLE:
            return forms.ChoiceField(
                label=label,
                choices=choices,
                required=required,
                widget=forms.RadioSelect,
            )
        if question.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                label=label,
                choices=choices,
                required=required,
                widget=forms.CheckboxSelectMultiple,
            )
        return forms.CharField(
            label=label, required=required, max_length=2000, widget=forms.Textarea
        )

    @staticmethod
    def started_token() -> str:
        return signing.dumps(time.time(), salt=STARTED_SALT)

    def clean_started(self):
        try:
            started = signing.loads(
                self.cleaned_data["started"], salt=STARTED_SALT, max_age=24 * 3600
            )
        except signing.BadSignature as exc:
            raise forms.ValidationError(
                _(
                    "This form is too old or was changed. Please check your answers "
                    "and send them again."
                )
            ) from exc
        if time.time() - started < settings.SURVEY_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was very quick. Please check your answers and send them again.")
            )
        return started

    def clean(self):
        cleaned = super().clean()
        for question in self.questions:
            other = next((c for c in question.choices.all() if c.is_other), None)
            if other is None:
                continue
            picked = cleaned.get(f"q{question.pk}") or []
            picked = picked if isinstance(picked, list) else [picked]
            if str(other.pk) in picked and not cleaned.get(f"q{question.pk}_other"):
                self.add_error(
                    f"q{question.pk}_other",
                    _("Please say what “%(choice)s” is.") % {"choice": other.text},
                )
        return cleaned

    def question_fields(self):
        """(question, field, other field or None) for the template."""
        for question in self.questions:
            other = self.fields.get(f"q{question.pk}_other")
            yield (
                question,
                self[f"q{question.pk}"],
                self[f"q{question.pk}_other"] if other else None,
            )

    def answers(self):
        """(question, choice id or None, text) for each answer given."""
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            other_text = self.cleaned_data.get(f"q{question.pk}_other", "")
            if question.kind == Question.Kind.TEXT:
                if value:
                    yield question, None, value
                continue
            others = {str(c.pk) for c in question.choices.all() if c.is_other}
            for choice_id in (
                value if isinstance(value, list) else [value] if value else []
            ):
                yield (
                    question,
                    int(choice_id),
                    other_text if choice_id in others else "",
                )
