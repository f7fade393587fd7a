"""One JSON line per request and per error, on stdout, for log tools to parse.

Request lines carry method, path, status, time and the reader's address (through
the trusted proxies, as every limit sees it); no user name.
"""

import json
import logging
import time

from blog.clientip import client_ip

REQUEST_FIELDS = ("method", "path", "status", "ms", "ip")


class JsonFormatter(logging.Formatter):
    def format(self, record):
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        line |= {
            key: getattr(record, key) for key in REQUEST_FIELDS if hasattr(record, key)
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class RequestLogMiddleware:
    logger = logging.getLogger("steppe.request")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        began = time.perf_counter()
        response = self.get_response(request)
        fields = {
            "method": request.method,
            "path": request.path,
            "status": response.status_code,
            "ms": round((time.perf_counter() - began) * 1000, 1),
            "ip": client_ip(request),
        }
        self.logger.info("%(method)s %(path)s %(status)s", fields, extra=fields)
        return response
