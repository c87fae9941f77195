"""Joins an observation room in headless Chromium for ObservationRoomCLITests, as an observer on
another machine would: the certificate is accepted only by its pinned public key, the page is
opened with the invitation, the live audio is listened to, and a question is posted with the
page's own form. Prints what it saw as JSON.

usage: observe_room.py LINK PUBLIC_KEY_SHA256 PROFILE_DIR QUESTION
"""
import json
import sys
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def main():
    link, pin, profile, question = sys.argv[1:5]
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,900",
                     "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                     "--ignore-certificate-errors-spki-list=" + pin,
                     "--user-data-dir=" + profile, "--disk-cache-dir=" + profile + "/cache"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    seen = {}
    try:
        parts = urllib.parse.urlsplit(link)
        driver.get(urllib.parse.urlunsplit((parts.scheme, parts.netloc, "/", "", "")))
        seen["without_invitation"] = driver.find_element(By.TAG_NAME, "body").text
        driver.get(link)
        driver.get_log("browser")  # the refusal above was logged; only what follows counts
        seen["title"] = driver.title
        seen["url_after_admission"] = driver.current_url
        driver.find_element(By.ID, "listen").click()
        end = time.time() + 15
        while time.time() < end and driver.execute_script("return window.vitniLive.bytes.length") < 96000:
            time.sleep(0.2)
        seen["first_frame"] = driver.execute_script("return window.vitniLive.firstFrame")
        seen["bytes"] = driver.execute_script("return window.vitniLive.bytes")
        seen["elapsed_text"] = driver.find_element(By.ID, "elapsed").text
        driver.find_element(By.ID, "question").send_keys(question)
        driver.find_element(By.ID, "ask").click()
        end = time.time() + 10
        while time.time() < end and "posted" not in driver.find_element(By.ID, "posted").text:
            time.sleep(0.1)
        seen["posted"] = driver.find_element(By.ID, "posted").text
        end = time.time() + 10
        while time.time() < end and not driver.find_elements(By.CSS_SELECTOR, "#questions li"):
            time.sleep(0.2)
        seen["queue"] = [li.text for li in driver.find_elements(By.CSS_SELECTOR, "#questions li")]
        seen["console_errors"] = [entry["message"] for entry in driver.get_log("browser")
                                  if entry["level"] == "SEVERE"]
    finally:
        driver.quit()
    print(json.dumps(seen))


if __name__ == "__main__":
    main()
