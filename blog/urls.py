from django.urls import path, register_converter

from blog import feeds, views
from blog.converters import TwoDigitConverter, YearConverter

register_converter(YearConverter, "yyyy")
register_converter(TwoDigitConverter, "nn")

app_name = "blog"

# Tag and series slugs may be Cyrillic: <str:>, since <slug:> cannot reverse them.
urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("page/<int:page>/", views.HomeView.as_view(), name="home_page"),
    path("feed/", feeds.PostFeed(), name="feed"),
    path("feed/atom/", feeds.PostAtomFeed(), name="feed_atom"),
    path("comments/feed/", feeds.CommentFeed(), name="comment_feed"),
    path("tag/<str:slug>/feed/", feeds.TagFeed(), name="tag_feed"),
    path("tag/<str:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag_feed_atom"),
    path("series/<str:slug>/feed/", feeds.SeriesFeed(), name="series_feed"),
    path(
        "series/<str:slug>/feed/atom/", feeds.SeriesAtomFeed(), name="series_feed_atom"
    ),
    path("tags/", views.TagListView.as_view(), name="tag_list"),
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("tag/<str:slug>/page/<int:page>/", views.TagView.as_view(), name="tag_page"),
    path("series/", views.SeriesListView.as_view(), name="series_list"),
    path("series/<str:slug>/", views.SeriesDetailView.as_view(), name="series_detail"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("preview/<int:pk>/", views.PostPreviewView.as_view(), name="preview"),
    path("<yyyy:year>/", views.YearArchive.as_view(), name="year"),
    path("<yyyy:year>/<nn:month>/", views.MonthArchive.as_view(), name="month"),
    path("<yyyy:year>/<nn:month>/<nn:day>/", views.DayArchive.as_view(), name="day"),
    path(
        "<yyyy:year>/<nn:month>/<nn:day>/<str:slug>/",
        views.PostDetailView.as_view(),
        name="post_detail",
    ),
]
