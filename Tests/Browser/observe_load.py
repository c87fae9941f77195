"""Many observers at once for ObservationRoomCLITests: each joins with its own invitation,
polls the room's state twice a second and listens to the live audio, for SECONDS; a dropped
network is retried, as the room's page does. Prints, as JSON, each observer's bytes of audio
and failed requests.

usage: observe_load.py ADDRESS PUBLIC_KEY_SHA256 SECONDS LINK...
"""
import json
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from observe_http import connect  # noqa: E402


def observer(address, pin, link, seconds, result):
    parts = urllib.parse.urlsplit(address)
    end = time.time() + seconds
    cookie, heard, failures = None, 0, 0
    while time.time() < end:
        try:
            connection = connect(parts.hostname, parts.port, pin)
            if cookie is None:
                join = urllib.parse.urlsplit(link)
                connection.request("GET", join.path + "?" + join.query)
                response = connection.getresponse()
                response.read()
                cookie = (response.getheader("Set-Cookie") or "").split(";")[0]
            connection.request("GET", "/audio", headers={"Cookie": cookie})
            audio = connection.getresponse()
            state = connect(parts.hostname, parts.port, pin)
            last_poll = 0
            while time.time() < end:
                piece = audio.read1(65536) if hasattr(audio, "read1") else audio.read(4096)
                if not piece:
                    break
                heard += len(piece)
                if time.time() - last_poll > 0.5:
                    state.request("GET", "/state?after=0", headers={"Cookie": cookie})
                    state.getresponse().read()
                    last_poll = time.time()
        except OSError:
            failures += 1
            time.sleep(0.5)
    result.append({"heard": heard, "failures": failures, "admitted": bool(cookie)})


def main():
    address, pin, seconds, links = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]
    results = []
    threads = [threading.Thread(target=observer, args=(address, pin, link, seconds, results)) for link in links]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
