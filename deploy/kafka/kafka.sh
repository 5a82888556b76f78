#!/usr/bin/env bash
# A real single-node Apache Kafka 4.x broker (KRaft: broker + controller in one JVM)
# on 127.0.0.1, for development, tests and CI. No Docker and no Apache mirror: the
# jars come from Maven Central (deploy/kafka/pom.xml -> deploy/kafka/libs/).
#
# Usage: deploy/kafka/kafka.sh fetch|start|stop|restart|status
#   fetch    fill deploy/kafka/libs/ with the broker's jars (idempotent; no-op when complete)
#   start    fetch if needed, format a FRESH storage (new cluster id, old data wiped),
#            start the broker in the background, wait until a client can talk to it,
#            print the bootstrap address. A broker already running here is left as it is.
#   stop     SIGTERM (controlled shutdown), wait, SIGKILL after a timeout (idempotent)
#   restart  stop, then start again on the SAME storage and ports (data kept)
#   status   print "running <pid> <bootstrap>" (exit 0) or "stopped" (exit 3)
#
# Environment:
#   KAFKA_PORT           client port (default 9092; "0" or "auto" picks a free one)
#   KAFKA_WORK           work folder: config, data, log, pid (default <repo>/var/kafka)
#   JAVA                 java binary (default $JAVA_HOME/bin/java, else java on PATH); >= 17
#   KAFKA_HEAP_OPTS      JVM heap (default "-Xms128m -Xmx512m")
#   KAFKA_START_TIMEOUT  seconds to wait for readiness (default 120)
#   KAFKA_STOP_TIMEOUT   seconds to wait after SIGTERM before SIGKILL (default 30)
#   KAFKA_AUTO_CREATE_TOPICS  auto.create.topics.enable (default false: the services
#                        create their topics with the partitions they need; producing to
#                        a missing topic fails, after a metadata timeout, instead of
#                        silently creating a 1-partition topic). "true" turns it on.
#   KAFKA_PYTHON         python with kafka-python for the readiness check
#                        (default <repo>/.venv/bin/python, else python3)
#
# Files in $KAFKA_WORK that tests and tools may read:
#   bootstrap   "127.0.0.1:<port>"       pid          broker JVM pid
#   server.log  broker log (stdout)      server.properties, data/ (KRaft storage)
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
LIBS=$HERE/libs
WORK=${KAFKA_WORK:-$REPO/var/kafka}
HEAP_OPTS=${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}
START_TIMEOUT=${KAFKA_START_TIMEOUT:-120}
STOP_TIMEOUT=${KAFKA_STOP_TIMEOUT:-30}
AUTO_CREATE=${KAFKA_AUTO_CREATE_TOPICS:-false}
if [ -n "${JAVA:-}" ]; then :
elif [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then JAVA=$JAVA_HOME/bin/java
else JAVA=java; fi

log() { echo "kafka.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Python used for free ports and for the client readiness check.
pick_python() {
  if [ -n "${KAFKA_PYTHON:-}" ]; then echo "$KAFKA_PYTHON"
  elif [ -x "$REPO/.venv/bin/python" ]; then echo "$REPO/.venv/bin/python"
  else echo python3; fi
}
PY=$(pick_python)

# ---------------------------------------------------------------- fetch

# The marker records the sha256 of pom.xml: libs/ is complete when the marker
# matches the current POM. A changed POM (e.g. a new Kafka version) refetches.
pom_sum() { sha256sum "$HERE/pom.xml" | cut -d' ' -f1; }
libs_complete() {
  [ -f "$LIBS/.complete" ] && [ "$(cat "$LIBS/.complete")" = "$(pom_sum)" ] &&
    compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null
}

fetch() {
  libs_complete && return 0
  command -v mvn >/dev/null || die "mvn (Maven) not found; it is needed once to collect the Kafka jars"
  mkdir -p "$LIBS"
  # One fetch at a time (two test sessions may start together).
  exec 9>"$LIBS/.lock"
  flock 9
  if ! libs_complete; then
    log "collecting the Kafka jars from Maven Central into $LIBS ..."
    # copy-dependencies never deletes: drop the jars of an older POM first.
    rm -f "$LIBS"/*.jar "$LIBS/.complete"
    # Quiet unless it fails (Debian's mvn prints colour resets even with -q -B).
    if ! (cd "$HERE" && mvn -q -B -Dstyle.color=never package </dev/null >"$LIBS/.mvn.log" 2>&1); then
      cat "$LIBS/.mvn.log" >&2
      die "mvn failed to collect the Kafka jars (Maven Central reachable? see above)"
    fi
    compgen -G "$LIBS/kafka_2.13-*.jar" >/dev/null || die "mvn ran but no kafka_2.13 jar is in $LIBS"
    pom_sum >"$LIBS/.complete"
  fi
  flock -u 9
  exec 9>&-
}

# ---------------------------------------------------------------- helpers

check_java() {
  command -v "$JAVA" >/dev/null || die "java not found (set JAVA or JAVA_HOME); Kafka 4 needs Java 17+"
  local v
  v=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ "${v%%.*}" -ge 17 ] 2>/dev/null || die "Kafka 4 needs Java 17+, $JAVA is ${v:-unknown}"
}

free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

port_free() {  # port_free PORT -> 0 when nothing listens on 127.0.0.1:PORT
  "$PY" - "$1" <<'PY'
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
PY
}

# The pid in $WORK/pid, if it is alive AND is this work folder's broker
# (guards against a recycled pid after a reboot or a crash).
running_pid() {
  [ -f "$WORK/pid" ] || return 1
  local pid; pid=$(cat "$WORK/pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF "kafka.Kafka $WORK/server.properties" || return 1
  echo "$pid"
}

prop() {  # prop KEY -> value from $WORK/server.properties
  sed -n "s/^$1=//p" "$WORK/server.properties" | tail -1
}

# JVM flags shared by the storage tool and the broker (the heap is set per use).
COMMON_OPTS=(-Djava.awt.headless=true -Dlog4j2.configurationFile="file:$HERE/log4j2.properties"
  -cp "$LIBS/*")

# A KRaft cluster id: 16 random bytes, URL-safe base64 without padding (22 chars).
# Kafka's own tools never hand out one that starts with '-' (it reads as an option).
new_cluster_id() {
  local id
  while :; do
    id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')
    [ "${id:0:1}" != "-" ] && { echo "$id"; return; }
  done
}

write_config() {  # write_config PORT CONTROLLER_PORT
  local port=$1 cport=$2
  cat >"$WORK/server.properties" <<PROPS
# Written by deploy/kafka/kafka.sh: single node, broker + controller (KRaft), loopback only.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${cport}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${cport}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=${WORK}/data

# One node: every internal topic with replication factor 1 (the defaults of 3
# would leave consumer groups and transactions without a coordinator).
num.partitions=1
default.replication.factor=1
min.insync.replicas=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
share.coordinator.state.topic.num.partitions=1

# The services create their topics (with the partitions they need); a typo in a
# topic name then fails loudly instead of creating a 1-partition topic.
auto.create.topics.enable=${AUTO_CREATE}

# Quick group joins for tests; a small log cleaner (must be > 1 MiB).
group.initial.rebalance.delay.ms=0
group.min.session.timeout.ms=1000
log.cleaner.dedupe.buffer.size=4194304
num.network.threads=2
num.io.threads=4
PROPS
}

format_storage() {
  local cid; cid=$(new_cluster_id)
  echo "$cid" >"$WORK/cluster.id"
  # Modest heap for the one-shot storage tool. With controller.quorum.voters set,
  # no --standalone (Kafka 4 refuses both together).
  "$JAVA" -Xmx256m "${COMMON_OPTS[@]}" kafka.tools.StorageTool format \
    -t "$cid" -c "$WORK/server.properties" >"$WORK/format.log" 2>&1 ||
    { cat "$WORK/format.log" >&2; die "formatting the KRaft storage failed"; }
}

# Start the JVM on the existing config + storage, then wait until it serves clients.
launch_and_wait() {
  local port bootstrap pid t0 deadline p
  port=$(prop listeners | sed 's/.*PLAINTEXT:\/\/127.0.0.1:\([0-9]*\).*/\1/')
  bootstrap="127.0.0.1:$port"
  for p in "$port" "$(prop controller.quorum.voters | sed 's/.*://')"; do
    port_free "$p" || die "port $p on 127.0.0.1 is in use (set KAFKA_PORT, or KAFKA_PORT=0 for a free one)"
  done

  local heap
  read -r -a heap <<<"$HEAP_OPTS"
  [ -f "$WORK/server.log" ] && mv -f "$WORK/server.log" "$WORK/server.log.1"
  t0=$(date +%s.%N)
  # setsid + nohup: the broker outlives this script and the caller's terminal/session;
  # no stdin (CI has none). As this script has no job control, setsid execs in place,
  # so $! is the JVM's pid.
  setsid nohup "$JAVA" "${heap[@]}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -XX:+ExitOnOutOfMemoryError "${COMMON_OPTS[@]}" kafka.Kafka "$WORK/server.properties" \
    </dev/null >"$WORK/server.log" 2>&1 &
  pid=$!
  echo "$pid" >"$WORK/pid"
  echo "$bootstrap" >"$WORK/bootstrap"

  fail() {
    log "ERROR: $1; last lines of $WORK/server.log:"
    tail -n 60 "$WORK/server.log" >&2 || true
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$WORK/pid"
    exit 1
  }

  # 1) the broker says it is up (logged once the broker is unfenced)
  deadline=$((SECONDS + START_TIMEOUT))
  until grep -q "Kafka Server started" "$WORK/server.log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || fail "the broker exited during start-up"
    [ $SECONDS -lt $deadline ] || fail "no 'Kafka Server started' within ${START_TIMEOUT}s"
    sleep 0.2
  done
  # 2) a real client gets metadata from it
  if "$PY" -c 'import kafka' 2>/dev/null; then
    local left=$((deadline - SECONDS)); [ $left -ge 5 ] || left=5
    "$PY" - "$bootstrap" "$left" <<'PY' || fail "the broker logged 'started' but a kafka-python client could not list topics"
import sys, time
from kafka import KafkaAdminClient
bootstrap, left = sys.argv[1], float(sys.argv[2])
deadline, err = time.monotonic() + left, None
while time.monotonic() < deadline:
    try:
        admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="kafka.sh-ready",
                                 request_timeout_ms=5000)
        try:
            admin.list_topics()
            admin.describe_cluster()
        finally:
            admin.close()
        sys.exit(0)
    except Exception as e:  # not ready yet: retry until the deadline
        err = e
        time.sleep(0.3)
print(f"readiness check failed: {err!r}", file=sys.stderr)
sys.exit(1)
PY
  else
    # Without kafka-python, at least the client port must accept a TCP connection.
    log "warning: $PY has no kafka-python; client check reduced to a TCP connect"
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || fail "nothing accepts connections on $bootstrap"
  fi
  running_pid >/dev/null || fail "the broker exited during start-up (or $WORK/pid is not its pid)"
  log "broker pid $pid ready in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}')s, log $WORK/server.log"
  echo "KAFKA_BOOTSTRAP_SERVERS=$bootstrap"
}

# ---------------------------------------------------------------- commands

start() {
  local pid port cport
  if pid=$(running_pid); then
    log "already running (pid $pid)"
    echo "KAFKA_BOOTSTRAP_SERVERS=$(cat "$WORK/bootstrap")"
    return 0
  fi
  fetch
  check_java
  port=${KAFKA_PORT:-9092}
  case "$port" in 0|auto) port=$(free_port) ;; esac
  [[ "$port" =~ ^[0-9]+$ ]] || die "KAFKA_PORT must be a number, 0 or auto (got '$port')"
  port_free "$port" || die "port $port on 127.0.0.1 is in use (set KAFKA_PORT, or KAFKA_PORT=0 for a free one)"
  cport=$(free_port); while [ "$cport" = "$port" ]; do cport=$(free_port); done

  # A fresh storage each start: wipe data and old state, keep nothing but the folder.
  mkdir -p "$WORK"
  rm -rf "$WORK/data" "$WORK/pid" "$WORK/bootstrap" "$WORK/cluster.id"
  mkdir -p "$WORK/data"
  write_config "$port" "$cport"
  format_storage
  launch_and_wait
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$WORK/pid"
    log "not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true   # controlled shutdown
  local deadline=$((SECONDS + STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  if kill -0 "$pid" 2>/dev/null; then
    log "no exit ${STOP_TIMEOUT}s after SIGTERM: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  fi
  rm -f "$WORK/pid"
  log "stopped (pid $pid)"
}

restart() {
  # Same config, cluster id, ports and data; without a formatted storage, a fresh start.
  if [ ! -f "$WORK/server.properties" ] || [ ! -f "$WORK/data/meta.properties" ]; then
    stop
    start
    return
  fi
  stop
  fetch
  check_java
  launch_and_wait
}

status() {
  local pid
  if pid=$(running_pid); then
    echo "running $pid $(cat "$WORK/bootstrap")"
  else
    echo "stopped"
    return 3
  fi
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  restart) restart ;;
  status) status ;;
  *) echo "usage: $0 fetch|start|stop|restart|status" >&2; exit 2 ;;
esac
