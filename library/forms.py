from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from library.images import validate_library_image


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several files from one input; each is checked on its own."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files:
            raise ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleImageField, self).clean(file, initial) for file in files]


class UploadForm(forms.Form):
    files = MultipleImageField(
        label=_("Images"),
        help_text=_("JPEG, PNG, GIF or WebP; choose one or several files."),
        widget=MultipleFileInput(
            attrs={"accept": "image/jpeg,image/png,image/gif,image/webp"}
        ),
    )
    caption = forms.CharField(
        label=_("Caption"),
        max_length=500,
        required=False,
        help_text=_("Optional; given to every image of this upload."),
    )
    credit = forms.CharField(label=_("Credit"), max_length=255, required=False)

    def clean_files(self):
        """Keep the good files; name each refused one with its reason."""
        good, problems = [], []
        for file in self.cleaned_data["files"]:
            try:
                validate_library_image(file)
            except ValidationError as error:
                problems.append(f"{file.name}: {' '.join(error.messages)}")
            else:
                good.append(file)
        self.refused = problems
        return good
