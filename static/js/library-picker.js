// The library's "Browse…" window: hands the chosen image back to the editor
// (django-prose-editor's Figure picker speaks the CKEditor callback protocol).
document.addEventListener("click", (event) => {
  const button = event.target.closest(".library-pick");
  if (!button) return;
  const params = new URLSearchParams(window.location.search);
  const funcNum = params.get("CKEditorFuncNum");
  const opener = window.opener;
  if (!funcNum || !opener || !opener.CKEDITOR) return;
  opener.CKEDITOR.tools.callFunction(funcNum, button.dataset.url, {
    id: button.dataset.id,
    alternative_text: button.dataset.alt,
    caption: button.dataset.caption,
  });
  window.close();
});
