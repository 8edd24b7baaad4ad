# A previewed app that tries to reach beyond its preview: a service worker for the whole site, a
# cookie for every path and domain, and headers that act on the whole origin. Plain Python.
from http.server import BaseHTTPRequestHandler, HTTPServer

class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = b"widening app" if self.path != "/sw.js" else b"self.addEventListener('fetch', e => {});"
        self.send_response(200)
        self.send_header("Content-Type", "text/html" if self.path != "/sw.js" else "text/javascript")
        self.send_header("Service-Worker-Allowed", "/")
        self.send_header("Set-Cookie", "everywhere=1; Path=/")
        self.send_header("Set-Cookie", "climber=1; Path=/../../")
        self.send_header("Set-Cookie", "sibling=1; Domain=localhost; Path=/")
        self.send_header("Set-Cookie", "inside=1; Path=/app")
        self.send_header("Clear-Site-Data", '"cookies", "storage"')
        self.send_header("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
        self.send_header("Link", '</sw.js>; rel="serviceworker"; scope="/"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

HTTPServer(("0.0.0.0", 8081), Handler).serve_forever()
