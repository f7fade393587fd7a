"""Search speed over many posts.

Usage: DATABASE_URL=postgres://... python bench/search.py [POSTS]
"""

import random
import sys

from common import throwaway_database, time_get
from django.test import Client

WORDS = """
steppe yurt astana almaty nomad horse winter tea kumis eagle border oil trafficking
migrant labour shelter victim police court report osce summit expat survey student
essay language kazakh russian bazaar mountain lake
""".split()  # noqa: SIM905  a word list reads better as text
# Every tenth post is Russian, indexed with the russian configuration.
RUSSIAN = """
степь юрта астана алматы кочевник лошадь зима чай кумыс беркут граница нефть
торговля мигрант труд приют жертва полиция суд доклад обсе саммит студент эссе
""".split()  # noqa: SIM905
QUERIES = [
    "trafficking",
    "trafficing",
    "osce summit",
    "казахстан",
    "доклады",
    "жертвам полиции",
    "nothingmatches",
]


def fill(count):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from blog.models import Post
    from blog.search import update_search_vectors

    rng = random.Random(7)
    author = get_user_model().objects.create(username="bench")
    now = timezone.now()
    posts = []
    for i in range(count):
        russian = i % 10 == 0
        vocabulary = RUSSIAN if russian else WORDS
        words = rng.choices(vocabulary, k=600)
        if i % 50 == 0:
            words.append("Казахстане")
        posts.append(
            Post(
                title=" ".join(rng.choices(vocabulary, k=6)).capitalize(),
                language="ru" if russian else "en",
                slug=f"post-{i}",
                body="<p>" + " ".join(words) + "</p>",
                author=author,
                status=Post.Status.PUBLISHED,
                published_at=now - timezone.timedelta(hours=i),
            )
        )
    Post.objects.bulk_create(posts, batch_size=1000)
    update_search_vectors()


def main(count):
    with throwaway_database():
        fill(count)
        client = Client()
        print(f"{count} posts")
        print(f"{'query':>16} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for q in QUERIES:
            median, worst, queries = time_get(client, "/search/", rounds=20, q=q)
            print(f"{q:>16} {median:>10.1f} {worst:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
