# shellcheck shell=bash
# Measurements anyone can rerun: the numbers the README states come from these commands.
# Defines platform_false_alarms and platform_bench.

# _measure_help COMMAND ARGS...: with -h/--help/-V/--version among ARGS, show the CLI's own text and
# return 0; else return 1.
_measure_help() {
  local command=$1 arg
  shift
  for arg in "$@"; do
    case $arg in
      -h | --help | -V | --version)
        platform_build
        cli_argv
        "${CLI_ARGV[@]}" "$command" "$@"
        return 0
        ;;
    esac
  done
  return 1
}

# _measure_require_quiet WHY: refuse while the ingest or assess service runs.
_measure_require_quiet() {
  if job_pid ingest >/dev/null || job_pid assess >/dev/null; then
    die "the ingest or assess service is running and $1: stop them first (infra/platform down assess; infra/platform down ingest)"
  fi
}

# platform_false_alarms [ARGS...]: `platform false-alarms` (the warning rules' false alarms on a
# simulated scenario-free week) against the local PostgreSQL catalog and Kafka, brought up if needed.
# Refuses while the ingest or assess service runs: the trial's records go through the same topics.
platform_false_alarms() {
  _measure_help false-alarms "$@" && return 0
  _measure_require_quiet "would consume the trial's records"
  platform_build
  postgres_up >/dev/null
  kafka_up >/dev/null
  local -a opts
  read -r -a opts <<<"$FALSE_ALARMS_JVM_OPTS"
  cli_argv "${opts[@]}"
  log "running ${CLI_MAIN_CLASS} false-alarms $*"
  "${CLI_ARGV[@]}" false-alarms --bootstrap "$(kafka_bootstrap)" --catalog-config "$ICEBERG_CATALOG_CONFIG" "$@"
}

# platform_bench [ARGS...]: `platform bench` (throughput, latency, freshness, query speed; one
# table, JSON under var/bench/) against the local Kafka, catalog and Trino, brought up if needed.
# Refuses while the ingest or assess service runs: they would compete for the machine and read the
# benchmark's records.
platform_bench() {
  _measure_help bench "$@" && return 0
  _measure_require_quiet "would compete with the benchmark and read its records"
  platform_build
  postgres_up >/dev/null
  kafka_up >/dev/null
  trino_up >/dev/null
  local -a opts
  read -r -a opts <<<"$BENCH_JVM_OPTS"
  cli_argv "${opts[@]}"
  log "running ${CLI_MAIN_CLASS} bench $*"
  "${CLI_ARGV[@]}" bench --bootstrap "$(kafka_bootstrap)" --catalog-config "$ICEBERG_CATALOG_CONFIG" --trino-url "$(trino_url)" "$@"
}
