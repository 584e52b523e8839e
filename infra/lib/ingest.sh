# shellcheck shell=bash
# The ingest Flink job as a local service (see infra/lib/jobs.sh).
# Defines ingest_up, ingest_down, ingest_status, ingest_log_file, ingest_address.

ingest_log_file() {
  job_log_file ingest
}

ingest_address() {
  printf 'reconciliation every checkpoint in %s\n' "$(ingest_log_file)"
}

# _ingest_pii_key: make sure the pseudonymisation key file exists (32 random bytes, base64, 600).
_ingest_pii_key() {
  local file
  file=$(abs_path "$INGEST_PII_KEY_FILE")
  if [[ ! -s $file ]]; then
    mkdir -p "$(dirname "$file")"
    chmod 700 "$(dirname "$file")"
    (umask 077 && head -c 32 /dev/urandom | base64 >"$file")
    log "generated the pseudonymisation key ${file} (keep it: pseudonyms change with the key)"
  fi
  INGEST_PII_KEY_PATH=$file
}

ingest_up() {
  job_pid ingest >/dev/null && { log "ingest already running"; return 0; }
  platform_build
  postgres_up >/dev/null
  kafka_up >/dev/null
  _ingest_pii_key
  job_up ingest "ingest checkpoint" "$INGEST_START_TIMEOUT_S" "$INGEST_JVM_OPTS" \
    --bootstrap "$(kafka_bootstrap)" \
    --catalog-config "$ICEBERG_CATALOG_CONFIG" \
    --pii-key-file "$INGEST_PII_KEY_PATH" \
    --parallelism "$INGEST_PARALLELISM" \
    --checkpoint-interval "$INGEST_CHECKPOINT_INTERVAL" \
    --checkpoint-dir "$(abs_path "$INGEST_CHECKPOINT_DIR")" \
    --resume
}

ingest_down() {
  job_down ingest "$INGEST_STOP_TIMEOUT_S"
}

ingest_status() {
  job_status ingest "$(ingest_address)" "ingest checkpoint"
}
