#!/usr/bin/env python3
"""Time from the spawn of `java -jar` to the first 200 of /health/ready, for several jars.

Usage: startup-time.py RUNS LABEL=JAR[:JVM_OPTION,JVM_OPTION...] ...
Each run starts every jar in turn (interleaved, so load changes hit all alike) on a new data
directory and then again on the same directory, with the defaults and free loopback ports, and
prints the seconds to ready and the CPU time of all the JVM's threads until then; then, once
ready, the milliseconds of the node's first session (POST /v1/sessions, an anonymous customer of
the default tenant) and of its first answer (a message to it, answered offline), where the server
has sessions (bench/startup/stack-floor.sh builds one that has not). With
PRIORITY=1 (root only) each JVM runs in a scheduler autogroup of its own weighted above the
machine's other sessions, so a shared machine's builds distort less; say so next to the figures.
"""
import json, os, shutil, socket, subprocess, sys, tempfile, time, urllib.error, urllib.request

PRIORITY = bool(os.environ.get("PRIORITY"))


def free_ports(count):
    """Distinct free loopback ports: the OS may hand a port closed a moment ago out again."""
    ports = set()
    while len(ports) < count:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            ports.add(s.getsockname()[1])
    return list(ports)


def load():
    return " ".join(open("/proc/loadavg").read().split()[:3])


def post(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    began = time.monotonic()
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response), (time.monotonic() - began) * 1000


def first_answer(http):
    """The milliseconds of the first session's start and of its first answer."""
    session, started = post(f"http://127.0.0.1:{http}/v1/sessions", {})
    _, answered = post(f"http://127.0.0.1:{http}/v1/sessions/{session['sessionId']}/messages",
                       {"clientMsgId": "m-1", "text": "How do I reset my password?"})
    return started, answered


def start_to_ready(jar, data, jvm_options, log):
    http, management, cluster, sip = free_ports(4)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARLEY_")}
    env.update(PARLEY_HTTP_PORT=str(http), PARLEY_MANAGEMENT_PORT=str(management),
               PARLEY_CLUSTER_PORT=str(cluster), PARLEY_SIP_PORT=str(sip),
               PARLEY_DATA_DIR=data, PARLEY_LOG_FORMAT="text")
    with open(log, "w") as out:
        spawned = time.monotonic()
        node = subprocess.Popen(["java", *jvm_options, "-jar", jar], env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
        if PRIORITY:
            with open(f"/proc/{node.pid}/autogroup", "w") as group:
                group.write("-10")
        result = None
        while time.monotonic() - spawned < 120 and node.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{http}/health/ready", timeout=1) as ready:
                    if ready.status == 200:
                        seconds = time.monotonic() - spawned
                        stat = open(f"/proc/{node.pid}/stat").read().rsplit(") ", 1)[1].split()
                        cpu = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
                        result = (seconds, cpu)
                        break
            except OSError:
                pass
            time.sleep(0.05)
        try:
            if result:
                result = (*result, *first_answer(http))
        except urllib.error.HTTPError as refused:
            if refused.code != 404:
                raise
            result = (*result, None, None)  # a server without sessions, such as the stack's floor
        finally:
            node.terminate()
            try:
                node.wait(60)
            except subprocess.TimeoutExpired:
                node.kill()
                node.wait()
    return result


def main():
    runs, specs = int(sys.argv[1]), sys.argv[2:]
    results = {spec.split("=", 1)[0]: {"new": [], "existing": []} for spec in specs}
    print(f"load before: {load()}", flush=True)
    for run in range(runs):
        for spec in specs:
            label, rest = spec.split("=", 1)
            jar, _, options = rest.partition(":")
            options = [option for option in options.split(",") if option]
            data = tempfile.mkdtemp(prefix="parley-startup-")
            for kind in ("new", "existing"):
                result = start_to_ready(jar, data, options, os.path.join(data, "..", f"{label}-{run}-{kind}.log"))
                results[label][kind].append(result)
                print(f"{label} run {run} {kind}: {result} load {load()}", flush=True)
            shutil.rmtree(data, ignore_errors=True)
    print(f"load after: {load()}")
    for label, kinds in results.items():
        for kind, values in kinds.items():
            ok = [value for value in values if value]
            if not ok:
                print(f"{label} {kind}: never ready")
                continue
            seconds = sorted(value[0] for value in ok)
            cpu = sorted(value[1] for value in ok)
            summary = (f"{label} {kind}: median {seconds[len(seconds) // 2]:.2f} s ({seconds[0]:.2f}-{seconds[-1]:.2f}), "
                       f"CPU median {cpu[len(cpu) // 2]:.1f} s, {len(ok)} of {len(values)} ready")
            if all(value[2] is not None for value in ok):
                started = sorted(value[2] for value in ok)
                answered = sorted(value[3] for value in ok)
                summary += (f"; first session median {started[len(started) // 2]:.0f} ms ({started[0]:.0f}-{started[-1]:.0f}), "
                            f"first answer median {answered[len(answered) // 2]:.0f} ms ({answered[0]:.0f}-{answered[-1]:.0f})")
            print(summary)


if __name__ == "__main__":
    main()
