from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("<str:slug>/", views.survey_detail, name="detail"),
    path("<str:slug>/thanks/", views.survey_thanks, name="thanks"),
    path("<str:slug>/results/", views.survey_results, name="results"),
]
