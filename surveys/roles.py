"""What Authors and Moderators may do with surveys (least privilege)."""

AUTHORS = {
    "surveys": [
        f"{action}_{model}"
        for model in ("survey", "question", "choice", "quote")
        for action in ("add", "change", "delete", "view")
    ]
    + ["view_response", "view_answer"],
}
# Moderators read and judge readers' free text; they cannot edit surveys.
MODERATORS = {"surveys": ["view_quote", "change_quote", "moderate_quote"]}
