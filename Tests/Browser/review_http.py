"""Talks HTTP to a review room for ReviewRoomCLITests, as a browser would and as an attacker
might, and prints what it got as JSON.

usage: review_http.py ADDRESS
"""
import http.client
import json
import sys
import urllib.parse


def get(connection, path, headers):
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    return response.status, dict(response.getheaders()), response.read()


def main():
    parts = urllib.parse.urlsplit(sys.argv[1])
    connection = http.client.HTTPConnection(parts.hostname, parts.port)
    seen = {}
    seen["evil_host"] = get(connection, "/?" + parts.query, {"Host": "evil.example:%d" % parts.port})[0]
    seen["evil_origin"] = get(connection, "/?" + parts.query, {"Origin": "http://evil.example"})[0]
    status, headers, _ = get(connection, "/?" + parts.query, {})
    seen["admitted"] = status
    cookie = headers.get("Set-Cookie", "").split(";")[0]
    seen["reused_token"] = get(connection, "/?" + parts.query, {})[0]
    seen["guessed_cookie"] = get(connection, "/", {"Cookie": "vitni-review=" + "0" * 64})[0]
    status, headers, body = get(connection, "/", {"Cookie": cookie})
    seen["page"] = status
    seen["cache_control"] = headers.get("Cache-Control")
    seen["csp"] = headers.get("Content-Security-Policy")
    status, headers, body = get(connection, "/audio/1", {"Cookie": cookie, "Range": "bytes=0-99"})
    seen["range"] = [status, headers.get("Content-Range"), body[:4].decode("latin-1"), len(body)]
    status, headers, body = get(connection, "/audio/1", {"Cookie": cookie})
    seen["whole"] = [status, len(body)]
    sys.stdout.buffer.write(json.dumps(seen).encode() + b"\n")
    sys.stdout.flush()
    open(sys.argv[2], "wb").write(body)


if __name__ == "__main__":
    main()
