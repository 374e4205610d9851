#!/usr/bin/env python3
"""Checks examples/http_server against a small client written here:
  run_http_example.py SERVER [--threads N]

Starts the server on port 0, then checks, each on its own connection: the
two routes and a 404; keep-alive (three requests, one after the other, on
one connection); pipelining (three requests in one send, three answers in
order); HEAD; a request split across two sends; `Connection: close`
(answered, then the server closes). Finally SIGTERM must stop the server with status 0.
"""
import signal
import socket
import subprocess
import sys
import time


def fail(msg):
    print("run_http_example: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


def read_response(sock, buf, head_request=False):
    """Reads one response from sock (buf holds bytes read ahead); returns
    (status, headers, body, rest of buf). The answer to a HEAD request has
    no body, whatever its Content-Length says."""
    while b"\r\n\r\n" not in buf:
        data = sock.recv(65536)
        if not data:
            fail("connection closed before a full response head (have %r)" % buf)
        buf += data
    head, _, buf = buf.partition(b"\r\n\r\n")
    lines = head.decode().split("\r\n")
    version, status = lines[0].split(" ")[:2]
    if version != "HTTP/1.1":
        fail("status line %r" % lines[0])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "-1"))
    if length < 0:
        fail("no Content-Length in %r" % head)
    if head_request:
        return int(status), headers, b"", buf
    while len(buf) < length:
        data = sock.recv(65536)
        if not data:
            fail("connection closed inside a body")
        buf += data
    return int(status), headers, buf[:length], buf[length:]


def get(path, extra=""):
    return ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n%s\r\n" % (path, extra)).encode()


def expect(resp, status, body=None, ctype=None):
    st, headers, b, _ = resp
    if st != status:
        fail("status %d, expected %d" % (st, status))
    if body is not None and b != body:
        fail("body %r, expected %r" % (b, body))
    if ctype is not None and headers.get("content-type") != ctype:
        fail("content-type %r, expected %r" % (headers.get("content-type"), ctype))
    if "date" not in headers:
        fail("no Date header")


def main():
    server = sys.argv[1]
    proc = subprocess.Popen([server, "--port", "0"] + sys.argv[2:], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        port = int(proc.stdout.readline())
        addr = ("127.0.0.1", port)
        plain = (200, b"Hello, World!", "text/plain")
        json = (200, b'{"message":"Hello, World!"}', "application/json")

        # Both routes and a 404, keep-alive: three requests, one at a time,
        # on one connection.
        with socket.create_connection(addr, timeout=10) as s:
            buf = b""
            for path, want in (("/plaintext", plain), ("/json", json),
                               ("/nothing-here", (404, b"", None))):
                s.sendall(get(path))
                r = read_response(s, buf)
                expect(r, *want)
                buf = r[3]
                if r[1].get("connection", "").lower() == "close":
                    fail("keep-alive: server said Connection: close")

        # Pipelining: three requests in one send, three answers in order.
        with socket.create_connection(addr, timeout=10) as s:
            s.sendall(get("/json") + get("/plaintext") + get("/json"))
            buf = b""
            for want in (json, plain, json):
                r = read_response(s, buf)
                expect(r, *want)
                buf = r[3]

        # HEAD: the GET answer's headers, no body (the next answer follows
        # at once on the same connection).
        with socket.create_connection(addr, timeout=10) as s:
            s.sendall(get("/json").replace(b"GET", b"HEAD", 1) + get("/plaintext"))
            st, headers, _, buf = read_response(s, b"", head_request=True)
            if st != 200 or headers.get("content-length") != "27":
                fail("HEAD /json: status %d, headers %r" % (st, headers))
            expect(read_response(s, buf), *plain)

        # A request split across two sends.
        with socket.create_connection(addr, timeout=10) as s:
            req = get("/plaintext")
            s.sendall(req[:10])
            time.sleep(0.05)
            s.sendall(req[10:])
            expect(read_response(s, b""), *plain)

        # Connection: close: answered, said so, then the server closes (also
        # when more requests follow it in the same send).
        with socket.create_connection(addr, timeout=10) as s:
            s.sendall(get("/plaintext", "Connection: close\r\n") + get("/json"))
            r = read_response(s, b"")
            expect(r, *plain)
            if r[1].get("connection", "").lower() != "close":
                fail("Connection: close not echoed")
            rest = r[3]
            while True:
                data = s.recv(65536)
                if not data:
                    break
                rest += data
            if rest:
                fail("bytes after the last response of a closed connection: %r" % rest)

        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=10)
        err = proc.stderr.read()
        if rc != 0:
            fail("server exited with %d: %s" % (rc, err))
        if "SIGTERM, shutting down" not in err:
            fail("no shutdown message: %r" % err)
        print("run_http_example: ok")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


if __name__ == "__main__":
    main()
