# shellcheck shell=bash
# The assess Flink job as a local service (see infra/lib/jobs.sh): hourly aggregates, stability
# index and risk warnings from gov.items.v1. Started after ingest.
# Defines assess_up, assess_down, assess_status, assess_log_file, assess_address.

assess_log_file() {
  job_log_file assess
}

assess_address() {
  printf 'warnings on gov.warnings.v1 and in gov.warning; log %s\n' "$(assess_log_file)"
}

assess_up() {
  job_pid assess >/dev/null && { log "assess already running"; return 0; }
  platform_build
  postgres_up >/dev/null
  kafka_up >/dev/null
  job_up assess "Completed checkpoint" "$ASSESS_START_TIMEOUT_S" "$ASSESS_JVM_OPTS" \
    --bootstrap "$(kafka_bootstrap)" \
    --catalog-config "$ICEBERG_CATALOG_CONFIG" \
    --parallelism "$ASSESS_PARALLELISM" \
    --checkpoint-interval "$ASSESS_CHECKPOINT_INTERVAL" \
    --checkpoint-dir "$(abs_path "$ASSESS_CHECKPOINT_DIR")" \
    --resume
}

assess_down() {
  job_down assess "$ASSESS_STOP_TIMEOUT_S"
}

assess_status() {
  job_status assess "$(assess_address)"
}
