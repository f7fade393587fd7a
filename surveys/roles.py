"""What Authors and Moderators may do with surveys (least privilege)."""

AUTHORS = {
    "surveys": [
        f"{action}_{model}"
        for model in ("survey", "question", "choice")
        for action in ("add", "change", "delete", "view")
    ]
    + ["view_quote", "view_response", "view_answer"],
}
# Readers' free-text answers are readers' words: Authors only read them. The
# published quotes they type in come with the question (PublishedQuoteInline).
AUTHORS_LOSE = {
    "surveys": [f"{action}_quote" for action in ("add", "change", "delete")]
}
# Moderators read and judge readers' free text; they cannot edit surveys.
MODERATORS = {"surveys": ["view_quote", "change_quote", "moderate_quote"]}
