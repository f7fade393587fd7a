"""Survey results page: time and queries with many responses.

Usage: python bench/survey_results.py [RESPONSES ...]   (DATABASE_URL for PostgreSQL)
"""

import sys

from common import throwaway_database, time_get
from django.test import Client


def main(sizes):
    from tests.factories import make_survey
    from tests.surveys.test_results import bulk_respond

    with throwaway_database():
        survey = make_survey()
        client = Client()
        done = 0
        print(f"{'responses':>9} {'median ms':>10} {'max ms':>8} {'queries':>8}")
        for size in sizes:
            bulk_respond(survey, size - done)
            done = size
            median, worst, queries = time_get(
                client, f"/surveys/{survey.slug}/results/"
            )
            print(f"{size:>9} {median:>10.1f} {worst:>8.1f} {queries:>8}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [50, 5000])
