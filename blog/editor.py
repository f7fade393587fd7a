"""What the prose editor offers authors, for posts and pages alike."""

from django.urls import reverse_lazy

EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "Link": {"enableTarget": False},
    "HardBreak": True,
    "Code": True,
    "CodeBlock": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
    "HTML": True,
    # Library images: "Browse…" opens the library; bodies keep the id (data-file).
    "Figure": {"pickerUrl": reverse_lazy("admin:library_image_choose")},
    "Image": True,
    "Caption": True,
}
