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
        # A transcript line seeks to its start and is highlighted; a note seeks to its offset.
        for name, selector, attribute in (("cue", "#cues .cue:nth-child(2)", "start"),
                                          ("note", "#notes button.seek[data-seek]", "seek")):
            firefox.click(firefox.find(selector))
            firefox.wait_for("return !document.getElementById('audio').seeking")
            time.sleep(0.3)
            asked = "cue_start_ms" if name == "cue" else "note_offset_ms"
            seen[asked] = firefox.run("return +document.querySelector(arguments[0]).dataset[arguments[1]]",
                                      selector, attribute)
            seen["after_%s_click_ms" % name] = firefox.run(AUDIO + ".currentTime * 1000")
            if name == "cue":
                seen["highlighted"] = firefox.run(
                    "const c = document.querySelector('#cues .cue.current'); return c && c.id")
    finally:
        firefox.quit()
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
