from django.urls import path

from blog.edge.surrogate import reader_page
from surveys import views

app_name = "surveys"

urlpatterns = [
    path("", reader_page(views.survey_list), name="list"),
    path("<str:slug>/", views.survey_detail, name="detail"),
    path("<str:slug>/thanks/", views.survey_thanks, name="thanks"),
    path("<str:slug>/results/", reader_page(views.survey_results), name="results"),
]
