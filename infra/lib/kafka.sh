# shellcheck shell=bash
# Settings (KAFKA_PORT, KAFKA_HOST, ...) come from infra/config/platform.env via load_config.
# shellcheck disable=SC2153
# Service "kafka": a single-node Apache Kafka (KRaft, combined broker + controller) on loopback,
# run from the Maven Central jars (shared/DESIGN.md section 2). Sourced by infra/platform.
#
# Service interface (every infra/lib/<service>.sh provides the same four functions):
#   kafka_up        install if needed, start, create the topics of infra/config/topics.tsv
#   kafka_down      stop gracefully (SIGTERM, then SIGKILL after KAFKA_STOP_TIMEOUT_S)
#   kafka_status    one status line, then the topics with their partition counts
#   kafka_log_file  path of the service log
# plus kafka_bootstrap (the client address) and kafka_is_up (cheap liveness check).
#
# Layout under var/ (all generated): kafka/libs (jars + .installed-<version> marker),
# kafka/server.properties, kafka/data (KRaft metadata + topic logs), log/kafka.log (log4j2),
# log/kafka.out (JVM stdout/stderr), run/kafka.pid.

KAFKA_MAIN_CLASS=kafka.Kafka

kafka_bootstrap() {
  printf '%s:%s\n' "$KAFKA_HOST" "$KAFKA_PORT"
}

kafka_log_file() {
  printf '%s\n' "${LOG_DIR}/kafka.log"
}

_kafka_paths() {
  KAFKA_HOME=$(abs_path "$KAFKA_HOME")
  KAFKA_LIBS_DIR=$(abs_path "$KAFKA_LIBS_DIR")
  KAFKA_DATA_DIR=$(abs_path "$KAFKA_DATA_DIR")
  KAFKA_CONFIG_FILE=$(abs_path "$KAFKA_CONFIG_FILE")
  KAFKA_TOPICS_FILE=$(abs_path "$KAFKA_TOPICS_FILE")
  KAFKA_PID_FILE="${RUN_DIR}/kafka.pid"
  KAFKA_OUT_FILE="${LOG_DIR}/kafka.out"
  KAFKA_INSTALLED_MARKER="${KAFKA_LIBS_DIR}/.installed-${KAFKA_VERSION}"
  KAFKA_TOPICS_STAMP="${KAFKA_HOME}/topics-applied.stamp"
  KAFKA_TOOLS_CDS_ARCHIVE="${KAFKA_LIBS_DIR}/.tools-cds.jsa"
  KAFKA_LOG4J_CONFIG="${REPO_ROOT}/infra/kafka/log4j2.properties"
  KAFKA_TEMPLATE="${REPO_ROOT}/infra/kafka/server.properties.template"
  KAFKA_POM="${REPO_ROOT}/infra/kafka/pom.xml"
}
_kafka_paths

# --- install -----------------------------------------------------------------------------------

# kafka_install: copy the broker jars into var/kafka/libs once per version (cached in ~/.m2).
kafka_install() {
  if [[ -f $KAFKA_INSTALLED_MARKER ]]; then
    return 0
  fi
  local start install_log="${LOG_DIR}/kafka-install.log"
  start=$(now_ms)
  log "installing Kafka ${KAFKA_VERSION} jars into ${KAFKA_LIBS_DIR} (Maven, cached in ~/.m2)"
  mkdir -p "$LOG_DIR"
  rm -rf "$KAFKA_LIBS_DIR"
  mkdir -p "$KAFKA_LIBS_DIR"
  if ! "$MVN" -B -q -f "$KAFKA_POM" dependency:copy-dependencies \
    -Dkafka.version="$KAFKA_VERSION" -DoutputDirectory="$KAFKA_LIBS_DIR" \
    >"$install_log" 2>&1; then
    show_tail "$install_log" 40
    die "Kafka install failed (full output: ${install_log})"
  fi
  if [[ ! -f "${KAFKA_LIBS_DIR}/kafka_2.13-${KAFKA_VERSION}.jar" ]]; then
    die "Kafka install incomplete: kafka_2.13-${KAFKA_VERSION}.jar missing in ${KAFKA_LIBS_DIR}"
  fi
  date '+%Y-%m-%dT%H:%M:%S%z' >"$KAFKA_INSTALLED_MARKER"
  log "Kafka ${KAFKA_VERSION} installed ($(find "$KAFKA_LIBS_DIR" -name '*.jar' | wc -l) jars) in $(elapsed_s "$start") s"
}

# --- tools -------------------------------------------------------------------------------------

# _kafka_tool_argv CLASS ARGS...: set KAFKA_TOOL_ARGV to the command line of a Kafka tool.
# Tools share a class-data-sharing archive (made once by _kafka_list_topics) that halves their
# start-up time; a missing or mismatched archive is silently ignored by the JVM.
KAFKA_TOOL_ARGV=()
_KAFKA_TOOL_CDS_DUMP=
_kafka_tool_argv() {
  local class=$1
  shift
  local -a jvm_opts
  read -r -a jvm_opts <<<"$KAFKA_TOOLS_JVM_OPTS"
  if [[ -n $_KAFKA_TOOL_CDS_DUMP ]]; then
    jvm_opts+=(-XX:ArchiveClassesAtExit="$_KAFKA_TOOL_CDS_DUMP")
  elif [[ -f $KAFKA_TOOLS_CDS_ARCHIVE ]]; then
    jvm_opts+=(-XX:SharedArchiveFile="$KAFKA_TOOLS_CDS_ARCHIVE")
  fi
  KAFKA_TOOL_ARGV=("$JAVA" "${jvm_opts[@]}"
    -Dlog4j2.configurationFile="$KAFKA_LOG4J_CONFIG"
    -Dkafka.log.appender=STDERR -Dkafka.log.level=WARN
    -cp "${KAFKA_LIBS_DIR}/*" "$class" "$@")
}

# kafka_tool CLASS ARGS...: run a Kafka command-line tool (warnings/errors only on stderr),
# e.g. kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:19092 --list
kafka_tool() {
  _kafka_tool_argv "$@"
  "${KAFKA_TOOL_ARGV[@]}"
}

# kafka_topics_spec: the topics of topics.tsv as "name partitions retention_ms" lines.
kafka_topics_spec() {
  local name partitions retention _description n=0
  [[ -f $KAFKA_TOPICS_FILE ]] || die "topic list not found: ${KAFKA_TOPICS_FILE}"
  while IFS=$'\t' read -r name partitions retention _description || [[ -n $name ]]; do
    n=$((n + 1))
    [[ -z ${name//[[:space:]]/} || $name == \#* ]] && continue
    if [[ ! $name =~ ^[A-Za-z0-9._-]+$ ]] || ! is_uint "$partitions" || ((partitions < 1)) ||
      [[ ! $retention =~ ^(-1|[0-9]+)$ ]]; then
      die "${KAFKA_TOPICS_FILE}:${n}: expected name<TAB>partitions<TAB>retention_ms<TAB>description"
    fi
    printf '%s %s %s\n' "$name" "$partitions" "$retention"
  done <"$KAFKA_TOPICS_FILE"
}

# kafka_describe_topics: "name partition_count" for every non-internal topic on the broker.
kafka_describe_topics() {
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$(kafka_bootstrap)" \
    --describe --exclude-internal |
    awk '/^Topic:/ {
           name = ""; count = "?"
           for (i = 1; i < NF; i++) {
             if ($i == "Topic:") name = $(i + 1)
             if ($i == "PartitionCount:") count = $(i + 1)
           }
           if (name != "") print name, count
         }' | sort
}

# _kafka_list_topics: names of the non-internal topics. When the tools' class-data-sharing
# archive is missing, this run records it (costs ~2 s once, saves ~0.6 s on every later tool).
_kafka_list_topics() {
  local tmp="" rc=0
  if [[ ! -f $KAFKA_TOOLS_CDS_ARCHIVE ]]; then
    tmp="${KAFKA_TOOLS_CDS_ARCHIVE}.tmp.$$"
    _KAFKA_TOOL_CDS_DUMP=$tmp
  fi
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$(kafka_bootstrap)" \
    --list --exclude-internal || rc=$?
  _KAFKA_TOOL_CDS_DUMP=
  if [[ -n $tmp ]]; then
    if ((rc == 0)) && [[ -s $tmp ]]; then mv -f "$tmp" "$KAFKA_TOOLS_CDS_ARCHIVE"; else rm -f "$tmp"; fi
  fi
  return "$rc"
}

# _kafka_check_partitions NAME PARTITIONS DESCRIBED: warn when an existing topic has another partition
# count than topics.tsv says (a topic created by an older version); DESCRIBED is kafka_describe_topics'
# output. Partitions can only grow, so this is not changed here: gov.items.v1 must have exactly one
# (the assess job refuses to start otherwise).
_kafka_check_partitions() {
  local actual
  actual=$(awk -v t="$1" '$1 == t {print $2}' <<<"$3")
  if [[ -n $actual && $actual != "$2" ]]; then
    warn "Kafka topic $1 has ${actual} partitions, ${KAFKA_TOPICS_FILE} says $2 (created by an older version)." \
      "To recreate it: infra/platform down ingest; infra/platform down assess; delete the topic with" \
      "java -cp '${KAFKA_LIBS_DIR}/*' org.apache.kafka.tools.TopicCommand --bootstrap-server $(kafka_bootstrap) --delete --topic $1" \
      "then infra/platform up kafka, and restart ingest without its checkpoint (mv ${INGEST_CHECKPOINT_DIR} aside) so it sends the items again."
  fi
}

# kafka_create_topics: create the topics of topics.tsv that the broker does not have yet (one
# TopicCommand JVM per missing topic, run side by side: JVM start-up dominates).
kafka_create_topics() {
  local start existing described="" name partitions retention i failed=0 total=0 out_dir
  local -a names=() pids=()
  start=$(now_ms)
  existing=$(_kafka_list_topics) || die "could not list Kafka topics"
  if [[ -n $existing ]]; then
    described=$(kafka_describe_topics 2>/dev/null) || described=""
  fi
  out_dir=$(mktemp -d "${RUN_DIR}/kafka-topics.XXXXXX")
  while read -r name partitions retention; do
    total=$((total + 1))
    if grep -qxF -- "$name" <<<"$existing"; then
      _kafka_check_partitions "$name" "$partitions" "$described"
      continue
    fi
    log "creating topic ${name} (${partitions} partitions, retention.ms=${retention})"
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$(kafka_bootstrap)" \
      --create --if-not-exists --topic "$name" --partitions "$partitions" \
      --replication-factor 1 --config "retention.ms=${retention}" \
      >"${out_dir}/${name}.out" 2>&1 &
    names+=("$name")
    pids+=("$!")
  done < <(kafka_topics_spec)
  for i in "${!pids[@]}"; do
    if ! wait "${pids[i]}"; then
      show_tail "${out_dir}/${names[i]}.out" 20
      warn "could not create topic ${names[i]}"
      failed=$((failed + 1))
    fi
  done
  rm -rf "$out_dir"
  ((failed == 0)) || die "${failed} topic(s) could not be created"
  date '+%Y-%m-%dT%H:%M:%S%z' >"$KAFKA_TOPICS_STAMP"
  log "topics ready: ${total} in ${KAFKA_TOPICS_FILE#"${REPO_ROOT}"/}, ${#names[@]} created, in $(elapsed_s "$start") s"
}

# _kafka_topics_stale: true when topics.tsv changed (or storage was re-formatted) since the
# topics were last applied.
_kafka_topics_stale() {
  [[ ! -f $KAFKA_TOPICS_STAMP ]] ||
    [[ $KAFKA_TOPICS_FILE -nt $KAFKA_TOPICS_STAMP ]] ||
    [[ "${KAFKA_DATA_DIR}/meta.properties" -nt $KAFKA_TOPICS_STAMP ]]
}

# --- configuration and storage -----------------------------------------------------------------

kafka_configure() {
  mkdir -p "$KAFKA_HOME" "$KAFKA_DATA_DIR"
  render_template "$KAFKA_TEMPLATE" "$KAFKA_CONFIG_FILE" \
    KAFKA_NODE_ID KAFKA_HOST KAFKA_PORT KAFKA_CONTROLLER_PORT KAFKA_DATA_DIR \
    KAFKA_DEFAULT_PARTITIONS KAFKA_LOG_RETENTION_HOURS KAFKA_INTERNAL_TOPIC_PARTITIONS \
    KAFKA_TRANSACTION_MAX_TIMEOUT_MS
}

# kafka_format: format the KRaft storage once (skipped when meta.properties exists).
kafka_format() {
  if [[ -f "${KAFKA_DATA_DIR}/meta.properties" ]]; then
    return 0
  fi
  local cluster_id start
  start=$(now_ms)
  cluster_id=$(kafka_tool kafka.tools.StorageTool random-uuid) || die "StorageTool random-uuid failed"
  log "formatting KRaft storage ${KAFKA_DATA_DIR} (cluster id ${cluster_id})"
  kafka_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_CONFIG_FILE" --standalone \
    >/dev/null || die "StorageTool format failed"
  log "storage formatted in $(elapsed_s "$start") s"
}

# --- lifecycle ---------------------------------------------------------------------------------

# kafka_pid: pid of the broker started by this script, if it is alive.
kafka_pid() {
  pid_from_file "$KAFKA_PID_FILE" "$KAFKA_MAIN_CLASS"
}

# kafka_is_up: cheap check (no JVM): our broker process is alive and its client port accepts.
kafka_is_up() {
  kafka_pid >/dev/null && port_open "$KAFKA_HOST" "$KAFKA_PORT"
}

# _kafka_answers: a broker answers admin requests on the client port (one JVM, at most 15 s).
_kafka_answers() {
  _kafka_tool_argv org.apache.kafka.tools.TopicCommand --bootstrap-server "$(kafka_bootstrap)" --list
  timeout 15 "${KAFKA_TOOL_ARGV[@]}" >/dev/null 2>&1
}

# _kafka_wait_started PID LOG_OFFSET START_MS: wait until the broker logged that it started and
# its client port accepts connections; fail if the process dies or the timeout passes.
_kafka_wait_started() {
  local pid=$1 offset=$2 start=$3 log_file next_report=5 waited
  log_file=$(kafka_log_file)
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$KAFKA_PID_FILE"
      show_tail "$KAFKA_OUT_FILE" 20
      show_tail "$log_file" 30
      die "Kafka exited during start-up (logs: ${log_file}, ${KAFKA_OUT_FILE})"
    fi
    if port_open "$KAFKA_HOST" "$KAFKA_PORT" && [[ -f $log_file ]]; then
      # Search only what this start wrote (from the whole file if it was rolled meanwhile).
      if (($(stat -c %s "$log_file") < offset)); then offset=0; fi
      if grep -q 'Kafka Server started' < <(tail -c "+$((offset + 1))" "$log_file"); then
        return 0
      fi
    fi
    waited=$(($(now_ms) - start))
    if ((waited >= KAFKA_START_TIMEOUT_S * 1000)); then
      show_tail "$log_file" 30
      warn "Kafka not healthy after ${KAFKA_START_TIMEOUT_S} s: stopping it"
      stop_pid kafka "$pid" "$KAFKA_STOP_TIMEOUT_S"
      rm -f "$KAFKA_PID_FILE"
      die "Kafka did not become healthy within ${KAFKA_START_TIMEOUT_S} s (logs: ${log_file}, ${KAFKA_OUT_FILE})"
    fi
    if ((waited >= next_report * 1000)); then
      log "waiting for Kafka to become healthy ($((waited / 1000)) s of ${KAFKA_START_TIMEOUT_S} s)"
      next_report=$((next_report + 5))
    fi
    sleep 0.2
  done
}

# kafka_start: start the broker in the background unless one is already up; sets
# KAFKA_STARTED_BY_US=1 when this call started it.
# shellcheck disable=SC2034 # read by platform_test in build.sh
KAFKA_STARTED_BY_US=0
kafka_start() {
  local pid start offset log_file
  local -a heap_opts jvm_opts
  log_file=$(kafka_log_file)

  if pid=$(kafka_pid); then
    if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      log "kafka already running (pid ${pid}) at $(kafka_bootstrap)"
      return 0
    fi
    if [[ -f $KAFKA_CONFIG_FILE ]] &&
      ! grep -q "^listeners=PLAINTEXT://${KAFKA_HOST}:${KAFKA_PORT}," "$KAFKA_CONFIG_FILE"; then
      die "kafka is running (pid ${pid}) with other settings ($(grep '^listeners=' "$KAFKA_CONFIG_FILE")); run 'infra/platform down kafka' first"
    fi
    log "kafka process ${pid} is running but $(kafka_bootstrap) does not answer yet: waiting"
    _kafka_wait_started "$pid" 0 "$(now_ms)"
    log "kafka healthy (pid ${pid}) at $(kafka_bootstrap)"
    return 0
  fi
  rm -f "$KAFKA_PID_FILE"

  if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
    if _kafka_answers; then
      log "kafka already running at $(kafka_bootstrap) (started outside infra/platform, pid unknown)"
      return 0
    fi
    die "port ${KAFKA_HOST}:${KAFKA_PORT} is in use by something that is not a Kafka broker (set KAFKA_PORT)"
  fi
  if port_open "$KAFKA_HOST" "$KAFKA_CONTROLLER_PORT"; then
    die "controller port ${KAFKA_HOST}:${KAFKA_CONTROLLER_PORT} is in use (set KAFKA_CONTROLLER_PORT)"
  fi

  kafka_configure
  kafka_format

  mkdir -p "$LOG_DIR" "$RUN_DIR"
  offset=0
  [[ -f $log_file ]] && offset=$(stat -c %s "$log_file")
  read -r -a heap_opts <<<"$KAFKA_HEAP_OPTS"
  read -r -a jvm_opts <<<"$KAFKA_JVM_OPTS"
  start=$(now_ms)
  log "starting Kafka ${KAFKA_VERSION} (KRaft broker+controller, node ${KAFKA_NODE_ID}) on $(kafka_bootstrap), controller ${KAFKA_HOST}:${KAFKA_CONTROLLER_PORT}"
  printf '%(%Y-%m-%d %H:%M:%S)T [platform] starting %s %s\n' -1 "$KAFKA_MAIN_CLASS" "$KAFKA_CONFIG_FILE" >>"$KAFKA_OUT_FILE"
  # The broker must not inherit the lock descriptor, or it would hold the lock while it runs.
  local -a argv=(nohup "$JAVA" "${heap_opts[@]}" "${jvm_opts[@]}"
    -Dkafka.logs.dir="$LOG_DIR"
    -Dlog4j2.configurationFile="$KAFKA_LOG4J_CONFIG"
    -cp "${KAFKA_LIBS_DIR}/*" "$KAFKA_MAIN_CLASS" "$KAFKA_CONFIG_FILE")
  if [[ -n $LOCK_FD ]]; then
    "${argv[@]}" </dev/null >>"$KAFKA_OUT_FILE" 2>&1 {LOCK_FD}>&- &
  else
    "${argv[@]}" </dev/null >>"$KAFKA_OUT_FILE" 2>&1 &
  fi
  pid=$!
  printf '%s\n' "$pid" >"$KAFKA_PID_FILE"
  log "kafka pid ${pid}, log ${log_file}"
  _kafka_wait_started "$pid" "$offset" "$start"
  # shellcheck disable=SC2034 # read by platform_test in build.sh
  KAFKA_STARTED_BY_US=1
  log "kafka healthy after $(elapsed_s "$start") s at $(kafka_bootstrap)"
}

# kafka_up: install if needed, start, create topics. Fast (no JVM) when already running and
# topics.tsv is unchanged.
kafka_up() {
  lock_acquire kafka
  kafka_install
  kafka_start
  if _kafka_topics_stale; then
    kafka_create_topics
  fi
  lock_release
}

kafka_down() {
  local pid
  lock_acquire kafka
  if pid=$(kafka_pid); then
    stop_pid kafka "$pid" "$KAFKA_STOP_TIMEOUT_S"
  else
    log "kafka not running (no broker started by infra/platform)"
    if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      warn "something still listens on $(kafka_bootstrap) but was not started by infra/platform: left alone"
    fi
  fi
  rm -f "$KAFKA_PID_FILE"
  lock_release
}

kafka_status() {
  local pid topics state=stopped
  if pid=$(kafka_pid); then
    state=running
    port_open "$KAFKA_HOST" "$KAFKA_PORT" || state=starting
  else
    pid=-
    if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      state=running
      pid=external
    fi
  fi
  printf '%-10s %-9s %-9s %s\n' kafka "$state" "$pid" "$(kafka_bootstrap)"
  if [[ $state == running ]]; then
    if [[ -f $KAFKA_INSTALLED_MARKER ]] && topics=$(kafka_describe_topics); then
      if [[ -z $topics ]]; then
        printf '  topics: none\n'
      else
        printf '  topics (partitions):\n'
        printf '%s\n' "$topics" | awk '{ printf "    %-28s %s\n", $1, $2 }'
      fi
    else
      printf '  topics: could not be listed\n'
    fi
  fi
}
