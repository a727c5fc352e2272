"""Shell integration: the committed completion scripts and man pages, run by the real shells
and `man` against the built binary and a running `kafkit server`."""
import glob
import os
import re
import shutil
import subprocess

import pytest

from conftest import ROOT, kafkit_binary

BASH_COMPLETION = os.path.join(ROOT, "completions", "kafkit.bash")


def bash(script, env_path=None):
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(kafkit_binary()) + os.pathsep + env.get("PATH", "")
    return subprocess.run(["bash", "--norc", "--noprofile", "-c", script], capture_output=True, text=True,
                          timeout=60, env=env, cwd=ROOT)


def complete(line, words=None):
    """COMPREPLY for `line` (the cursor at its end), as bash sets the variables for a TAB."""
    words = words if words is not None else line.split(" ")
    quoted = " ".join("'%s'" % w for w in words)
    script = ('source %s\nCOMP_LINE=\'%s\'\nCOMP_POINT=%d\nCOMP_WORDS=(%s)\nCOMP_CWORD=%d\n'
              '_kafkit\nprintf "%%s\\n" "${COMPREPLY[@]}"\n') % (
        BASH_COMPLETION, line, len(line), quoted, len(words) - 1)
    result = bash(script)
    assert result.returncode == 0, result.stderr
    return [w for w in result.stdout.split("\n") if w]


def test_bash_registers_the_completion():
    result = bash("source %s\ncomplete -p kafkit\ncomplete -p kafka-topics.sh\n" % BASH_COMPLETION)
    assert result.returncode == 0, result.stderr
    assert "complete -F _kafkit kafkit" in result.stdout
    assert "complete -F _kafkit kafka-topics.sh" in result.stdout


def test_bash_completes_tool_names():
    assert complete("kafkit top") == ["topics"]
    assert "console-consumer" in complete("kafkit console-")


def test_bash_completes_options_and_values():
    assert complete("kafkit topics --bootstrap-s") == ["--bootstrap-server"]
    assert "topics" in complete("kafkit configs --entity-type ")
    assert complete("kafkit configs --entity-type=bro") == ["brokers", "broker-loggers"]
    assert complete("kafkit storage fo") == ["format"]
    assert "--cluster-id" in complete("kafkit storage format --cl")


def test_bash_completes_through_a_link_name():
    assert complete("kafka-topics.sh --bootstrap-s") == ["--bootstrap-server"]


def test_bash_topic_names_without_a_server_are_empty():
    assert complete("kafkit topics --topic ") == []


def test_bash_completes_topic_names_from_a_running_broker(broker):
    created = subprocess.run(
        [kafkit_binary(), "topics", "--bootstrap-server", broker.bootstrap, "--create", "--topic", "shell-orders",
         "--partitions", "1", "--replication-factor", "1"], capture_output=True, text=True, timeout=60)
    assert created.returncode == 0, created.stderr
    line = "kafkit topics --bootstrap-server %s --topic " % broker.bootstrap
    # bash breaks COMP_WORDS at ':' as it does for a real TAB.
    words = ["kafkit", "topics", "--bootstrap-server", "127.0.0.1", ":", str(broker.port), "--topic", ""]
    assert complete(line, words) == ["shell-orders"]
    assert complete(line + "shell-o", words[:-1] + ["shell-o"]) == ["shell-orders"]
    assert complete(line + "zzz", words[:-1] + ["zzz"]) == []


def test_bash_completes_group_names_from_a_running_broker(broker):
    produced = subprocess.run(
        [kafkit_binary(), "console-producer", "--bootstrap-server", broker.bootstrap, "--topic", "shell-events"],
        input="one\n", capture_output=True, text=True, timeout=60)
    assert produced.returncode == 0, produced.stderr
    consumed = subprocess.run(
        [kafkit_binary(), "console-consumer", "--bootstrap-server", broker.bootstrap, "--topic", "shell-events",
         "--group", "shell-readers", "--from-beginning", "--max-messages", "1"],
        capture_output=True, text=True, timeout=120)
    assert consumed.returncode == 0, consumed.stderr
    line = "kafkit console-consumer --bootstrap-server %s --group shell-" % broker.bootstrap
    words = ["kafkit", "console-consumer", "--bootstrap-server", "127.0.0.1", ":", str(broker.port), "--group", "shell-"]
    assert complete(line, words) == ["shell-readers"]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_topic_names_from_a_running_broker(broker):
    created = subprocess.run(
        [kafkit_binary(), "topics", "--bootstrap-server", broker.bootstrap, "--create", "--topic", "fish-orders"],
        capture_output=True, text=True, timeout=60)
    assert created.returncode == 0, created.stderr
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(kafkit_binary()) + os.pathsep + env.get("PATH", "")
    script = "source %s; complete -C 'kafkit topics --bootstrap-server %s --topic '" % (
        os.path.join(ROOT, "completions", "kafkit.fish"), broker.bootstrap)
    result = subprocess.run(["fish", "--no-config", "-c", script], capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert [line.split("\t")[0] for line in result.stdout.splitlines()] == ["fish-orders"]


def test_complete_subcommand_is_silent_on_an_unreachable_broker():
    result = subprocess.run([kafkit_binary(), "__complete", "topics", "--bootstrap-server", "127.0.0.1:1"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0
    assert result.stdout == ""


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_completion_parses():
    result = subprocess.run(["zsh", "-n", os.path.join(ROOT, "completions", "_kafkit")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


ZSH_DRIVER = r"""
zmodload zsh/zpty
zpty z 'zsh -f -i'
# Everything the shell prints until it has been quiet for 3 s (at most 40 s): a loaded machine
# may take a while to start zsh, load compinit or run the completion.
drain() {
  local chunk all="" quiet=0 waited=0
  while (( quiet < 15 && waited < 200 )); do
    if zpty -rt z chunk; then all+=$chunk; quiet=0; else sleep 0.2; (( quiet++ )); fi
    (( waited++ ))
  done
  print -r -- "$all"
}
zpty -w z "fpath=(%(completions)s \$fpath); path=(%(bin)s \$path); autoload -U compinit; compinit -u -D; PS1='> '; setopt nobeep"
drain >/dev/null
zpty -w -n z $'%(line)s\t'
drain
zpty -d z
"""


def zsh_complete(line):
    """What an interactive zsh shows after typing `line` and TAB (escape sequences removed)."""
    script = ZSH_DRIVER % {"completions": os.path.join(ROOT, "completions"), "bin": os.path.dirname(kafkit_binary()),
                           "line": line}
    result = subprocess.run(["zsh", "-f", "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", result.stdout).replace("\r", "\n")


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_completes_tools_options_and_subcommands():
    assert "kafkit topics " in zsh_complete("kafkit top")
    assert "kafkit topics --bootstrap-server " in zsh_complete("kafkit topics --bootstrap-se")
    assert "kafkit storage format " in zsh_complete("kafkit storage form")
    assert "kafka-topics.sh --if-not-exists " in zsh_complete("kafka-topics.sh --if-n")


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_completes_topic_names_from_a_running_broker(broker):
    created = subprocess.run(
        [kafkit_binary(), "topics", "--bootstrap-server", broker.bootstrap, "--create", "--topic", "zsh-orders"],
        capture_output=True, text=True, timeout=60)
    assert created.returncode == 0, created.stderr
    line = "kafkit topics --bootstrap-server %s --topic zsh-" % broker.bootstrap
    assert line.replace("zsh-", "zsh-orders ") in zsh_complete(line)


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completion_parses():
    result = subprocess.run(["fish", "-n", os.path.join(ROOT, "completions", "kafkit.fish")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_tool_names_and_options():
    script = "source %s; complete -C 'kafkit top'; complete -C 'kafkit topics --bootstrap-s'" % os.path.join(
        ROOT, "completions", "kafkit.fish")
    result = subprocess.run(["fish", "--no-config", "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    names = [line.split("\t")[0] for line in result.stdout.splitlines()]
    assert "topics" in names
    assert "--bootstrap-server" in names


@pytest.mark.skipif(shutil.which("man") is None, reason="man is not installed")
def test_every_man_page_renders_without_warnings():
    pages = sorted(glob.glob(os.path.join(ROOT, "man", "*.1")))
    assert any(page.endswith("/kafkit.1") for page in pages)
    assert any(page.endswith("/kafkit-topics.1") for page in pages)
    for page in pages:
        env = dict(os.environ, MANWIDTH="80")
        result = subprocess.run(["man", "--warnings", "-l", page], capture_output=True, text=True, env=env, timeout=60)
        assert result.returncode == 0, page
        assert result.stderr == "", "%s: %s" % (page, result.stderr)
        assert "EXIT STATUS" in result.stdout
