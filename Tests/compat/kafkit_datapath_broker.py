"""Starts the built `kafkit server` on free loopback ports for the produce/consume tests."""
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def kafkit_binary():
    for candidate in (os.environ.get("KAFKIT_BIN"), os.path.join(ROOT, ".build", "debug", "kafkit"),
                      os.path.join(ROOT, ".build", "release", "kafkit")):
        if candidate and os.path.exists(candidate):
            return candidate
    raise RuntimeError("build kafkit first (swift build)")


class KafkitBroker:
    """One combined broker+controller node; `restart` keeps the data dir."""

    def __init__(self):
        self.data_dir = tempfile.mkdtemp(prefix="kafkit-compat-")
        self.port = free_port()
        self.controller_port = free_port()
        self.process = None
        self.log = open(os.path.join(self.data_dir, "server.out"), "ab")

    @property
    def bootstrap(self):
        return "127.0.0.1:%d" % self.port

    def start(self):
        overrides = {
            "listeners": "PLAINTEXT://127.0.0.1:%d,CONTROLLER://127.0.0.1:%d" % (self.port, self.controller_port),
            "advertised.listeners": "PLAINTEXT://127.0.0.1:%d" % self.port,
            "controller.quorum.voters": "1@127.0.0.1:%d" % self.controller_port,
            "log.dirs": os.path.join(self.data_dir, "logs"),
        }
        args = [kafkit_binary(), "server"]
        for key, value in overrides.items():
            args += ["--override", "%s=%s" % (key, value)]
        self.process = subprocess.Popen(args, stdout=self.log, stderr=self.log, cwd=self.data_dir)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("kafkit server exited with %s" % self.process.returncode)
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("kafkit server did not start")

    def kill9(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill9()

    def remove(self):
        self.stop()
        self.log.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)
