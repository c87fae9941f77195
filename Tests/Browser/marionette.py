"""Drives headless Firefox over its own remote protocol, Marionette, which Firefox ships with:
Debian has no geckodriver, and this needs nothing beyond the standard library.

A message is its length in decimal, a colon, and a JSON array: [0, id, command, parameters]
out, [1, id, error, result] back.
"""
import json
import os
import socket
import subprocess
import time

ELEMENT = "element-6066-11e4-a52e-4f735466cecf"


class MarionetteError(Exception):
    pass


class Firefox:
    """A headless Firefox with a fresh profile in `profile`, on a port it picks itself."""

    def __init__(self, profile, width=1400, height=1000):
        os.makedirs(profile, exist_ok=True)
        with open(os.path.join(profile, "user.js"), "w") as prefs:
            for name, value in (("marionette.port", 0), ("media.autoplay.default", 0),
                                ("media.volume_scale", '"0.0"'), ("browser.shell.checkDefaultBrowser", "false"),
                                ("datareporting.policy.dataSubmissionEnabled", "false"),
                                ("toolkit.telemetry.reportingpolicy.firstRun", "false"),
                                ("app.update.auto", "false"), ("browser.aboutwelcome.enabled", "false")):
                prefs.write("user_pref(%s, %s);\n" % (json.dumps(name), value))
        environment = dict(os.environ, MOZ_HEADLESS="1", MOZ_HEADLESS_WIDTH=str(width),
                           MOZ_HEADLESS_HEIGHT=str(height))
        self.process = subprocess.Popen(
            ["/usr/bin/firefox-esr", "--headless", "--marionette", "--no-remote", "--profile", profile],
            env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.socket = self._connect(os.path.join(profile, "MarionetteActivePort"))
        self.buffer = b""
        self.next_id = 0
        self._read()  # the greeting
        self.command("WebDriver:NewSession", {"capabilities": {"alwaysMatch": {"acceptInsecureCerts": False}}})

    def _connect(self, port_file, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            if self.process.poll() is not None:
                raise MarionetteError("firefox-esr exited with %d before it listened" % self.process.returncode)
            try:
                port = int(open(port_file).read().strip())
                return socket.create_connection(("127.0.0.1", port), timeout=60)
            except (OSError, ValueError):
                time.sleep(0.2)
        raise MarionetteError("firefox-esr did not start Marionette within %d s" % timeout)

    def _read(self):
        while b":" not in self.buffer:
            self._receive()
        length, _, rest = self.buffer.partition(b":")
        while len(rest) < int(length):
            self._receive()
            length, _, rest = self.buffer.partition(b":")
        message, self.buffer = rest[:int(length)], rest[int(length):]
        return json.loads(message)

    def _receive(self):
        data = self.socket.recv(65536)
        if not data:
            raise MarionetteError("firefox-esr closed the connection")
        self.buffer += data

    def command(self, name, parameters=None):
        self.next_id += 1
        body = json.dumps([0, self.next_id, name, parameters or {}]).encode()
        self.socket.sendall(str(len(body)).encode() + b":" + body)
        while True:
            kind, identifier, error, result = self._read()
            if kind == 1 and identifier == self.next_id:
                break
        if error:
            raise MarionetteError("%s: %s" % (error.get("error"), error.get("message")))
        return result

    def get(self, url):
        self.command("WebDriver:Navigate", {"url": url})

    def run(self, script, *arguments):
        return self.command("WebDriver:ExecuteScript", {"script": script, "args": list(arguments)}).get("value")

    def find(self, selector):
        found = self.command("WebDriver:FindElement", {"using": "css selector", "value": selector})
        return found["value"][ELEMENT]

    def click(self, element):
        self.command("WebDriver:ElementClick", {"id": element})

    def title(self):
        return self.command("WebDriver:GetTitle").get("value")

    def wait_for(self, script, timeout=10):
        end = time.time() + timeout
        while time.time() < end:
            value = self.run(script)
            if value:
                return value
            time.sleep(0.1)
        return self.run(script)

    def quit(self):
        try:
            self.command("Marionette:Quit", {"flags": ["eForceQuit"]})
        except (MarionetteError, OSError):
            pass
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
