"""Drives the review room in headless Chromium for ReviewRoomCLITests and prints what it saw
as JSON: the page refused without its token, loaded with it, playing advances the audio, a
transcript line and a note each seek the audio and a line is highlighted.

usage: review_room.py ADDRESS PROFILE_DIR SCREENSHOT [--redacted]
"""
import json
import sys
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def browser(profile):
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000",
                     "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                     "--user-data-dir=" + profile, "--disk-cache-dir=" + profile + "/cache"):
        options.add_argument(argument)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def wait_for(driver, script, timeout=10):
    end = time.time() + timeout
    while time.time() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    return driver.execute_script(script)


def main():
    address, profile, screenshot = sys.argv[1:4]
    redacted = "--redacted" in sys.argv
    parts = urllib.parse.urlsplit(address)
    bare = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/", "", ""))
    seen = {}
    driver = browser(profile)
    try:
        driver.get(bare)
        seen["without_token"] = driver.find_element(By.TAG_NAME, "body").text
        driver.get(address)
        driver.get_log("browser")  # the refusal above was logged; only what follows counts
        seen["title"] = driver.title
        seen["url_after_admission"] = driver.current_url
        seen["page_text"] = driver.find_element(By.TAG_NAME, "body").text
        seen["banners"] = len(driver.find_elements(By.CSS_SELECTOR, ".redacted-banner"))
        wait_for(driver, "return document.getElementById('audio').readyState >= 1")
        seen["duration"] = driver.execute_script("return document.getElementById('audio').duration")
        if not redacted:
            # Playing advances currentTime.
            driver.execute_script("document.getElementById('audio').play()")
            start = driver.execute_script("return document.getElementById('audio').currentTime")
            time.sleep(1.5)
            seen["played"] = [start, driver.execute_script("return document.getElementById('audio').currentTime")]
            driver.execute_script("document.getElementById('audio').pause()")
            # A transcript line seeks to its start and is highlighted.
            cue = driver.find_elements(By.CSS_SELECTOR, "#cues .cue")[1]
            cue.click()
            wait_for(driver, "return !document.getElementById('audio').seeking")
            time.sleep(0.3)
            seen["cue_start_ms"] = int(cue.get_attribute("data-start"))
            seen["after_cue_click_ms"] = driver.execute_script(
                "return document.getElementById('audio').currentTime * 1000")
            seen["highlighted"] = driver.execute_script(
                "const c = document.querySelector('#cues .cue.current'); return c ? c.id : null")
            seen["clicked"] = cue.get_attribute("id")
            # A note seeks to its offset.
            note = driver.find_element(By.CSS_SELECTOR, "#notes button.seek[data-seek]")
            note.click()
            wait_for(driver, "return !document.getElementById('audio').seeking")
            time.sleep(0.3)
            seen["note_offset_ms"] = int(note.get_attribute("data-seek"))
            seen["after_note_click_ms"] = driver.execute_script(
                "return document.getElementById('audio').currentTime * 1000")
            # The keyboard: N goes to the next utterance.
            driver.find_element(By.TAG_NAME, "body").send_keys("n")
            time.sleep(0.3)
            seen["after_next_key"] = driver.execute_script(
                "const c = document.querySelector('#cues .cue.current'); return c ? c.id : null")
        seen["integrity"] = driver.execute_script(
            "const h = document.querySelector('section.integrity h2'); return h ? h.textContent : null")
        # Every control has a name a screen reader can say.
        seen["unlabelled"] = driver.execute_script(
            "return [...document.querySelectorAll('button, input, audio, canvas, a')]"
            ".filter(e => !(e.getAttribute('aria-label') || e.textContent.trim())).map(e => e.outerHTML)")
        seen["console_errors"] = [entry["message"] for entry in driver.get_log("browser")
                                  if entry["level"] == "SEVERE"]
        driver.save_screenshot(screenshot)
        # 200 % zoom: half the CSS pixels at twice the density. Nothing may need sideways
        # scrolling, and the transcript and the notes stack in one column.
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": 700, "height": 500, "deviceScaleFactor": 2, "mobile": False})
        time.sleep(0.5)
        seen["zoomed"] = driver.execute_script(
            "const t = document.querySelector('section.transcript').getBoundingClientRect();"
            "const a = document.querySelector('aside').getBoundingClientRect();"
            "return {overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,"
            " stacked: a.top >= t.bottom - 1, width: window.innerWidth}")
        driver.save_screenshot(screenshot.replace(".png", "-200.png"))
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        # The printable certificate, with the same admission.
        driver.get(bare + "certificate")
        seen["certificate"] = [driver.title, driver.find_element(By.TAG_NAME, "h1").text]
    finally:
        driver.quit()
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
