from django.urls import path

from blog.edge.surrogate import reader_page
from pages import views

app_name = "pages"

# Mounted last in config/urls.py: a page answers only where no route does.
urlpatterns = [
    path("preview/page/<int:pk>/", views.PagePreviewView.as_view(), name="preview"),
    path("<path:path>/", reader_page(views.PageDetailView.as_view()), name="detail"),
]
