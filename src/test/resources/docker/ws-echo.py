# A WebSocket echo server in plain Python (no libraries): answers each text message with "echo:<message>".
import base64, hashlib, socket, threading

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

def serve(c):
    data = b""
    while b"\r\n\r\n" not in data:
        data += c.recv(1024)
    key = [l.split(b":", 1)[1].strip() for l in data.split(b"\r\n") if l.lower().startswith(b"sec-websocket-key")][0]
    accept = base64.b64encode(hashlib.sha1(key + GUID).digest())
    c.sendall(b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept + b"\r\n\r\n")
    while True:
        head = c.recv(2)
        if len(head) < 2:
            return
        n = head[1] & 127
        if n == 126:
            n = int.from_bytes(c.recv(2), "big")
        mask = c.recv(4)
        payload = b""
        while len(payload) < n:
            payload += c.recv(n - len(payload))
        payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        if head[0] & 15 == 8:
            return
        reply = b"echo:" + payload
        c.sendall(bytes([0x81, len(reply)]) + reply)

s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("", 9090))
s.listen()
while True:
    conn, _ = s.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
