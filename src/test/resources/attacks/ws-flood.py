# A WebSocket server that floods whoever connects with binary frames, as fast as they are taken,
# up to LIMIT bytes; it writes how many it handed to the network to /out/sent. Plain Python.
import base64, hashlib, os, socket

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
LIMIT = 512 << 20
FRAME = b"\x82\x7f" + (65536).to_bytes(8, "big") + b"x" * 65536

def report(n):
    with open("/out/sent.tmp", "w") as f:
        f.write(str(n))
    os.replace("/out/sent.tmp", "/out/sent")

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 9091))
s.listen(4)
report(0)
c, _ = s.accept()
data = b""
while b"\r\n\r\n" not in data:
    data += c.recv(1024)
key = [l.split(b":", 1)[1].strip() for l in data.split(b"\r\n") if l.lower().startswith(b"sec-websocket-key")][0]
accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
c.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
sent = 0
while sent < LIMIT:
    c.sendall(FRAME)
    sent += len(FRAME)
    if sent % (1 << 20) < len(FRAME):
        report(sent)
report(sent)
