"""Many observers at once for ObservationRoomCLITests: each joins with its own invitation,
polls the room's state twice a second and listens to the live audio, for SECONDS; a dropped
network is retried, as the room's page does. Prints, as JSON, each observer's bytes of audio
and failed requests.

usage: observe_load.py ADDRESS PUBLIC_KEY_SHA256 SECONDS [--started EPOCH --rate HZ --frame BYTES] LINK...

With --started (when frame 0 was captured), each observer also reports the latency of every
frame of audio it received: its arrival minus the capture time of its newest sample.
"""
import json
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from observe_http import connect  # noqa: E402


def latencies(buffer, clock, out):
    """Takes the whole frames off `buffer`; appends each one's latency to `out`."""
    while len(buffer) >= 12:
        first = int.from_bytes(buffer[0:8], "little")
        length = int.from_bytes(buffer[8:12], "little")
        if len(buffer) < 12 + length:
            break
        if clock:
            started, rate, frame = clock
            out.append(time.time() - (started + (first + length // frame) / rate))
        del buffer[:12 + length]


def observer(address, pin, link, seconds, result, clock=None):
    parts = urllib.parse.urlsplit(address)
    end = time.time() + seconds
    cookie, heard, failures, delays = None, 0, 0, []
    pending = bytearray()
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
                pending += piece
                latencies(pending, clock, delays)
                if time.time() - last_poll > 0.5:
                    state.request("GET", "/state?after=0", headers={"Cookie": cookie})
                    state.getresponse().read()
                    last_poll = time.time()
        except OSError:
            failures += 1
            time.sleep(0.5)
    result.append({"heard": heard, "failures": failures, "admitted": bool(cookie), "latencies": delays})


def main():
    address, pin, seconds, rest = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4:]
    clock = None
    if rest and rest[0] == "--started":
        clock = (float(rest[1]), int(rest[3]), int(rest[5]))
        rest = rest[6:]
    results = []
    threads = [threading.Thread(target=observer, args=(address, pin, link, seconds, results, clock))
               for link in rest]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
