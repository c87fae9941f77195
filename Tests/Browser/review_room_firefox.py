"""Drives the review room in headless Firefox (through Marionette) for ReviewRoomCLITests and
prints what it saw as JSON: refused without the token, admitted with it, the recording plays,
and a transcript line and a note each seek it.

usage: review_room_firefox.py ADDRESS PROFILE_DIR
"""
import json
import sys
import time
import urllib.parse

from marionette import Firefox

AUDIO = "return document.getElementById('audio')"


def main():
    address, profile = sys.argv[1:3]
    parts = urllib.parse.urlsplit(address)
    bare = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
    seen = {}
    firefox = Firefox(profile)
    try:
        firefox.get(bare)
        seen["without_token"] = firefox.run("return document.body.textContent")
        firefox.get(address)
        seen["title"] = firefox.title()
        seen["url_after_admission"] = firefox.run("return location.href")
        seen["integrity"] = firefox.run("return document.querySelector('section.integrity h2').textContent")
        firefox.wait_for(AUDIO + ".readyState >= 1")
        seen["duration"] = firefox.run(AUDIO + ".duration")
        firefox.run("document.getElementById('audio').play()")
        start = firefox.run(AUDIO + ".currentTime")
        time.sleep(1.5)
        seen["played"] = [start, firefox.run(AUDIO + ".currentTime")]
        firefox.run("document.getElementById('audio').pause()")
        cue = firefox.find("#cues .cue:nth-child(2)")
        firefox.click(cue)
        firefox.wait_for("return !document.getElementById('audio').seeking")
        time.sleep(0.3)
        seen["cue_start_ms"] = firefox.run("return +document.querySelector('#cues .cue:nth-child(2)').dataset.start")
        seen["after_cue_click_ms"] = firefox.run(AUDIO + ".currentTime * 1000")
        seen["highlighted"] = firefox.run("const c = document.querySelector('#cues .cue.current'); return c && c.id")
        note = firefox.find("#notes button.seek[data-seek]")
        firefox.click(note)
        firefox.wait_for("return !document.getElementById('audio').seeking")
        time.sleep(0.3)
        seen["note_offset_ms"] = firefox.run("return +document.querySelector('#notes button.seek[data-seek]').dataset.seek")
        seen["after_note_click_ms"] = firefox.run(AUDIO + ".currentTime * 1000")
    finally:
        firefox.quit()
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
