import csv
import io

from django import forms
from django.contrib import admin
from django.db.models import Count
from django.http import HttpResponse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from blog.moderation_admin import ModerationQueueAdmin, QueueFilter
from surveys.models import Choice, Question, Quote, Response, Survey
from surveys.services import moderate_quotes

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Spreadsheets run cells that start like formulas; these start with ' instead."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def responses_csv(survey) -> str:
    """One row per response; a column per question (per choice for multiple choice)
    and the “other” text in a column of its own. UTF-8 with BOM, for Excel."""
    questions = list(survey.questions.prefetch_related("choices"))
    header, columns = ["response", "submitted"], []
    for q in questions:
        name = q.label or f"Q{q.position}"
        if q.kind == Question.Kind.MULTIPLE:
            for choice in q.choices.all():
                header.append(f"{name}: {choice.text}")
                columns.append(("choice", q.pk, choice.pk))
        else:
            header.append(name)
            columns.append(("answer", q.pk, None))
        if any(c.is_other for c in q.choices.all()):
            header.append(f"{name}: other (text)")
            columns.append(("other", q.pk, None))
    responses = (
        survey.responses.filter(status=Response.Status.COMPLETE)
        .prefetch_related("answers__choice")
        .order_by("created_at")
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for response in responses:
        answers = list(response.answers.all())
        row = [response.pk, response.created_at.isoformat()]
        for kind, question_id, choice_id in columns:
            mine = [a for a in answers if a.question_id == question_id]
            if kind == "choice":
                row.append(1 if any(a.choice_id == choice_id for a in mine) else 0)
            elif kind == "other":
                row.append(next((a.text for a in mine if a.choice_id and a.text), ""))
            else:
                row.append(
                    "; ".join(
                        a.text if a.choice is None else a.choice.text for a in mine
                    )
                )
        writer.writerow([safe_cell(cell) for cell in row])
    return "\ufeff" + out.getvalue()


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ["position", "label", "text", "kind", "required"]
    extra = 1
    show_change_link = True

    def has_delete_permission(self, request, obj=None):
        # Deleting a question deletes readers' answers to it, free text too.
        if obj is not None and obj.responses.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "status",
        "opens_at",
        "closes_at",
        "results_visibility",
        "response_count",
    ]
    list_filter = ["status"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title"]
    inlines = [QuestionInline]
    actions = ["export_csv"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "intro", "methodology"]}),
        (
            _("Answering"),
            {"fields": ["status", "opens_at", "closes_at", "results_visibility"]},
        ),
        (
            _("Published results"),
            {"fields": ["respondents_published", "published_year"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n=Count("responses"))

    @admin.display(description=_("responses"), ordering="n")
    def response_count(self, obj):
        return obj.n

    @admin.action(description=_("Export responses as CSV"))
    def export_csv(self, request, queryset):
        survey = queryset.first()
        response = HttpResponse(
            responses_csv(survey), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{survey.slug}-responses.csv"'
        )
        return response


class ChoiceForm(forms.ModelForm):
    class Meta:
        model = Choice
        fields = ["position", "text", "is_other", "published_percent", "published_note"]

    def clean_text(self):
        text = self.cleaned_data["text"]
        if (
            self.instance.pk
            and text != self.instance.text
            and self.instance.answers.exists()
        ):
            raise forms.ValidationError(
                _(
                    "People have already picked this choice, so it cannot be "
                    "reworded: that would change what they answered. Add a new "
                    "choice instead."
                )
            )
        return text


class ChoiceInline(admin.TabularInline):
    model = Choice
    form = ChoiceForm
    extra = 2


class PublishedQuoteInline(admin.TabularInline):
    model = Quote
    fields = ["number", "text", "status"]
    extra = 1
    verbose_name = _("published free-text answer")
    verbose_name_plural = _("published free-text answers (numbered as in the original)")

    def get_queryset(self, request):
        return super().get_queryset(request).filter(answer__isnull=True)

    # Published quotes are part of the question's published results, so they
    # follow the question's permissions; readers' quotes (QuoteAdmin) do not.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("surveys.view_question")

    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("surveys.change_question")

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("surveys.change_question")

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("surveys.change_question")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "survey", "kind", "position"]
    list_filter = ["survey"]
    fields = ["survey", "position", "label", "text", "kind", "required"]
    inlines = [ChoiceInline, PublishedQuoteInline]


class QuoteStatusFilter(QueueFilter):
    title = _("status")
    default = Quote.Status.HELD

    def lookups(self, request, model_admin):
        return [*Quote.Status.choices, ("all", _("All"))]

    def queryset(self, request, queryset):
        value = self.current()
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(Quote)
class QuoteAdmin(ModerationQueueAdmin):
    """Free-text answers from readers: held until a moderator approves them."""

    list_display = [
        "excerpt",
        "question",
        "survey",
        "status",
        "decided_by",
        "decided_at",
    ]
    list_filter = [QuoteStatusFilter]
    list_select_related = ["question__survey", "decided_by"]
    search_fields = ["text"]
    actions = ["approve", "reject"]
    moderate_permission = "surveys.moderate_quote"
    readonly_fields = [
        "question",
        "number",
        "text",
        "status",
        "decided_by",
        "decided_at",
    ]
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(answer__isnull=False)

    def has_delete_permission(self, request, obj=None):
        # Nobody deletes a reader's words: rejecting hides them and says who did.
        # Admin asks this for each quote a deletion would take with it, so a
        # survey or question with readers' answers cannot be deleted either.
        if obj is not None and obj.is_published:
            return request.user.has_perm("surveys.change_question")
        return False

    @admin.display(description=_("answer"))
    def excerpt(self, obj):
        return Truncator(obj.text).chars(100)

    @admin.display(description=_("survey"))
    def survey(self, obj):
        return obj.question.survey

    @admin.action(description=_("Approve selected answers"), permissions=["moderate"])
    def approve(self, request, queryset):
        count = moderate_quotes(quotes=queryset, moderator=request.user, approve=True)
        self.message_user(
            request,
            ngettext("Approved %(count)d answer.", "Approved %(count)d answers.", count)
            % {"count": count},
        )

    @admin.action(description=_("Reject selected answers"), permissions=["moderate"])
    def reject(self, request, queryset):
        count = moderate_quotes(quotes=queryset, moderator=request.user, approve=False)
        self.message_user(
            request,
            ngettext("Rejected %(count)d answer.", "Rejected %(count)d answers.", count)
            % {"count": count},
        )
