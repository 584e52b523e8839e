# shellcheck shell=bash
# A Flink job of the platform as a local service: `platform JOB` in its own JVM (Flink MiniCluster),
# started after PostgreSQL and Kafka, resumed from its latest retained checkpoint after a stop.
# Used by infra/lib/ingest.sh and infra/lib/assess.sh.

job_log_file() {
  printf '%s\n' "${LOG_DIR}/$1.log"
}

_job_pid_file() {
  printf '%s\n' "${RUN_DIR}/$1.pid"
}

job_pid() {
  pid_from_file "$(_job_pid_file "$1")" "PlatformCli $1"
}

# _job_checkpoints_logged FILE PATTERN: how many checkpoint lines the log holds so far.
_job_checkpoints_logged() {
  [[ -f $1 ]] || { printf '0\n'; return 0; }
  grep -c "$2" "$1" || true
}

# job_up NAME READY_PATTERN TIMEOUT_S JVM_OPTS ARG...: start `platform NAME ARG...` in the background
# unless it runs, and wait until its log shows READY_PATTERN once more than before the start.
job_up() {
  local name=$1 ready=$2 timeout_s=$3 jvm_opts=$4 pid log before start waited=0
  shift 4
  if pid=$(job_pid "$name"); then
    log "${name} already running (pid ${pid})"
    return 0
  fi
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  log=$(job_log_file "$name")
  before=$(_job_checkpoints_logged "$log" "$ready")
  local -a opts
  read -r -a opts <<<"$jvm_opts"
  cli_argv "${opts[@]}"
  start=$(now_ms)
  log "starting the ${name} job, log ${log}"
  nohup "${CLI_ARGV[@]}" "$name" "$@" >>"$log" 2>&1 </dev/null &
  pid=$!
  printf '%s\n' "$pid" >"$(_job_pid_file "$name")"
  while (($(_job_checkpoints_logged "$log" "$ready") <= before)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      show_tail "$log" 30
      local dir_var="${name^^}_CHECKPOINT_DIR"
      local dir
      dir=$(abs_path "${!dir_var:-.}")
      if [[ -n ${!dir_var:-} ]] && grep -q 'initializeState\|restoreState\|Failed to restore\|FileNotFoundException' < <(tail -n 400 "$log"); then
        warn "the ${name} job failed while restoring its last checkpoint (${dir}): a file it needs is gone (maintenance expired it) or the job changed incompatibly." \
          "To start it afresh from its consumer group's committed offsets (the records of the last checkpoint may be read twice):" \
          "mv ${dir} ${dir}.broken-$(date +%Y%m%d%H%M) && infra/platform up ${name}"
      fi
      die "the ${name} job exited during start-up (see ${log})"
    fi
    if ((waited >= timeout_s * 10)); then
      show_tail "$log" 30
      die "the ${name} job completed no checkpoint within ${timeout_s} s (still running as pid ${pid}; see ${log})"
    fi
    if ((waited > 0 && waited % 100 == 0)); then
      log "waiting for the ${name} job's first checkpoint ($((waited / 10)) s)"
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  log "${name} running (pid ${pid}) after $(elapsed_s "$start") s; first checkpoint completed"
}

job_down() {
  local name=$1 timeout_s=$2 pid
  if pid=$(job_pid "$name"); then
    # Checkpoints stay on disk; the next `up` resumes from the latest one.
    stop_pid "$name" "$pid" "$timeout_s"
  else
    log "${name} is not running"
  fi
  rm -f "$(_job_pid_file "$name")"
}

# job_status NAME ADDRESS [LAST_PATTERN]: one status line, and the last log line matching the pattern.
job_status() {
  local name=$1 address=$2 pattern=${3:-} pid state=stopped last
  if pid=$(job_pid "$name"); then
    state=running
  else
    pid=-
  fi
  printf '%-10s %-9s %-9s %s\n' "$name" "$state" "$pid" "$address"
  if [[ $state == running && -n $pattern && -f $(job_log_file "$name") ]]; then
    last=$(grep "$pattern" "$(job_log_file "$name")" | tail -n 1)
    [[ -n $last ]] && printf '  last: %s\n' "$last"
  fi
  return 0
}
