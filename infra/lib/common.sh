# shellcheck shell=bash source-path=SCRIPTDIR
# Helpers shared by infra/platform and the service files in infra/lib/. Sourced, not executed.
# Expects REPO_ROOT to be set and the working directory to be the repository root.

# --- logging -----------------------------------------------------------------------------------
# Progress and diagnostics go to stderr with a timestamp; results (addresses, status) to stdout.

log() {
  printf '%(%Y-%m-%d %H:%M:%S)T [platform] %s\n' -1 "$*" >&2
}

warn() {
  printf '%(%Y-%m-%d %H:%M:%S)T [platform] WARNING: %s\n' -1 "$*" >&2
}

# die MESSAGE: a runtime failure (exit 1).
die() {
  printf '%(%Y-%m-%d %H:%M:%S)T [platform] ERROR: %s\n' -1 "$*" >&2
  exit 1
}

# usage_error MESSAGE: the command line is wrong (exit 2).
usage_error() {
  printf 'platform: %s\n' "$*" >&2
  printf "Run 'infra/platform help' for the list of commands.\n" >&2
  exit 2
}

# --- time --------------------------------------------------------------------------------------

# now_ms: wall clock in milliseconds (bash 5 EPOCHREALTIME, no fork).
now_ms() {
  local t=${EPOCHREALTIME/[.,]/}
  printf '%s\n' "$((10#$t / 1000))"
}

# elapsed_s START_MS: seconds since START_MS with one decimal, e.g. "6.2".
elapsed_s() {
  local ms=$(($(now_ms) - $1))
  printf '%d.%d\n' "$((ms / 1000))" "$((ms % 1000 / 100))"
}

# --- configuration -----------------------------------------------------------------------------

# abs_path PATH: PATH made absolute against the repository root (the path need not exist).
abs_path() {
  case $1 in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "${REPO_ROOT}/${1#./}" ;;
  esac
}

# load_config: read infra/config/platform.env (environment variables win) and make the
# directory settings absolute.
load_config() {
  # shellcheck source=../config/platform.env
  source "${REPO_ROOT}/infra/config/platform.env"
  VAR_DIR=$(abs_path "$VAR_DIR")
  LOG_DIR=$(abs_path "$LOG_DIR")
  RUN_DIR=$(abs_path "$RUN_DIR")
}

# is_uint VALUE: true when VALUE is a non-negative decimal integer.
is_uint() {
  [[ $1 =~ ^[0-9]+$ ]]
}

# --- processes ---------------------------------------------------------------------------------

# pid_from_file FILE PATTERN: print the pid stored in FILE when that process is alive and its
# command line contains PATTERN (guards against a recycled pid); fail otherwise.
pid_from_file() {
  local file=$1 pattern=$2 pid cmdline
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  is_uint "$pid" || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmdline=$(tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$pattern"* ]] || return 1
  printf '%s\n' "$pid"
}

# stop_pid NAME PID TIMEOUT_S: SIGTERM, wait up to TIMEOUT_S seconds, then SIGKILL.
stop_pid() {
  local name=$1 pid=$2 timeout_s=$3 start waited=0
  start=$(now_ms)
  log "stopping ${name} (pid ${pid}, SIGTERM, up to ${timeout_s} s)"
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= timeout_s * 10)); then
      warn "${name} (pid ${pid}) still running after ${timeout_s} s: sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    if ((waited > 0 && waited % 50 == 0)); then
      log "waiting for ${name} to stop ($((waited / 10)) s)"
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  # A SIGKILLed process may need a moment to disappear.
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  log "${name} stopped after $(elapsed_s "$start") s"
}

# port_open HOST PORT: true when something accepts TCP connections on HOST:PORT.
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# http_get HOST PORT PATH [ACCEPT]: GET http://HOST:PORT/PATH over HTTP/1.0 in pure bash (no curl;
# 5 s read timeout); prints the raw response (status line, headers, body); fails when nothing
# answers or the status is not 200.
http_get() {
  local host=$1 port=$2 path=$3 accept=${4:-*/*} fd line response=''
  { exec {fd}<>"/dev/tcp/${host}/${port}"; } 2>/dev/null || return 1
  if ! { printf 'GET %s HTTP/1.0\r\nHost: %s:%s\r\nAccept: %s\r\n\r\n' "$path" "$host" "$port" "$accept" >&"$fd"; } 2>/dev/null; then
    exec {fd}>&-
    return 1
  fi
  while IFS= read -r -t 5 line <&"$fd"; do
    response+=$line$'\n'
  done
  response+=$line
  exec {fd}>&-
  [[ $response == "HTTP/1."?" 200"* ]] || return 1
  printf '%s\n' "$response"
}

# --- locking -----------------------------------------------------------------------------------

# lock_acquire NAME: serialise start/stop of one service across concurrent invocations. Sets
# LOCK_FD; release with lock_release. Child processes that outlive us must close it ({LOCK_FD}>&-).
LOCK_FD=
lock_acquire() {
  local file="${RUN_DIR}/$1.lock"
  mkdir -p "$RUN_DIR"
  exec {LOCK_FD}>"$file"
  if ! flock -w 120 "$LOCK_FD"; then
    die "could not lock ${file} within 120 s (another infra/platform command is busy)"
  fi
}

lock_release() {
  if [[ -n $LOCK_FD ]]; then
    exec {LOCK_FD}>&-
    LOCK_FD=
  fi
}

# --- secrets ---------------------------------------------------------------------------------

# ensure_secret FILE BYTES WHAT [show]: on first use, write BYTES random bytes as hex (no quoting
# needed anywhere) into FILE; the file is kept chmod 600 in a directory chmod 700. With "show",
# the new value is printed once (a password a person needs); WHAT names it in the log.
ensure_secret() {
  local file=$1 bytes=$2 what=$3 show=${4:-} dir value
  dir=$(dirname "$file")
  mkdir -p "$dir"
  chmod 700 "$dir"
  if [[ ! -s $file ]]; then
    value=$(od -An -N"$bytes" -tx1 /dev/urandom | tr -d ' \n')
    ((${#value} == bytes * 2)) || die "could not generate the ${what} (od /dev/urandom)"
    (umask 077 && printf '%s\n' "$value" >"${file}.tmp.$$") || die "could not write ${file}"
    mv -f "${file}.tmp.$$" "$file"
    if [[ $show == show ]]; then
      log "generated the ${what}: ${value}  (printed this once; kept in ${file})"
    else
      log "generated the ${what} (${file})"
    fi
  fi
  chmod 600 "$file"
}

# --- Debian packages ---------------------------------------------------------------------------

# apt_install LOG PACKAGE...: apt-get install PACKAGEs, non-interactive, output appended to LOG.
# `apt-get update` only when the package lists are empty or the first attempt fails. A package may
# start a daemon of its own (postgresql: Debian's default cluster on port 5432) where services may
# start: a temporary policy-rc.d forbids it.
apt_install() {
  local install_log=$1 policy=/usr/sbin/policy-rc.d own_policy=0 rc=0
  shift
  local -a install=(apt-get install -y -q --no-install-recommends "$@")
  if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\n# temporary, written by infra/platform while installing %s\n%s\n' "$*" 'exit 101' >"$policy"
    chmod 755 "$policy"
    own_policy=1
  fi
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    log "apt package lists are empty: apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$install_log" 2>&1 || rc=$?
  fi
  if ((rc == 0)); then
    DEBIAN_FRONTEND=noninteractive "${install[@]}" >>"$install_log" 2>&1 || rc=$?
    if ((rc != 0)); then
      log "apt-get install failed (exit ${rc}): apt-get update, then retrying"
      rc=0
      DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$install_log" 2>&1 || rc=$?
      if ((rc == 0)); then
        DEBIAN_FRONTEND=noninteractive "${install[@]}" >>"$install_log" 2>&1 || rc=$?
      fi
    fi
  fi
  if ((own_policy)); then rm -f "$policy"; fi
  return "$rc"
}

# --- misc --------------------------------------------------------------------------------------

# show_tail FILE [LINES]: print the end of a log file to stderr, indented, if it exists.
show_tail() {
  local file=$1 lines=${2:-30}
  [[ -s $file ]] || return 0
  printf '  --- last %s lines of %s ---\n' "$lines" "$file" >&2
  tail -n "$lines" "$file" | sed 's/^/  | /' >&2
}

# render_template TEMPLATE OUTPUT NAME...: copy TEMPLATE to OUTPUT replacing ${NAME} by the
# value of shell variable NAME for each NAME given; fails if a ${...} placeholder remains.
render_template() {
  local template=$1 output=$2 content name tmp
  shift 2
  content=$(<"$template")
  for name in "$@"; do
    content=${content//"\${${name}}"/"${!name}"}
  done
  if [[ $content =~ \$\{[A-Za-z_][A-Za-z0-9_]*\} ]]; then
    die "unreplaced placeholder ${BASH_REMATCH[0]} in ${template}"
  fi
  tmp="${output}.tmp.$$"
  printf '%s\n' "$content" >"$tmp"
  mv -f "$tmp" "$output"
}
