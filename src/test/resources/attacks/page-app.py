# A learner's page on port 8080: answers every request with the text given as its argument.
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer

TEXT = sys.argv[1].encode()

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", str(len(TEXT)))
        self.end_headers()
        self.wfile.write(TEXT)

HTTPServer(("0.0.0.0", 8080), Handler).serve_forever()
