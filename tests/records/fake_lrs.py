#!/usr/bin/env python3
"""fake_lrs.py: a learning record store that misbehaves, for the sender's
tests: MODE 500 answers every POST with 500; MODE hang reads the request and
never answers. Each request's headers are appended to LOG (one JSON object a
line), so the test can check what the sender sent.
usage: fake_lrs.py PORT MODE LOG"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, MODE, LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3]


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with open(LOG, "a", encoding="utf-8") as f:
            f.write(json.dumps({"path": self.path, "headers": dict(self.headers),
                                "statements": len(json.loads(body))}) + "\n")
        if MODE == "hang":
            time.sleep(30)
            return
        self.send_response(500)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"the store is out of order")

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
