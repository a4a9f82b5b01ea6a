# syntax=docker/dockerfile:1
# The Parley server image: docker build -t parley-server:0.1.0-SNAPSHOT .
# Multi-stage: Maven builds the shaded jar; the runtime image has a JRE, the jar and a
# non-root user, nothing else. k8s/deployment.yaml runs it; docs/cluster.md has the details.

FROM maven:3.9-eclipse-temurin-25 AS build
WORKDIR /src
COPY pom.xml ./
# Every module of the parent pom, bench included: Maven refuses a reactor with one missing.
COPY core core
COPY persistence persistence
COPY tools tools
COPY sessions sessions
COPY voice voice
COPY frontdoor frontdoor
COPY http http
COPY bench bench
# What the node serves to browsers (the client library, the pages and consoles, the widget): the
# http build copies it in.
COPY clients/js/package.json clients/js/package.json
COPY clients/js/src clients/js/src
COPY clients/web clients/web
COPY clients/widget clients/widget
# The Maven repository is a build cache, not a layer: dependencies are not downloaded again on
# every source change, and none of them end up in an image. Tests run in CI, not here. No
# ahead-of-time cache here: it would fit this stage's JDK, not the runtime's JRE (made below).
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests -Dparley.aot.skip=true package -pl http -am

FROM eclipse-temurin:25-jre
# flite gives the in-process voice better voices than FreeTTS (PARLEY_TTS_LOCAL_ENGINE=auto picks it);
# espeak-ng speaks the languages other than English.
RUN apt-get update \
 && apt-get install -y --no-install-recommends flite espeak-ng \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 parley \
 && useradd --system --uid 10001 --gid parley --home-dir /app --no-create-home --shell /usr/sbin/nologin parley \
 && mkdir -p /app/data \
 && chown parley:parley /app/data
WORKDIR /app
COPY --from=build /src/http/target/parley-server.jar /app/parley-server.jar
# The ahead-of-time cache: the classes a node loads, already parsed and linked, and the profiles of
# the code it runs, so that it starts in about half the time and answers its first messages sooner
# (docs/performance.md). The node runs its training once here (--train: a node of the defaults on a
# temporary directory, chat, tools, voice and REST through loopback sockets, then a graceful stop),
# and the JVM writes the cache as it exits. It fits only this JRE and this jar (a mismatch costs the
# speed only, with a few lines in the log), and only a JVM of the same object headers: compact ones
# here and in the entry point (smaller objects, less memory per idle session; docs/operations.md).
# Without the call adapters, which Java 25 files under keys that can collide: each start would warn
# twice, as text among the JSON lines (http/pom.xml says more).
RUN java -XX:+UseCompactObjectHeaders -Xlog:aot=error -XX:+UnlockDiagnosticVMOptions -XX:-AOTAdapterCaching \
        -XX:AOTCacheOutput=/app/parley-server.aot -XX:MaxRAMPercentage=75 \
        -jar /app/parley-server.jar --train \
 && chmod 444 /app/parley-server.aot
# The embedded H2 journal (no PARLEY_DB_URL) lives here, and the unpacked speech model (models/).
ENV PARLEY_DATA_DIR=/app/data
# Failover of a crashed node in about 5 s on one LAN or cloud region (the defaults, said here so
# that docker inspect shows them); docs/cluster.md has the trade-off and the values for a noisy
# cloud or a WAN.
ENV PARLEY_HEARTBEAT_INTERVAL=500ms \
    PARLEY_HEARTBEAT_PAUSE=1200ms \
    PARLEY_SBR_STABLE_AFTER=1s \
    PARLEY_DOWN_REMOVAL_MARGIN=100ms
USER 10001:10001
# HTTP (chat, REST, health, metrics), Pekko Management, Artery.
EXPOSE 8080 8558 25520
# Exec form: java is PID 1 and gets SIGTERM itself, which runs the graceful shutdown.
# The heap follows the container's memory limit; JAVA_TOOL_OPTIONS adds -D settings.
# Pekko 1.2 reads field offsets through sun.misc.Unsafe, which Java 25 allows with a warning on
# stderr at start; allowed here so that the container's output is the JSON log only.
ENTRYPOINT ["java", "-XX:+UseCompactObjectHeaders", "-XX:AOTCache=/app/parley-server.aot", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", \
  "--sun-misc-unsafe-memory-access=allow", "-jar", "/app/parley-server.jar"]
