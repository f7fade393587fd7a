"""A stand-in edge host on a free port that records the purges it is sent."""

import http.server
import threading


class PurgeSink:
    def __init__(self):
        self.purged: list[set[str]] = []
        self.failing = False
        sink = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_PURGE(self):  # noqa: N802  the HTTP method's name
                if sink.failing:
                    self.send_response(503)
                else:
                    sink.purged.append(set(self.headers["xkey-purge"].split()))
                    self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def all_keys(self) -> set[str]:
        return set().union(*self.purged)

    def close(self):
        self.server.shutdown()
        self.server.server_close()
