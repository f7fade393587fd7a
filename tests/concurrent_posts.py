"""Many real HTTP form posts released at the same moment, one thread each."""

import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

CSRF = "h4racetestsecret0123456789abcdef"  # 32 characters, as Django's secret


def post(url: str, form: dict, *, barrier=None) -> tuple[int, str]:
    """POST a form with a CSRF cookie and token; the final status and page."""
    data = form | {"csrfmiddlewaretoken": CSRF}
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(data, doseq=True).encode(),
        headers={"Cookie": f"csrftoken={CSRF}"},
    )
    if barrier is not None:
        barrier.wait()
    for _ in range(10):
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except (ConnectionResetError, urllib.error.URLError) as error:
            # The test server's listen queue is short (10): a burst overflows it
            # and the connection is refused before any request reaches Django.
            last = error
    raise last


def post_at_once(url: str, forms: list[dict]) -> list[tuple[int, str]]:
    """Send every form together: each thread waits at a barrier, then posts."""
    barrier = threading.Barrier(len(forms))
    with ThreadPoolExecutor(max_workers=len(forms)) as pool:
        return list(pool.map(lambda form: post(url, form, barrier=barrier), forms))
