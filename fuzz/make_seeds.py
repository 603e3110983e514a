#!/usr/bin/env python3
"""Writes the seed corpora (fuzz/corpus/<target>/) and is kept to regenerate them.

Every input starts with one byte that seeds how the fuzz target splits the rest into
pieces (0 = one piece); see input_splitter.hpp.
"""
import hashlib
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, seeds):
    directory = os.path.join(HERE, "corpus", target)
    os.makedirs(directory, exist_ok=True)
    for data in seeds:
        for split in (0, 7):
            blob = bytes([split]) + data
            name = "seed-" + hashlib.sha1(blob).hexdigest()[:16]
            with open(os.path.join(directory, name), "wb") as f:
                f.write(blob)


HTTP = [
    b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
    b"GET /static/app.css?v=1 HTTP/1.0\r\nHost: a\r\nConnection: keep-alive\r\n\r\n",
    b"POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
    b"POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\nTrailer: x\r\n\r\n",
    b"PUT /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\nabc",
    b"GET /a HTTP/1.1\r\nHost: a\r\n\r\nGET /b HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
    b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n",
    b"GET / HTTP/1.1\nHost: a\n\n",
    b"GET /" + b"a" * 80 + b" HTTP/1.1\r\nHost: a\r\n\r\n",
    b"OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
    b"CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n",
    b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n",
]

HEADER = struct.Struct("<IBBH")


def frame(kind, payload, flags=0):
    return HEADER.pack(len(payload), kind, flags, 0) + payload


def text(s):
    return struct.pack("<I", len(s)) + s


def pairs(items):
    out = struct.pack("<I", len(items))
    for name, value in items:
        out += text(name) + text(value)
    return out


REQUEST_HEAD = struct.pack("<QdIq", 7, 1.7e9, 30, 5) + pairs([(b"REQUEST_METHOD", b"POST"), (b"REQUEST_URI", b"/")])
RESPONSE_HEAD = struct.pack("<HBQ", 200, 1, 2) + pairs([(b"Content-Type", b"text/plain")])
REQUEST_DONE = struct.pack("<QBHQQQQQB", 7, 0, 200, 1, 1 << 20, 1 << 19, 1 << 21, 1000, 0) + text(b"") + pairs([(b"route", b"home")])
WORKER_READY = struct.pack("<IQQ", 42, 1000, 1 << 20)
IPC = [
    frame(1, REQUEST_HEAD) + frame(2, b"hello") + frame(3, b""),
    frame(12, RESPONSE_HEAD) + frame(13, b"ok") + frame(14, b"") + frame(15, REQUEST_DONE),
    frame(10, WORKER_READY),
    frame(20, struct.pack("<Q", 3)) + frame(21, struct.pack("<QI", 3, 99)),
    frame(3, b"", 1) + frame(4, b""),
    frame(11, b"boot failed: kernel"),
]

VERSION = 1


def record(kind, request_id, content, padding=None):
    padding = (8 - len(content) % 8) % 8 if padding is None else padding
    return struct.pack(">BBHHBx", VERSION, kind, request_id, len(content), padding) + content + b"\0" * padding


def params(items):
    out = b""
    for name, value in items:
        for part in (name, value):
            out += bytes([len(part)]) if len(part) < 128 else struct.pack(">I", len(part) | 0x80000000)
        out += name + value
    return out


BEGIN = struct.pack(">HB5x", 1, 1)  # RESPONDER, keep connection
PARAMS = params([(b"SCRIPT_FILENAME", b"/app/public/index.php"), (b"REQUEST_METHOD", b"GET"), (b"X" * 130, b"y")])
FASTCGI = [
    record(1, 1, BEGIN) + record(4, 1, PARAMS) + record(4, 1, b"") + record(5, 1, b"body") + record(5, 1, b""),
    record(1, 1, struct.pack(">HB5x", 1, 0)) + record(4, 1, b"") + record(5, 1, b""),
    record(1, 1, BEGIN) + record(2, 1, b""),
    record(9, 0, params([(b"FCGI_MPXS_CONNS", b""), (b"FCGI_MAX_REQS", b"")])),
    record(1, 1, BEGIN) + record(1, 2, BEGIN) + record(1, 3, BEGIN),
    record(1, 1, struct.pack(">HB5x", 2, 0)),
    record(42, 0, b"??"),
]

def h2_frame(kind, flags, stream_id, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream_id) + payload


def hpack_literal(name, value):
    """Literal without indexing, new name; short strings only."""
    return b"\x00" + bytes([len(name)]) + name + bytes([len(value)]) + value


def h2_request(path, method=b"GET"):
    return b"".join(hpack_literal(n, v) for n, v in
                    [(b":method", method), (b":scheme", b"http"), (b":authority", b"a"), (b":path", path)])


# After the client preface, which the fuzz target sends itself.
H2_SETTINGS = h2_frame(4, 0, 0, struct.pack(">HI", 4, 65535))
HTTP2 = [
    H2_SETTINGS + h2_frame(1, 0x5, 1, h2_request(b"/")),
    H2_SETTINGS + h2_frame(1, 0x4, 1, h2_request(b"/form", b"POST") + hpack_literal(b"content-length", b"5"))
    + h2_frame(0, 0, 1, b"hel") + h2_frame(0, 0x1, 1, b"lo"),
    H2_SETTINGS + h2_frame(1, 0x5, 1, h2_request(b"/a")) + h2_frame(3, 0, 1, struct.pack(">I", 8))
    + h2_frame(1, 0x5, 3, b"\x82\x86\x84\x41\x01a"),  # indexed fields too
    H2_SETTINGS + h2_frame(1, 0x1, 1, h2_request(b"/")[:10]) + h2_frame(9, 0x4, 1, h2_request(b"/")[10:]),
    H2_SETTINGS + h2_frame(6, 0, 0, b"12345678") + h2_frame(8, 0, 0, struct.pack(">I", 1000))
    + h2_frame(2, 0, 1, struct.pack(">IB", 0, 16)) + h2_frame(7, 0, 0, struct.pack(">II", 0, 0)),
    H2_SETTINGS + h2_frame(1, 0x4, 1, h2_request(b"/t", b"POST")) + h2_frame(1, 0x5, 1, hpack_literal(b"x-t", b"1")),
]

if __name__ == "__main__":
    write("http2_server_codec_fuzzer", HTTP2)
    write("http_request_parser_fuzzer", HTTP)
    write("ipc_frame_fuzzer", IPC)
    write("fastcgi_decoder_fuzzer", FASTCGI)
