"""Talks HTTPS to an observation room for ObservationRoomCLITests as a client that pins the
room's public key, and as an attacker might; prints the status of each attempt as JSON.

usage: observe_http.py ADDRESS PUBLIC_KEY_SHA256 ACTION [ARGUMENT...]
  ACTION join LINK               the status of opening the invitation link (and the cookie)
  ACTION state COOKIE            GET /state with that cookie
  ACTION host COOKIE HOST        GET /state with another Host header
  ACTION answer COOKIE N ANSWER  POST /questions/N/ANSWER
  ACTION plain                   a plain-HTTP request to the TLS port: what comes back
"""
import base64
import hashlib
import http.client
import json
import socket
import ssl
import sys
import urllib.parse


def connect(host, port, pin):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # checked below, by the pinned public key instead
    connection = http.client.HTTPSConnection(host, port, context=context, timeout=10)
    connection.connect()
    der = connection.sock.getpeercert(binary_form=True)
    key = public_key_info(der)
    if base64.b64encode(hashlib.sha256(key).digest()).decode() != pin:
        raise SystemExit("the room's certificate does not carry the pinned public key")
    return connection


def public_key_info(der):
    """The SubjectPublicKeyInfo inside a DER certificate (tbsCertificate's 7th field)."""
    def element(data, offset):
        length = data[offset + 1]
        header = 2
        if length & 0x80:
            count = length & 0x7F
            length = int.from_bytes(data[offset + 2:offset + 2 + count], "big")
            header = 2 + count
        return offset, header, length

    _, header, _ = element(der, 0)
    tbs = header  # the certificate's first element
    _, tbs_header, _ = element(der, tbs)
    position = tbs + tbs_header
    fields = []
    for _ in range(7):
        start, head, length = element(der, position)
        fields.append(der[start:start + head + length])
        position = start + head + length
    # version [0] is present in v3 certificates: serial, signature, issuer, validity, subject, key.
    return fields[6] if fields[0][0] == 0xA0 else fields[5]


def main():
    parts = urllib.parse.urlsplit(sys.argv[1])
    pin, action, arguments = sys.argv[2], sys.argv[3], sys.argv[4:]
    seen = {}
    if action == "plain":
        with socket.create_connection((parts.hostname, parts.port), timeout=5) as raw:
            raw.sendall(b"GET / HTTP/1.1\r\nHost: %s\r\n\r\n" % parts.netloc.encode())
            try:
                reply = raw.recv(4096)
            except (ConnectionResetError, socket.timeout):
                reply = b""
        seen["http_reply"] = reply.startswith(b"HTTP/")
        print(json.dumps(seen))
        return
    connection = connect(parts.hostname, parts.port, pin)
    if action == "join":
        link = urllib.parse.urlsplit(arguments[0])
        connection.request("GET", link.path + "?" + link.query)
        response = connection.getresponse()
        response.read()
        seen["status"] = response.status
        seen["cookie"] = (response.getheader("Set-Cookie") or "").split(";")[0]
    elif action in ("state", "host"):
        headers = {"Cookie": arguments[0]}
        if action == "host":
            headers["Host"] = arguments[1]
        connection.request("GET", "/state", headers=headers)
        response = connection.getresponse()
        body = response.read()
        seen["status"] = response.status
        seen["state"] = json.loads(body) if response.status == 200 else body.decode()
    elif action == "answer":
        connection.request("POST", "/questions/%s/%s" % (arguments[1], arguments[2]), body="{}",
                           headers={"Cookie": arguments[0], "Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        seen["status"] = response.status
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
