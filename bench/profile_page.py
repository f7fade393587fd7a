"""Where a page's render time goes, in-process, on the current database.

Usage: python bench/profile_page.py URL [ROUNDS] [SORT] [MATCH]
(fill the database with generate.py first). Renders URL through the test client
ROUNDS times (default 50) under cProfile and prints the 40 most expensive
functions by SORT (default cumulative; "tottime" for each function's own time)
whose file matches MATCH (a regular expression, default: Steppe's own code).
The figures are CPU seconds of this process, inflated by the profiler.
"""

import cProfile
import pstats
import sys

import common  # noqa: F401  sets Django up
from django.test import Client

OWN_CODE = r"/(blog|pages|library|surveys|config)/"


def main(url, rounds=50, sort="cumulative", match=OWN_CODE):
    client = Client(HTTP_HOST="localhost")
    for _ in range(3):  # templates compiled, connections open, imports done
        assert client.get(url).status_code == 200, url
    profile = cProfile.Profile(timer=__import__("time").process_time)
    profile.enable()
    for _ in range(rounds):
        client.get(url)
    profile.disable()
    stats = pstats.Stats(profile)
    print(f"{url}: {stats.total_tt / rounds * 1000:.1f} ms CPU a render (profiled)")
    stats.sort_stats(sort).print_stats(match, 40)


if __name__ == "__main__":
    args = sys.argv[1:]
    main(args[0], int(args[1]) if len(args) > 1 else 50, *args[2:4])
