"""`kafkit console-producer` typed into by a person: the built binary runs in a tmux pane (a
pseudo-terminal on stdin and stdout), so it shows readline's `>` prompt with line editing and
history. Keys go in with `tmux send-keys`; what arrived is read back with the console consumer.

Every step has a deadline, so a stuck pane fails the test instead of hanging the run."""
import os
import shutil
import subprocess
import time
import uuid

import pytest

from conftest import kafkit_binary

TMUX = shutil.which("tmux")


class Pane:
    """One pane of a private tmux server (`-L`, so a user's sessions are never touched)."""

    def __init__(self, command):
        self.socket = "kafkit-test-" + uuid.uuid4().hex
        started = self.tmux([
            "new-session", "-d", "-s", "producer", "-x", "120", "-y", "30",
            "-e", "TERM=xterm", "-e", "INPUTRC=/dev/null", command])
        assert started.returncode == 0, started.stderr

    def tmux(self, args):
        return subprocess.run([TMUX, "-L", self.socket, "-f", "/dev/null"] + args, capture_output=True,
                              text=True, timeout=20, stdin=subprocess.DEVNULL)

    def screen(self):
        return self.tmux(["capture-pane", "-p", "-S", "-", "-t", "producer"]).stdout

    def lines(self):
        return [line.rstrip() for line in self.screen().split("\n")]

    def keys(self, *keys, literal=False):
        self.tmux(["send-keys", "-t", "producer"] + (["-l"] if literal else []) + list(keys))

    def wait_until(self, what, predicate, seconds=60):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if predicate(self.lines()):
                return
            time.sleep(0.1)
        pytest.fail("timed out waiting for %s; screen:\n%s" % (what, self.screen()))

    def close(self):
        self.tmux(["kill-server"])


def prompts(lines):
    return [line for line in lines if line.startswith(">")]


def run(args, timeout=90):
    return subprocess.run([kafkit_binary()] + args, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (scripts/test installs it)")
def test_prompt_line_editing_and_history(broker):
    created = run(["topics", "--bootstrap-server", broker.bootstrap, "--create", "--topic", "typed",
                   "--partitions", "1", "--replication-factor", "1"])
    assert created.returncode == 0, created.stdout + created.stderr

    producer = " ".join("'%s'" % part for part in [
        kafkit_binary(), "console-producer", "--bootstrap-server", broker.bootstrap, "--topic", "typed",
        "--request-timeout-ms", "30000"])
    # The shell reports the producer's exit status on the screen (tmux 3.3 does not always record
    # a dead pane's status), then keeps the pane open for the last capture.
    pane = Pane(producer + '; echo "producer exited with $?"; sleep 600')
    try:
        pane.wait_until("the first prompt", lambda lines: len(prompts(lines)) >= 1)
        # `helo`, Left, `l`: readline inserts at the cursor.
        pane.keys("helo", literal=True)
        pane.keys("Left")
        pane.keys("l", literal=True)
        pane.keys("Enter")
        pane.wait_until("the second prompt", lambda lines: len(prompts(lines)) >= 2)
        # Up recalls `hello` from the history; `!` is appended to it.
        pane.keys("Up")
        pane.wait_until("the recalled line", lambda lines: prompts(lines).count(">hello") >= 2)
        pane.keys("!", literal=True)
        pane.keys("Enter")
        pane.wait_until("the third prompt", lambda lines: len(prompts(lines)) >= 3)
        pane.keys("C-d")
        pane.wait_until("the producer to exit", lambda lines: any("producer exited" in line for line in lines))
        lines = pane.lines()
    finally:
        pane.close()

    assert prompts(lines)[:2] == [">hello", ">hello!"], "\n".join(lines)
    assert "producer exited with 0" in lines, "the producer exits 0 at Ctrl-D:\n" + "\n".join(lines)

    consumed = run(["console-consumer", "--bootstrap-server", broker.bootstrap, "--topic", "typed",
                    "--from-beginning", "--max-messages", "2", "--timeout-ms", "60000"])
    assert consumed.returncode == 0, consumed.stderr
    assert consumed.stdout == "hello\nhello!\n"
