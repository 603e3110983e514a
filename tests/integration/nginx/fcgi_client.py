"""A minimal FastCGI client (the web server's side), enough to drive the
listener directly: requests, management records and protocol edge cases."""

import socket
import struct

VERSION = 1
BEGIN_REQUEST, ABORT_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT, STDERR = 1, 2, 3, 4, 5, 6, 7
GET_VALUES, GET_VALUES_RESULT, UNKNOWN_TYPE = 9, 10, 11
RESPONDER, AUTHORIZER = 1, 2
REQUEST_COMPLETE, CANT_MPX_CONN, OVERLOADED, UNKNOWN_ROLE = 0, 1, 2, 3


def record(rtype, request_id, content=b""):
    padding = (8 - len(content) % 8) % 8
    return struct.pack(">BBHHBx", VERSION, rtype, request_id, len(content), padding) + content + b"\0" * padding


def stream(rtype, request_id, data):
    """Records of at most 65535 bytes, then the empty record that ends the stream."""
    out = b"".join(record(rtype, request_id, data[i:i + 65535]) for i in range(0, len(data), 65535))
    return out + record(rtype, request_id)


def _length(n):
    return struct.pack(">B", n) if n < 128 else struct.pack(">I", n | 0x80000000)


def encode_pairs(pairs):
    out = b""
    for name, value in pairs:
        name, value = name.encode(), value.encode() if isinstance(value, str) else value
        out += _length(len(name)) + _length(len(value)) + name + value
    return out


def decode_pairs(data):
    pairs, i = {}, 0
    while i < len(data):
        lengths = []
        for _ in range(2):
            if data[i] < 128:
                lengths.append(data[i])
                i += 1
            else:
                lengths.append(struct.unpack(">I", data[i:i + 4])[0] & 0x7FFFFFFF)
                i += 4
        name = data[i:i + lengths[0]].decode()
        value = data[i + lengths[0]:i + lengths[0] + lengths[1]].decode()
        i += lengths[0] + lengths[1]
        pairs[name] = value
    return pairs


def begin(request_id, role=RESPONDER, keep_conn=True):
    return record(BEGIN_REQUEST, request_id, struct.pack(">HB5x", role, 1 if keep_conn else 0))


def request_bytes(request_id, params, body=b"", keep_conn=True):
    return (begin(request_id, keep_conn=keep_conn) + stream(PARAMS, request_id, encode_pairs(params.items()))
            + stream(STDIN, request_id, body))


class Response:
    def __init__(self):
        self.stdout = b""
        self.stderr = b""
        self.app_status = None
        self.protocol_status = None
        self.stdout_record_sizes = []

    @property
    def head_and_body(self):
        head, _, body = self.stdout.partition(b"\r\n\r\n")
        headers = {}
        for line in head.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            headers.setdefault(name.strip().lower(), []).append(value.strip())
        return headers, body

    @property
    def status(self):
        headers, _ = self.head_and_body
        return int(headers.get("status", ["200"])[0].split()[0])


class Connection:
    def __init__(self, address, timeout=30):
        if isinstance(address, str):
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        else:
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(address)
        self._buffer = b""

    def close(self):
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    def send(self, data):
        self.sock.sendall(data)

    def _read_exact(self, n):
        while len(self._buffer) < n:
            data = self.sock.recv(65536)
            if not data:
                raise ConnectionError("connection closed by the application")
            self._buffer += data
        out, self._buffer = self._buffer[:n], self._buffer[n:]
        return out

    def read_record(self):
        version, rtype, request_id, length, padding = struct.unpack(">BBHHBx", self._read_exact(8))
        content = self._read_exact(length)
        self._read_exact(padding)
        return rtype, request_id, content

    def read_response(self, request_id):
        response = Response()
        while True:
            rtype, rid, content = self.read_record()
            if rid != request_id:
                continue
            if rtype == STDOUT:
                response.stdout += content
                if content:
                    response.stdout_record_sizes.append(len(content))
            elif rtype == STDERR:
                response.stderr += content
            elif rtype == END_REQUEST:
                response.app_status, response.protocol_status = struct.unpack(">IB3x", content)
                return response

    def request(self, params, body=b"", request_id=1, keep_conn=True):
        self.send(request_bytes(request_id, params, body, keep_conn))
        return self.read_response(request_id)

    def closed_by_peer(self):
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True
