# shellcheck shell=bash
# Measurements anyone can rerun: the numbers the README states come from these commands.
# Defines platform_false_alarms.

# platform_false_alarms [ARGS...]: `platform false-alarms` (the warning rules' false alarms on a
# simulated scenario-free week) against the local PostgreSQL catalog and Kafka, brought up if needed.
# Refuses while the ingest or assess service runs: the trial's records go through the same topics.
platform_false_alarms() {
  local arg
  for arg in "$@"; do
    case $arg in
      -h | --help | -V | --version)
        platform_build
        cli_argv
        "${CLI_ARGV[@]}" false-alarms "$@"
        return
        ;;
    esac
  done
  if job_pid ingest >/dev/null || job_pid assess >/dev/null; then
    die "the ingest or assess service is running and would consume the trial's records: stop them first (infra/platform down assess; infra/platform down ingest)"
  fi
  platform_build
  postgres_up >/dev/null
  kafka_up >/dev/null
  local -a opts
  read -r -a opts <<<"$FALSE_ALARMS_JVM_OPTS"
  cli_argv "${opts[@]}"
  log "running ${CLI_MAIN_CLASS} false-alarms $*"
  "${CLI_ARGV[@]}" false-alarms --bootstrap "$(kafka_bootstrap)" --catalog-config "$ICEBERG_CATALOG_CONFIG" "$@"
}
