"""What Authors and Moderators may do with the library (least privilege)."""

AUTHORS = {
    "library": [
        f"{action}_{model}"
        for model in ("image", "mediafile", "gallery", "galleryitem")
        for action in ("add", "change", "delete", "view")
    ],
}
# Moderators judge comments; the library is not theirs to change.
ROLES = {"Authors": AUTHORS}
