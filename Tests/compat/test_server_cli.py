"""`kafkit server` as kafka-server-start.sh: refusals, messages and exit codes."""
import os
import subprocess
import tempfile

from conftest import kafkit_binary


def run(args, cwd):
    return subprocess.run([kafkit_binary(), "server"] + args, cwd=cwd, capture_output=True, text=True, timeout=60)


def write_properties(directory, extra=""):
    path = os.path.join(directory, "server.properties")
    with open(path, "w") as f:
        f.write("process.roles=broker,controller\nnode.id=1\ncontroller.quorum.voters=1@127.0.0.1:0\n"
                "listeners=PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:0\n"
                "controller.listener.names=CONTROLLER\nlog.dirs=%s\n%s" % (os.path.join(directory, "data"), extra))
    return path


def test_unformatted_log_dir_is_refused_with_a_file():
    with tempfile.TemporaryDirectory() as directory:
        result = run([write_properties(directory)], directory)
        assert result.returncode == 1
        assert "Exiting Kafka due to fatal exception during startup." in result.stdout
        assert "No readable meta.properties files found." in result.stderr


def test_invalid_config_is_fatal():
    with tempfile.TemporaryDirectory() as directory:
        result = run([write_properties(directory), "--override", "node.id=abc"], directory)
        assert result.returncode == 1
        assert "FATAL Exiting Kafka due to fatal exception" in result.stdout
        assert "Invalid value abc for configuration node.id: Not a number of type INT" in result.stderr


def test_missing_process_roles():
    with tempfile.TemporaryDirectory() as directory:
        path = os.path.join(directory, "empty.properties")
        open(path, "w").close()
        result = run([path], directory)
        assert result.returncode == 1
        assert 'Missing required configuration "process.roles" which has no default value.' in result.stderr


def test_extra_words_are_rejected():
    with tempfile.TemporaryDirectory() as directory:
        result = run([write_properties(directory), "a", "b"], directory)
        assert result.returncode == 1
        assert result.stderr.startswith("Found non argument parameters: a,b\n")


def test_help_and_version():
    with tempfile.TemporaryDirectory() as directory:
        result = run(["--help"], directory)
        assert result.returncode == 1
        assert result.stderr.startswith("USAGE: java [options] kafka.Kafka server.properties [--override property=value]*\n")
        version = run(["--version"], directory)
        assert version.returncode == 0
        assert version.stdout.startswith("4.0.0 (kafkit ")  # Kafka's version first, then kafkit's


def test_formatted_dir_starts_with_a_file(tmp_path):
    import re
    import signal
    import time
    directory = str(tmp_path)
    path = write_properties(directory)
    fmt = subprocess.run([kafkit_binary(), "storage", "format", "-t", "q1Sh-9_ISia_zwGINzRvyQ", "-c", path],
                         capture_output=True, text=True, timeout=60)
    assert fmt.returncode == 0, fmt.stdout + fmt.stderr
    log_path = os.path.join(directory, "server.log")
    with open(log_path, "w") as log:
        process = subprocess.Popen([kafkit_binary(), "server", path], cwd=directory, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.time() + 30
            while "Kafka Server started" not in open(log_path).read() and time.time() < deadline:
                assert process.poll() is None, open(log_path).read()
                time.sleep(0.05)
            assert "Kafka Server started" in open(log_path).read()
            assert re.search(r"Awaiting socket connections on 127\.0\.0\.1:\d+\.", open(log_path).read())
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) == 143
    meta = open(os.path.join(directory, "data", "meta.properties")).read()
    assert "cluster.id=q1Sh-9_ISia_zwGINzRvyQ" in meta
    assert os.path.exists(os.path.join(directory, "data", ".kafka_cleanshutdown"))
