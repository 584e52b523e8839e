# shellcheck shell=bash
# Build, CLI launch and test commands of infra/platform. Sourced, not executed.

# _build_stale_file: print the first input newer than the runtime classpath file (sources under
# schemas/ and pipelines/, any reactor pom.xml); print nothing when the build is fresh.
_build_stale_file() {
  local dir found
  for dir in schemas pipelines; do
    [[ -d $dir ]] || continue
    found=$(find "$dir" -type f -not -path '*/target/*' -newer "$CLI_CLASSPATH_FILE" -print -quit)
    if [[ -n $found ]]; then
      printf '%s\n' "$found"
      return 0
    fi
  done
  # Every reactor pom; infra/kafka/pom.xml only fetches the broker jars.
  find . \( -path ./var -o -path ./.git -o -path ./infra/kafka -o -name target -o -name node_modules \) \
    -prune -o -name pom.xml -newer "$CLI_CLASSPATH_FILE" -print -quit
}

# platform_build: `mvn -B -q -DskipTests install` at the repository root, skipped while
# pipelines/target/runtime-classpath.txt is newer than every source and pom.
platform_build() {
  local stale start
  if [[ -f $CLI_CLASSPATH_FILE ]]; then
    stale=$(_build_stale_file)
    if [[ -z $stale ]]; then
      log "build up to date (${CLI_CLASSPATH_FILE} is newer than schemas/, pipelines/ and the poms)"
      return 0
    fi
    log "build needed: ${stale#./} changed"
  else
    log "build needed: ${CLI_CLASSPATH_FILE} missing"
  fi
  start=$(now_ms)
  log "building: ${MVN} -B -q -DskipTests install"
  "$MVN" -B -q -DskipTests install || die "build failed (mvn -B -q -DskipTests install)"
  [[ -f $CLI_CLASSPATH_FILE ]] || die "build did not write ${CLI_CLASSPATH_FILE}"
  # The dependency plugin leaves the file alone when the classpath did not change: mark it
  # fresh so the next call skips the build.
  touch "$CLI_CLASSPATH_FILE"
  log "build done in $(elapsed_s "$start") s"
}

# _check_jvm_opens: warn when JVM_OPENS (platform.env) drifted from the root pom's jvm.opens.
_check_jvm_opens() {
  local pom_opens
  pom_opens=$(sed -n 's:.*<jvm.opens>\(.*\)</jvm.opens>.*:\1:p' pom.xml 2>/dev/null | head -n 1)
  if [[ -n $pom_opens && $pom_opens != "$JVM_OPENS" ]]; then
    warn "JVM_OPENS differs from the jvm.opens property of pom.xml: update infra/config/platform.env"
  fi
}

# platform_simulate ARGS...: build, then run the CLI's `simulate` command. With `--to kafka`
# and no `--bootstrap`, Kafka is brought up and its address appended.
platform_simulate() {
  local -a args=("$@")
  local arg prev='' to_kafka=0 has_bootstrap=0
  for arg in "${args[@]}"; do
    case $arg in
      --to=kafka) to_kafka=1 ;;
      kafka) [[ $prev == --to ]] && to_kafka=1 ;;
      --bootstrap | --bootstrap=*) has_bootstrap=1 ;;
    esac
    prev=$arg
  done
  platform_build
  if ((to_kafka)); then
    kafka_up
    if ((!has_bootstrap)); then
      args+=(--bootstrap "$(kafka_bootstrap)")
    fi
  fi
  cli_argv # no extra JVM options for the simulator
  log "running ${CLI_MAIN_CLASS} simulate ${args[*]}"
  "${CLI_ARGV[@]}" simulate "${args[@]}"
}

# cli_argv [JVM OPTION...]: set CLI_ARGV to the java command line of the platform CLI (the
# subcommand follows), with the JVM options given and the --add-opens list Flink needs.
# shellcheck disable=SC2120 # infra/lib/ingest.sh passes JVM options
cli_argv() {
  local -a opens
  _check_jvm_opens
  read -r -a opens <<<"$JVM_OPENS"
  CLI_ARGV=("$JAVA" "$@" "${opens[@]}" -cp "${CLI_CLASSES_DIR}:$(<"$CLI_CLASSPATH_FILE")" "$CLI_MAIN_CLASS")
}

# platform_test [MAVEN ARGS...]: the single test command. Brings PostgreSQL (the Iceberg catalog),
# Kafka, Trino and Superset up (and Debian's chromium for the dashboard tests), runs `mvn -B verify`
# against them and returns Maven's exit code; afterwards (also after a failed start) stops each
# service this call started. One already running stays up.
_platform_test_teardown() {
  lock_release # a failed *_up may still hold its service lock
  if ((SUPERSET_STARTED_BY_US)); then
    log "stopping the Superset started for the tests"
    superset_down
  fi
  if ((TRINO_STARTED_BY_US)); then
    log "stopping the Trino server started for the tests"
    trino_down
  fi
  if ((KAFKA_STARTED_BY_US)); then
    log "stopping the Kafka broker started for the tests"
    kafka_down
  fi
  if ((POSTGRES_STARTED_BY_US)); then
    log "stopping the PostgreSQL server started for the tests"
    postgres_down
  fi
}

platform_test() {
  local rc=0 start
  trap _platform_test_teardown EXIT
  postgres_up
  ((POSTGRES_STARTED_BY_US)) || log "postgres was already running: it stays up after the tests"
  kafka_up
  ((KAFKA_STARTED_BY_US)) || log "kafka was already running: it stays up after the tests"
  # Without trino-setup: it would need a build before Maven's own; tests set up what they use.
  TRINO_SETUP=0 trino_up
  ((TRINO_STARTED_BY_US)) || log "trino was already running: it stays up after the tests"
  chromium_install # PublicationIT opens the publication report in headless Chromium
  TRINO_SETUP=0 superset_up
  ((SUPERSET_STARTED_BY_US)) || log "superset was already running: it stays up after the tests"
  superset_browser_install >/dev/null
  local -a props=(-Dgov.kafka.bootstrap="$(kafka_bootstrap)" -Dgov.catalog.config="$ICEBERG_CATALOG_CONFIG"
    -Dgov.trino.url="$(trino_url)" -Dgov.chromium="$CHROMIUM_BIN" -Dgov.superset.url="$(superset_url)"
    -Dgov.superset.secrets="$SUPERSET_SECRETS_DIR")
  start=$(now_ms)
  log "running: ${MVN} -B verify ${props[*]}${*:+ $*}"
  "$MVN" -B verify "${props[@]}" "$@" || rc=$?
  if ((rc == 0)); then
    log "tests passed in $(elapsed_s "$start") s"
  else
    log "tests FAILED (mvn exit code ${rc}) after $(elapsed_s "$start") s"
  fi
  return "$rc"
}
