from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blog.models import Post
from blog.numerals import roman


class PostAdminForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = [
            "title", "slug", "body", "excerpt", "tags", "status", "published_at",
            "pinned", "password", "allow_comments", "series", "series_part",
            "featured_image", "featured_image_alt", "language", "translation_of",
        ]  # fmt: skip
        # A title wraps instead of scrolling out of sight (admin_extra/forms.css).
        widgets = {"title": forms.Textarea(attrs={"rows": 2, "maxlength": 255})}
        help_texts = {
            "tags": gettext_lazy(
                "Separate tags with commas, e.g. OSCE, “Central Asia”, Казахстан."
            ),
            "series_part": gettext_lazy(
                "Its number in the series: 4 is shown as “Part IV”."
            ),
        }

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())  # no line breaks

    def clean_featured_image(self):
        image = self.cleaned_data.get("featured_image")
        if image is not None and not image.can_be_inserted:
            raise forms.ValidationError(
                _("Give this image alt text in the library before you use it.")
            )
        return image

    def clean(self):
        cleaned = super().clean()
        series, part = cleaned.get("series"), cleaned.get("series_part")
        if series and not part:
            self.add_error("series_part", _("Give this part a number in the series."))
        elif part and not series:
            self.add_error("series", _("Choose the series this part belongs to."))
        elif series and part:
            taken = (
                Post.objects.filter(series=series, series_part=part)
                .exclude(pk=self.instance.pk)
                .first()
            )
            if taken:
                self.add_error(
                    "series_part",
                    _("Part %(number)s of “%(series)s” is already “%(post)s”.")
                    % {"number": roman(part), "series": series, "post": taken},
                )
        return cleaned
