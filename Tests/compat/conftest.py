"""Starts the built `kafkit server` as a child process for real Kafka clients.

The broker listens on 127.0.0.1 with an ephemeral port (listeners ...:0); the port is read from
its log line `Awaiting socket connections on 127.0.0.1:<port>.` Data lives in a temp dir.
"""
import os
import re
import signal
import subprocess
import tempfile
import time

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def kafkit_binary():
    explicit = os.environ.get("KAFKIT_BIN")
    if explicit:
        return explicit
    for config in ("debug", "release"):
        path = os.path.join(ROOT, ".build", config, "kafkit")
        if os.path.exists(path):
            return path
    raise RuntimeError("kafkit is not built: run `swift build` first")


class Broker:
    def __init__(self, workdir, extra=()):
        self.workdir = workdir
        self.log_path = os.path.join(workdir, "server.log")
        args = [kafkit_binary(), "server",
                "--override", "listeners=PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:0",
                "--override", "advertised.listeners=PLAINTEXT://127.0.0.1:0"]
        for item in extra:
            args += ["--override", item]
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(args, cwd=workdir, stdout=self.log, stderr=subprocess.STDOUT)
        self.port = self._wait_for_port()

    def _wait_for_port(self):
        deadline = time.time() + 60
        port = None
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("kafkit server exited:\n" + open(self.log_path).read())
            text = open(self.log_path).read()
            if port is None:
                match = re.search(r"Awaiting socket connections on 127\.0\.0\.1:(\d+)\.", text)
                if match:
                    port = int(match.group(1))
            if port is not None and "Kafka Server started" in text:
                return port
            time.sleep(0.05)
        raise RuntimeError("kafkit server did not start:\n" + open(self.log_path).read())

    @property
    def bootstrap(self):
        return "127.0.0.1:%d" % self.port

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        return self.process.returncode

    def log_text(self):
        return open(self.log_path).read()


@pytest.fixture
def broker():
    with tempfile.TemporaryDirectory(prefix="kafkit-compat-") as workdir:
        server = Broker(workdir)
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def broker_factory():
    """Starts brokers on a shared data dir (for restart tests)."""
    started = []
    with tempfile.TemporaryDirectory(prefix="kafkit-compat-") as workdir:
        def start(extra=()):
            server = Broker(workdir, extra)
            started.append(server)
            return server
        try:
            yield start
        finally:
            for server in started:
                server.stop()
