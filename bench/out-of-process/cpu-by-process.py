#!/usr/bin/env python3
"""The CPU a command costs the machine, by kind of process, as docs/testing.md reads a test run.

Usage: cpu-by-process.py COMMAND [ARG...]
Runs COMMAND and, until it exits, reads every process's user and system ticks (/proc/PID/stat)
once a second; then prints the CPU seconds each kind of process spent meanwhile, largest first,
and COMMAND's wall time. A process already running when COMMAND starts (a PostgreSQL server the
tests use) counts with what it spent since. A process that lives less than the interval between
two reads is missed. Kinds: a JVM by what it runs (Surefire's test JVM, Maven, a Parley node,
else its main class), Chromium by its --type, else the executable's name. Exits with COMMAND's
exit code. Linux only.
"""
import os, re, subprocess, sys, time

TICKS = os.sysconf("SC_CLK_TCK")


def kind(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            args = [a.decode(errors="replace") for a in f.read().split(b"\0") if a]
        exe = os.path.basename(os.readlink(f"/proc/{pid}/exe"))
    except OSError:
        return None
    if not args:
        return "kernel threads"
    if exe == "java":
        main = next((a for a in reversed(args) if not a.startswith("-") and "." in a and "/" not in a), "?")
        if "surefirebooter" in " ".join(args) or main.startswith("org.apache.maven.surefire"):
            return "java: surefire's test JVM"
        if "org.codehaus.plexus.classworlds.launcher.Launcher" in args:
            return "java: maven"
        if main == "io.parley.http.Main" or any(a.endswith("parley-server.jar") for a in args):
            return "java: Parley node"
        return f"java: {main}"
    if exe.startswith("chrom"):
        # Chromium's helpers write their command line over with spaces, in one string
        match = re.search(r"--type=([\w-]+)", " ".join(args))
        return f"{exe}: {match.group(1)}" if match else exe
    if exe.startswith("postgres"):
        return "postgres"
    return exe


def ticks(pid):
    """The process's CPU ticks and its start time, which tells a reused pid from the process before."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12]), fields[19]
    except (OSError, IndexError, ValueError):
        return None


def read(seen, base, first):
    """Each process's latest kind and ticks, keyed by pid and start time; a process's kind is read
    again each time, as a launcher script execs into what it launches."""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        read_now = ticks(pid)
        name = kind(pid)
        if read_now is None or name is None:
            continue
        spent, start = read_now
        if first:
            base[(pid, start)] = spent
        seen[(pid, start)] = (name, spent)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    seen, base = {}, {}
    read(seen, base, first=True)
    started = time.monotonic()
    command = subprocess.Popen(sys.argv[1:])
    while command.poll() is None:
        read(seen, base, first=False)
        time.sleep(1)
    read(seen, base, first=False)
    wall = time.monotonic() - started
    by_kind = {}
    for process, (name, spent) in seen.items():
        by_kind[name] = by_kind.get(name, 0) + (spent - base.get(process, 0)) / TICKS
    total = sum(by_kind.values())
    print(f"{total:.0f} s of CPU in {wall:.0f} s ({total / wall / os.cpu_count():.0%} of {os.cpu_count()} cores)")
    for name, seconds in sorted(by_kind.items(), key=lambda item: -item[1]):
        if seconds >= 0.05:
            print(f"{seconds:8.1f} s {seconds / max(total, 1e-9):6.1%}  {name}")
    sys.exit(command.returncode)


if __name__ == "__main__":
    main()
