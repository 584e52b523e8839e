# shellcheck shell=bash
# The ingest Flink job as a local service: `platform ingest` in its own JVM (Flink MiniCluster),
# started after PostgreSQL and Kafka, resumed from its latest retained checkpoint after a stop.
# Defines ingest_up, ingest_down, ingest_status, ingest_log_file, ingest_address.

ingest_log_file() {
  printf '%s\n' "${LOG_DIR}/ingest.log"
}

_ingest_pid_file() {
  printf '%s\n' "${RUN_DIR}/ingest.pid"
}

ingest_pid() {
  pid_from_file "$(_ingest_pid_file)" "PlatformCli ingest"
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

# _ingest_checkpoints_logged FILE: how many reconciliation lines the log holds so far.
_ingest_checkpoints_logged() {
  [[ -f $1 ]] || { printf '0\n'; return 0; }
  grep -c "ingest checkpoint" "$1" || true
}

ingest_up() {
  local pid log before start waited=0
  if pid=$(ingest_pid); then
    log "ingest already running (pid ${pid})"
    return 0
  fi
  platform_build
  postgres_up >/dev/null
  kafka_up >/dev/null
  _ingest_pii_key
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  log=$(ingest_log_file)
  before=$(_ingest_checkpoints_logged "$log")
  local -a jvm_opts
  read -r -a jvm_opts <<<"$INGEST_JVM_OPTS"
  cli_argv "${jvm_opts[@]}"
  start=$(now_ms)
  log "starting the ingest job (parallelism ${INGEST_PARALLELISM}, checkpoints every ${INGEST_CHECKPOINT_INTERVAL}), log ${log}"
  nohup "${CLI_ARGV[@]}" ingest \
    --bootstrap "$(kafka_bootstrap)" \
    --catalog-config "$ICEBERG_CATALOG_CONFIG" \
    --pii-key-file "$INGEST_PII_KEY_PATH" \
    --parallelism "$INGEST_PARALLELISM" \
    --checkpoint-interval "$INGEST_CHECKPOINT_INTERVAL" \
    --checkpoint-dir "$(abs_path "$INGEST_CHECKPOINT_DIR")" \
    --resume >>"$log" 2>&1 </dev/null &
  pid=$!
  printf '%s\n' "$pid" >"$(_ingest_pid_file)"
  while (($(_ingest_checkpoints_logged "$log") <= before)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      show_tail "$log" 30
      die "the ingest job exited during start-up (see ${log})"
    fi
    if ((waited >= INGEST_START_TIMEOUT_S * 10)); then
      show_tail "$log" 30
      die "the ingest job completed no checkpoint within ${INGEST_START_TIMEOUT_S} s (still running as pid ${pid}; see ${log})"
    fi
    if ((waited > 0 && waited % 100 == 0)); then
      log "waiting for the ingest job's first checkpoint ($((waited / 10)) s)"
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  log "ingest running (pid ${pid}) after $(elapsed_s "$start") s; first checkpoint completed"
}

ingest_down() {
  local pid
  if pid=$(ingest_pid); then
    # The job's checkpoints stay on disk; the next `up` resumes from the latest one.
    stop_pid ingest "$pid" "$INGEST_STOP_TIMEOUT_S"
  else
    log "ingest is not running"
  fi
  rm -f "$(_ingest_pid_file)"
}

ingest_status() {
  local pid state=stopped last
  if pid=$(ingest_pid); then
    state=running
  else
    pid=-
  fi
  printf '%-10s %-9s %-9s %s\n' ingest "$state" "$pid" "$(ingest_address)"
  if [[ $state == running && -f $(ingest_log_file) ]]; then
    last=$(grep "ingest checkpoint" "$(ingest_log_file)" | tail -n 1)
    [[ -n $last ]] && printf '  last: %s\n' "${last#* \[Reconciliation\] }"
  fi
  return 0
}
