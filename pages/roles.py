"""What Authors and Moderators may do with pages (least privilege)."""

AUTHORS = {
    "pages": [f"{action}_page" for action in ("add", "change", "delete", "view")]
}
# Moderators read pages (to judge the comments on them) and change none.
MODERATORS = {"pages": ["view_page"]}
BY_GROUP = {"Authors": AUTHORS, "Moderators": MODERATORS}
