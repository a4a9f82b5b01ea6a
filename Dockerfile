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
COPY http http
COPY bench bench
# What the node serves to browsers (the client library, the pages and consoles, the widget): the
# http build copies it in.
COPY clients/js/package.json clients/js/package.json
COPY clients/js/src clients/js/src
COPY clients/web clients/web
COPY clients/widget clients/widget
# The Maven repository is a build cache, not a layer: dependencies are not downloaded again on
# every source change, and none of them end up in an image. Tests run in CI, not here.
RUN --mount=type=cache,target=/root/.m2 mvn -B -q -DskipTests package -pl http -am

FROM eclipse-temurin:25-jre
# flite gives the in-process voice better voices than FreeTTS (PARLEY_TTS_LOCAL_ENGINE=auto picks it).
RUN apt-get update \
 && apt-get install -y --no-install-recommends flite \
 && rm -rf /var/lib/apt/lists/*
RUN groupadd --system --gid 10001 parley \
 && useradd --system --uid 10001 --gid parley --home-dir /app --no-create-home --shell /usr/sbin/nologin parley \
 && mkdir -p /app/data \
 && chown parley:parley /app/data
WORKDIR /app
COPY --from=build /src/http/target/parley-server.jar /app/parley-server.jar
# Class-data sharing: the classes a start loads, parsed and verified once here rather than on every
# start, which halves the time to ready (docs/performance.md). The JVM cannot make the archive by
# itself, so the node starts once with the defaults, is stopped when ready, and the JVM writes the
# archive as it exits. It fits only this JVM and this jar (a mismatch is ignored with a warning).
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN mkdir /tmp/cds \
 && { PARLEY_DATA_DIR=/tmp/cds java -XX:ArchiveClassesAtExit=/app/parley.jsa -XX:MaxRAMPercentage=75 \
        -jar /app/parley-server.jar > /tmp/cds/node.log 2>&1 & } \
 && pid=$! \
 && ready() { exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3 \
              && head -1 <&3 | grep -q ' 200'; } \
 && for i in $(seq 300); do ready 2>/dev/null && break; kill -0 $pid || break; sleep 0.5; done \
 && ready \
 && kill -TERM $pid && { wait $pid || true; } \
 && test -s /app/parley.jsa \
 && chmod 444 /app/parley.jsa \
 && rm -rf /tmp/cds
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
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/parley.jsa", "-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", \
  "-jar", "/app/parley-server.jar"]
