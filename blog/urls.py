from django.urls import path, register_converter

from blog import feeds, views
from blog.authors import feeds as author_feeds
from blog.authors.views import AuthorView
from blog.converters import TwoDigitConverter, YearConverter
from blog.edge.surrogate import reader_page

register_converter(YearConverter, "yyyy")
register_converter(TwoDigitConverter, "nn")

app_name = "blog"

# Tag and series slugs may be Cyrillic: <str:>, since <slug:> cannot reverse them.
urlpatterns = [
    path("", reader_page(views.HomeView.as_view()), name="home"),
    path("page/<int:page>/", reader_page(views.HomeView.as_view()), name="home_page"),
    path("feed/", reader_page(feeds.PostFeed()), name="feed"),
    path("feed/atom/", reader_page(feeds.PostAtomFeed()), name="feed_atom"),
    path("comments/feed/", reader_page(feeds.CommentFeed()), name="comment_feed"),
    path("tag/<str:slug>/feed/", reader_page(feeds.TagFeed()), name="tag_feed"),
    path(
        "tag/<str:slug>/feed/atom/",
        reader_page(feeds.TagAtomFeed()),
        name="tag_feed_atom",
    ),
    path(
        "series/<str:slug>/feed/", reader_page(feeds.SeriesFeed()), name="series_feed"
    ),
    path(
        "series/<str:slug>/feed/atom/",
        reader_page(feeds.SeriesAtomFeed()),
        name="series_feed_atom",
    ),
    path("tags/", reader_page(views.TagListView.as_view()), name="tag_list"),
    path("tag/<str:slug>/", reader_page(views.TagView.as_view()), name="tag"),
    path(
        "tag/<str:slug>/page/<int:page>/",
        reader_page(views.TagView.as_view()),
        name="tag_page",
    ),
    path("series/", reader_page(views.SeriesListView.as_view()), name="series_list"),
    path(
        "series/<str:slug>/",
        reader_page(views.SeriesDetailView.as_view()),
        name="series_detail",
    ),
    path("author/<str:username>/", reader_page(AuthorView.as_view()), name="author"),
    path(
        "author/<str:username>/page/<int:page>/",
        reader_page(AuthorView.as_view()),
        name="author_page",
    ),
    path(
        "author/<str:username>/feed/",
        reader_page(author_feeds.AuthorFeed()),
        name="author_feed",
    ),
    path(
        "author/<str:username>/feed/atom/",
        reader_page(author_feeds.AuthorAtomFeed()),
        name="author_feed_atom",
    ),
    path("search/", views.SearchView.as_view(), name="search"),
    path("preview/<int:pk>/", views.PostPreviewView.as_view(), name="preview"),
    path("<yyyy:year>/", reader_page(views.YearArchive.as_view()), name="year"),
    path(
        "<yyyy:year>/<nn:month>/",
        reader_page(views.MonthArchive.as_view()),
        name="month",
    ),
    path(
        "<yyyy:year>/<nn:month>/<nn:day>/",
        reader_page(views.DayArchive.as_view()),
        name="day",
    ),
    path(
        "<yyyy:year>/<nn:month>/<nn:day>/<str:slug>/",
        reader_page(views.PostDetailView.as_view()),
        name="post_detail",
    ),
]
