#!/usr/bin/env python3
"""What a flight recording of a node says about its messages, as docs/performance.md reads it.

Usage: jfr-summary.py RECORDING.jfr MESSAGES [TOP]
Prints, from the recording's samples (jdk.ExecutionSample: Java threads on a CPU), the share of
the samples by the package of the top frame and by the top method, how many of them ran in the
interpreter, the JIT's compilations (jdk.Compilation: how many, at which tier, of which packages,
and the compiler threads' time), the allocations by class (jdk.ObjectAllocationSample, weighed),
and each thread's parked and waiting time (jdk.ThreadPark, jdk.JavaMonitorWait). MESSAGES (those
acked during the recording) turns totals into per-message figures. Needs the JDK's `jfr` on the PATH.
"""
import collections, json, subprocess, sys

# Packages summed to this depth: io.parley.sessions.entity, org.apache.pekko.actor, ...
DEPTH = {"io": 3, "org": 3, "com": 3, "java": 2, "jdk": 3, "sun": 3, "scala": 2}


def package(type_name):
    parts = type_name.replace("/", ".").split(".")[:-1]
    return ".".join(parts[:DEPTH.get(parts[0], 2) if parts else 0]) or "(default)"


def method_name(method):
    return f"{method['type']['name'].replace('/', '.')}.{method['name']}"


def events(recording, kinds, depth=1):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", str(depth), "--events", ",".join(kinds), recording],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]


def share(counter, total, top):
    return [f"  {100 * n / total:5.1f} %  {name}" for name, n in counter.most_common(top)]


def nanos(duration):
    """JFR's JSON durations: 'PT0.001234S' or nanoseconds."""
    if isinstance(duration, (int, float)):
        return duration
    seconds = duration.removeprefix("PT").removesuffix("S")
    return float(seconds) * 1e9 if seconds.replace(".", "").isdigit() else 0


def main():
    recording, messages = sys.argv[1], int(sys.argv[2])
    top = int(sys.argv[3]) if len(sys.argv) > 3 else 15
    samples = events(recording, ["jdk.ExecutionSample"])
    by_package, by_method, frame_kinds = collections.Counter(), collections.Counter(), collections.Counter()
    for sample in samples:
        frames = sample["values"]["stackTrace"]["frames"] if sample["values"]["stackTrace"] else []
        if not frames:
            continue
        by_package[package(frames[0]["method"]["type"]["name"])] += 1
        by_method[method_name(frames[0]["method"])] += 1
        frame_kinds[frames[0]["type"]] += 1
    total = max(1, sum(by_package.values()))
    print(f"samples of Java threads on a CPU: {total}, {total / max(1, messages):.2f} a message; top frame:")
    print("  " + ", ".join(f"{kind} {100 * n / total:.0f} %" for kind, n in frame_kinds.most_common()))
    print("by package (top frame):")
    print("\n".join(share(by_package, total, top)))
    print("by method (top frame):")
    print("\n".join(share(by_method, total, top)))

    compilations = events(recording, ["jdk.Compilation"])
    tiers, packages, spent = collections.Counter(), collections.Counter(), collections.Counter()
    for compilation in compilations:
        values = compilation["values"]
        tier = f"tier {values['compileLevel']}" + (" OSR" if values.get("isOsr") else "")
        tiers[tier] += 1
        spent[tier] += nanos(values["duration"])
        packages[package(values["method"]["type"]["name"])] += 1
    print(f"compilations: {len(compilations)}, {len(compilations) / max(1, messages):.1f} a message; "
          + ", ".join(f"{tier} {n} ({spent[tier] / 1e6:.0f} ms)" for tier, n in sorted(tiers.items())))
    print("compiled methods by package:")
    print("\n".join(share(packages, max(1, len(compilations)), top)))

    allocations = events(recording, ["jdk.ObjectAllocationSample"], 12)
    weights, sites = collections.Counter(), collections.Counter()
    for allocation in allocations:
        weights[allocation["values"]["objectClass"]["name"]] += allocation["values"]["weight"]
        frames = (allocation["values"]["stackTrace"] or {}).get("frames", [])
        # The allocating code: the first frame outside the JDK's and Scala's own collections.
        site = next((method_name(f["method"]) for f in frames
                     if not method_name(f["method"]).startswith(("java.", "jdk.", "sun.", "scala."))), "(the JDK)")
        sites[site] += allocation["values"]["weight"]
    allocated = sum(weights.values())
    print(f"allocated (sampled, weighed): {allocated / 1e6:.1f} MB, {allocated / max(1, messages) / 1e3:.0f} kB a message; by class:")
    print("\n".join(share(weights, max(1, allocated), top)))
    print("allocated by site (the first frame outside the JDK and Scala):")
    print("\n".join(share(sites, max(1, allocated), top)))

    waits = collections.Counter()
    for wait in events(recording, ["jdk.ThreadPark", "jdk.JavaMonitorWait"]):
        waits[wait["values"]["eventThread"]["javaName"] if wait["values"].get("eventThread") else "?"] += nanos(wait["values"]["duration"])
    print("parked or waiting (events over the recording's threshold), ms by thread:")
    for thread, n in waits.most_common(top):
        print(f"  {n / 1e6:9.0f}  {thread}")


if __name__ == "__main__":
    main()
