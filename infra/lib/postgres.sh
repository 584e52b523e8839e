# shellcheck shell=bash
# Settings (POSTGRES_PORT, ICEBERG_*, ...) come from infra/config/platform.env via load_config.
# shellcheck disable=SC2153
# Service "postgres": a private PostgreSQL cluster on loopback for the Iceberg JDBC catalog (and
# later Superset's metadata), run with Debian's binaries (shared/DESIGN.md section 2). Debian's
# default cluster and systemd are not used. Sourced by infra/platform.
#
# Service interface (every infra/lib/<service>.sh provides the same four functions):
#   postgres_up        install if needed, init the cluster once, start it, create the role and
#                      databases, write the Iceberg catalog configuration
#   postgres_down      stop (pg_ctl -m fast; -m immediate if that times out)
#   postgres_status    one status line, then the databases with owner and size
#   postgres_log_file  path of the server log
# plus postgres_address (JDBC URL of the catalog database), postgres_pid, postgres_password.
#
# Layout (all generated): var/postgres/data (cluster, owned by POSTGRES_OS_USER when run as
# root), var/postgres/socket (unix socket, superuser only), var/postgres/provisioned (what was
# created), var/secrets/postgres-password (role password, 600), var/catalog/
# iceberg-catalog.properties (600), var/warehouse (table files), var/log/postgres.log.

_postgres_paths() {
  POSTGRES_HOME=$(abs_path "$POSTGRES_HOME")
  POSTGRES_LOG_FILE="${LOG_DIR}/postgres.log"
  _postgres_relocate_if_unreachable
  POSTGRES_DATA_DIR=$(abs_path "$POSTGRES_DATA_DIR")
  POSTGRES_SOCKET_DIR=$(abs_path "$POSTGRES_SOCKET_DIR")
  POSTGRES_PASSWORD_FILE=$(abs_path "$POSTGRES_PASSWORD_FILE")
  ICEBERG_CATALOG_CONFIG=$(abs_path "$ICEBERG_CATALOG_CONFIG")
  ICEBERG_WAREHOUSE_DIR=$(abs_path "$ICEBERG_WAREHOUSE_DIR")
  POSTGRES_PROVISION_STAMP="${POSTGRES_HOME}/provisioned"
  POSTGRES_SETTINGS_FILE="${POSTGRES_DATA_DIR}/platform.conf"
  ICEBERG_CATALOG_TEMPLATE="${REPO_ROOT}/infra/config/iceberg-catalog.properties.template"
  # Run as root, the cluster belongs to POSTGRES_OS_USER; run as anyone else, to that user.
  if ((EUID == 0)); then
    _PG_OS_USER=$POSTGRES_OS_USER
  else
    _PG_OS_USER=$(id -un)
  fi
}
# _postgres_relocate_if_unreachable: the cluster owner (postgres) must be able to reach the cluster
# and its log. A repository below a private directory (mode 700, as a mktemp clone is) is out of
# its reach; then the cluster and its log live in the owner's home instead, one per repository
# (POSTGRES_FALLBACK_ROOT/<hash of the repository path>). Only the default location moves.
_postgres_relocate_if_unreachable() {
  local default_home hash
  ((EUID == 0)) || return 0
  default_home=$(abs_path "${VAR_DIR}/postgres")
  [[ $POSTGRES_HOME == "$default_home" ]] || return 0
  id -u "$POSTGRES_OS_USER" >/dev/null 2>&1 || return 0
  (cd / && runuser -u "$POSTGRES_OS_USER" -- test -x "$REPO_ROOT") 2>/dev/null && return 0
  hash=$(printf '%s' "$REPO_ROOT" | sha256sum | cut -c1-12)
  POSTGRES_HOME="${POSTGRES_FALLBACK_ROOT}/${hash}"
  POSTGRES_DATA_DIR="${POSTGRES_HOME}/data"
  POSTGRES_SOCKET_DIR="${POSTGRES_HOME}/socket"
  POSTGRES_LOG_FILE="${POSTGRES_HOME}/postgres.log"
}
_postgres_paths

postgres_log_file() {
  printf '%s\n' "$POSTGRES_LOG_FILE"
}

# postgres_jdbc_url [DATABASE]: JDBC URL of DATABASE (default: the Iceberg catalog database).
postgres_jdbc_url() {
  printf 'jdbc:postgresql://%s:%s/%s\n' "$POSTGRES_HOST" "$POSTGRES_PORT" "${1:-$ICEBERG_CATALOG_DB}"
}

postgres_address() {
  postgres_jdbc_url "$ICEBERG_CATALOG_DB"
}

# --- install -----------------------------------------------------------------------------------

# _postgres_find_bin: set POSTGRES_BIN to the directory with pg_ctl and initdb: the version of
# an existing cluster, else POSTGRES_VERSION, else the newest installed. No forks.
POSTGRES_BIN=
_postgres_find_bin() {
  local want=$POSTGRES_VERSION dir found=''
  if [[ -f "${POSTGRES_DATA_DIR}/PG_VERSION" ]]; then
    want=$(<"${POSTGRES_DATA_DIR}/PG_VERSION")
  fi
  dir="/usr/lib/postgresql/${want}/bin"
  if [[ -x "${dir}/pg_ctl" && -x "${dir}/initdb" ]]; then
    POSTGRES_BIN=$dir
    return 0
  fi
  if [[ -f "${POSTGRES_DATA_DIR}/PG_VERSION" ]]; then
    return 1 # the cluster needs exactly its own version
  fi
  for dir in /usr/lib/postgresql/*/bin; do
    if [[ -x "${dir}/pg_ctl" && -x "${dir}/initdb" ]]; then
      found=$dir # glob order: the last match is the newest two-digit version
    fi
  done
  [[ -n $found ]] || return 1
  POSTGRES_BIN=$found
}

# postgres_install: make sure the PostgreSQL server binaries are there (Debian `postgresql`).
postgres_install() {
  if _postgres_find_bin; then
    return 0
  fi
  if [[ -f "${POSTGRES_DATA_DIR}/PG_VERSION" ]]; then
    die "the cluster in ${POSTGRES_DATA_DIR} is PostgreSQL $(<"${POSTGRES_DATA_DIR}/PG_VERSION") but /usr/lib/postgresql/$(<"${POSTGRES_DATA_DIR}/PG_VERSION")/bin is missing (install postgresql-$(<"${POSTGRES_DATA_DIR}/PG_VERSION"), or 'infra/platform down postgres' and remove ${POSTGRES_HOME} to start afresh)"
  fi
  ((EUID == 0)) || die "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin; install them as root: apt-get install postgresql"
  command -v apt-get >/dev/null || die "PostgreSQL server binaries not found and no apt-get: install PostgreSQL ${POSTGRES_VERSION} (pg_ctl, initdb) under /usr/lib/postgresql/${POSTGRES_VERSION}/bin"
  local start install_log="${LOG_DIR}/postgres-install.log"
  start=$(now_ms)
  mkdir -p "$LOG_DIR"
  : >"$install_log"
  log "installing Debian's postgresql with apt-get (output: ${install_log})"
  if ! apt_install "$install_log" postgresql; then
    show_tail "$install_log" 30
    die "apt-get install postgresql failed (full output: ${install_log})"
  fi
  _postgres_find_bin || die "postgresql installed but no pg_ctl/initdb under /usr/lib/postgresql/*/bin"
  if [[ $POSTGRES_BIN != "/usr/lib/postgresql/${POSTGRES_VERSION}/bin" ]]; then
    warn "PostgreSQL ${POSTGRES_VERSION} wanted, using ${POSTGRES_BIN%/bin} (the version Debian installed)"
  fi
  log "PostgreSQL $(basename "${POSTGRES_BIN%/bin}") installed in $(elapsed_s "$start") s"
}

# --- helpers -----------------------------------------------------------------------------------

# _pg_as_owner CMD ARGS...: run CMD as the cluster owner (runuser when root: initdb and the
# server refuse to run as root).
_pg_as_owner() {
  if ((EUID != 0)); then
    "$@"
  elif command -v runuser >/dev/null; then
    # From /: the owner may not be allowed into the current directory (a private clone).
    (cd / && runuser -u "$_PG_OS_USER" -- "$@")
  else
    (cd / && su "$_PG_OS_USER" -s /bin/sh -c "$(printf '%q ' "$@")")
  fi
}

# _pg_own PATH...: hand PATHs to the cluster owner (only when root).
_pg_own() {
  if ((EUID == 0)); then
    chown "${_PG_OS_USER}:" "$@"
  fi
}

# _pg_psql DATABASE ARGS...: psql as the superuser over the unix socket (peer authentication).
_pg_psql() {
  local db=$1
  shift
  _pg_as_owner "${POSTGRES_BIN}/psql" -X -q -v ON_ERROR_STOP=1 -h "$POSTGRES_SOCKET_DIR" \
    -p "$POSTGRES_PORT" -U "$_PG_OS_USER" -d "$db" "$@"
}

# _postgres_password_file ROLE: where the password of ROLE is kept.
_postgres_password_file() {
  if [[ $1 == "$POSTGRES_USER" ]]; then
    printf '%s\n' "$POSTGRES_PASSWORD_FILE"
  else
    printf '%s\n' "$(dirname "$POSTGRES_PASSWORD_FILE")/postgres-$1-password"
  fi
}

# _postgres_ensure_password ROLE: generate the password of ROLE on first use (32 hex characters,
# 128 bits) and keep it.
_postgres_ensure_password() {
  ensure_secret "$(_postgres_password_file "$1")" 16 "password of PostgreSQL role $1"
}

# postgres_password [ROLE]: print the password of ROLE (default POSTGRES_USER); empty (and
# failure) before the first `up postgres`.
postgres_password() {
  local file
  file=$(_postgres_password_file "${1:-$POSTGRES_USER}")
  [[ -s $file ]] || return 1
  printf '%s\n' "$(<"$file")"
}

# _postgres_parse_databases: POSTGRES_DATABASES (DB or DB:OWNER words) into the arrays
# _PG_DBS and _PG_OWNERS (same index); a malformed word is a configuration error.
_PG_DBS=()
_PG_OWNERS=()
_postgres_parse_databases() {
  local item db owner
  _PG_DBS=()
  _PG_OWNERS=()
  [[ $POSTGRES_USER =~ ^[a-z_][a-z0-9_]*$ ]] ||
    die "POSTGRES_USER '${POSTGRES_USER}': use lower-case letters, digits and _"
  for item in $POSTGRES_DATABASES; do
    db=${item%%:*}
    owner=$POSTGRES_USER
    [[ $item == *:* ]] && owner=${item#*:}
    if [[ ! $db =~ ^[a-z_][a-z0-9_]*$ || ! $owner =~ ^[a-z_][a-z0-9_]*$ ]]; then
      die "POSTGRES_DATABASES: '${item}' is not DB or DB:OWNER (lower-case letters, digits, _)"
    fi
    _PG_DBS+=("$db")
    _PG_OWNERS+=("$owner")
  done
  ((${#_PG_DBS[@]} > 0)) || die "POSTGRES_DATABASES is empty"
}

# _postgres_check_settings: fail early on settings that cannot work.
_postgres_check_settings() {
  local socket="${POSTGRES_SOCKET_DIR}/.s.PGSQL.${POSTGRES_PORT}"
  is_uint "$POSTGRES_PORT" || die "POSTGRES_PORT must be a number, got '${POSTGRES_PORT}'"
  [[ $POSTGRES_HOST =~ ^[0-9]+(\.[0-9]+){3}$ ]] ||
    die "POSTGRES_HOST must be an IPv4 address (it is the listen address and the pg_hba.conf entry), got '${POSTGRES_HOST}'"
  if ((${#socket} > 107)); then
    die "unix socket path too long (${#socket} > 107 bytes): ${socket}; set POSTGRES_SOCKET_DIR to a shorter directory"
  fi
  _postgres_parse_databases
  [[ " ${_PG_DBS[*]} " == *" ${ICEBERG_CATALOG_DB} "* ]] ||
    die "ICEBERG_CATALOG_DB=${ICEBERG_CATALOG_DB} is not in POSTGRES_DATABASES (${POSTGRES_DATABASES})"
  if ((EUID == 0)) && ! id -u "$_PG_OS_USER" >/dev/null 2>&1; then
    die "OS user ${_PG_OS_USER} does not exist (Debian's postgresql package creates it; or set POSTGRES_OS_USER)"
  fi
}

# --- configuration and cluster -----------------------------------------------------------------

# _postgres_write_settings: the server settings (include file of postgresql.conf) and
# pg_hba.conf, rewritten before every start so platform.env changes apply.
_postgres_write_settings() {
  local hba="${POSTGRES_DATA_DIR}/pg_hba.conf"
  cat >"${POSTGRES_SETTINGS_FILE}.tmp.$$" <<EOF
# Written by infra/platform (infra/lib/postgres.sh) before every start; edit
# infra/config/platform.env instead. Included at the end of postgresql.conf.
listen_addresses = '${POSTGRES_HOST}'
port = ${POSTGRES_PORT}
unix_socket_directories = '${POSTGRES_SOCKET_DIR}'
unix_socket_permissions = 0700
max_connections = ${POSTGRES_MAX_CONNECTIONS}
shared_buffers = ${POSTGRES_SHARED_BUFFERS}
work_mem = 4MB
maintenance_work_mem = 64MB
effective_cache_size = 512MB
max_worker_processes = 4
max_parallel_workers = 2
max_parallel_workers_per_gather = 1
password_encryption = scram-sha-256
ssl = off
log_destination = 'stderr'
logging_collector = off
log_line_prefix = '%m [%p] %q%u@%d '
log_connections = off
log_disconnections = off
EOF
  cat >"${hba}.tmp.$$" <<EOF
# Written by infra/platform (infra/lib/postgres.sh) before every start.
# TYPE  DATABASE  USER  ADDRESS        METHOD
# Superuser over the unix socket only (the socket directory is private to its owner).
local   all       ${_PG_OS_USER}  peer
# Every role over TCP on loopback, with its password.
host    all       all   ${POSTGRES_HOST}/32   scram-sha-256
EOF
  _pg_own "${POSTGRES_SETTINGS_FILE}.tmp.$$" "${hba}.tmp.$$"
  chmod 600 "${POSTGRES_SETTINGS_FILE}.tmp.$$" "${hba}.tmp.$$"
  mv -f "${POSTGRES_SETTINGS_FILE}.tmp.$$" "$POSTGRES_SETTINGS_FILE"
  mv -f "${hba}.tmp.$$" "$hba"
}

# _postgres_check_reachable: the cluster owner can reach var/postgres (every parent directory
# must be searchable by it).
_postgres_check_reachable() {
  if ! _pg_as_owner test -x "$POSTGRES_HOME" 2>/dev/null; then
    die "OS user ${_PG_OS_USER} cannot reach ${POSTGRES_HOME}: every parent directory needs o+x (chmod o+x each one), or set POSTGRES_HOME elsewhere"
  fi
}

# postgres_init: create the cluster once (initdb into a scratch directory, renamed when done,
# so an interrupted init leaves nothing half-made behind).
postgres_init() {
  if [[ -f "${POSTGRES_DATA_DIR}/PG_VERSION" ]]; then
    return 0
  fi
  local start tmp init_log="${LOG_DIR}/postgres-initdb.log"
  start=$(now_ms)
  if [[ -e $POSTGRES_DATA_DIR ]] && [[ -n $(ls -A "$POSTGRES_DATA_DIR" 2>/dev/null) ]]; then
    die "${POSTGRES_DATA_DIR} exists, is not empty and holds no cluster (no PG_VERSION): move it away"
  fi
  mkdir -p "$POSTGRES_HOME" "$LOG_DIR"
  _postgres_check_reachable
  rm -rf "${POSTGRES_DATA_DIR}".init.*
  tmp="${POSTGRES_DATA_DIR}.init.$$"
  mkdir -m 700 "$tmp"
  _pg_own "$tmp"
  log "initialising PostgreSQL $(basename "${POSTGRES_BIN%/bin}") cluster in ${POSTGRES_DATA_DIR} (owner ${_PG_OS_USER})"
  if ! _pg_as_owner "${POSTGRES_BIN}/initdb" -D "$tmp" --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 --data-checksums --no-instructions \
    </dev/null >"$init_log" 2>&1; then
    show_tail "$init_log" 30
    rm -rf "$tmp"
    die "initdb failed (full output: ${init_log})"
  fi
  printf "\n# Settings of infra/platform (rewritten before every start):\ninclude_if_exists = 'platform.conf'\n" \
    >>"${tmp}/postgresql.conf"
  rmdir "$POSTGRES_DATA_DIR" 2>/dev/null || true
  mv "$tmp" "$POSTGRES_DATA_DIR"
  log "cluster initialised in $(elapsed_s "$start") s"
}

# postgres_pid: pid of the postmaster of our cluster, if it is alive (from postmaster.pid). The
# postmaster runs in its data directory: when the command line names it by another path (var/ is a
# symlink, e.g. in a git worktree sharing another checkout's var/), its working directory is the
# same directory.
postgres_pid() {
  local file="${POSTGRES_DATA_DIR}/postmaster.pid" pid cmdline
  [[ -f $file ]] || return 1
  read -r pid <"$file" || return 1
  is_uint "$pid" || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  cmdline=$(tr '\0' ' ' <"/proc/${pid}/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *postgres* ]] || return 1
  [[ $cmdline == *"$POSTGRES_DATA_DIR"* || "/proc/${pid}/cwd" -ef $POSTGRES_DATA_DIR ]] || return 1
  printf '%s\n' "$pid"
}

# _postgres_running_port: the port the running postmaster listens on (line 4 of postmaster.pid).
_postgres_running_port() {
  local -a lines
  mapfile -t -n 4 lines <"${POSTGRES_DATA_DIR}/postmaster.pid" 2>/dev/null || return 1
  printf '%s\n' "${lines[3]:-}"
}

# postgres_is_up: cheap check (no fork): our postmaster is alive and its port accepts.
postgres_is_up() {
  postgres_pid >/dev/null && port_open "$POSTGRES_HOST" "$POSTGRES_PORT"
}

# _postgres_wait_port PID: wait until the running server accepts TCP connections.
_postgres_wait_port() {
  local pid=$1 start
  start=$(now_ms)
  until port_open "$POSTGRES_HOST" "$POSTGRES_PORT"; do
    kill -0 "$pid" 2>/dev/null || die "PostgreSQL (pid ${pid}) exited (log: $(postgres_log_file))"
    if (($(now_ms) - start >= POSTGRES_START_TIMEOUT_S * 1000)); then
      show_tail "$(postgres_log_file)" 30
      die "PostgreSQL (pid ${pid}) does not accept connections on ${POSTGRES_HOST}:${POSTGRES_PORT} after ${POSTGRES_START_TIMEOUT_S} s"
    fi
    sleep 0.2
  done
}

# postgres_start: start the cluster unless it runs; sets POSTGRES_STARTED_BY_US=1 when this call
# started it.
# shellcheck disable=SC2034 # read by platform_test in build.sh
POSTGRES_STARTED_BY_US=0
postgres_start() {
  local pid port start log_file
  log_file=$(postgres_log_file)

  if pid=$(postgres_pid); then
    port=$(_postgres_running_port) || port=''
    if [[ $port != "$POSTGRES_PORT" ]]; then
      die "postgres is running (pid ${pid}) on port ${port:-?}, not ${POSTGRES_PORT}; run 'infra/platform down postgres' first"
    fi
    if ! port_open "$POSTGRES_HOST" "$POSTGRES_PORT"; then
      log "postgres process ${pid} is running but ${POSTGRES_HOST}:${POSTGRES_PORT} does not answer yet: waiting"
      _postgres_wait_port "$pid"
    fi
    log "postgres already running (pid ${pid}) at ${POSTGRES_HOST}:${POSTGRES_PORT}"
    return 0
  fi
  if port_open "$POSTGRES_HOST" "$POSTGRES_PORT"; then
    die "port ${POSTGRES_HOST}:${POSTGRES_PORT} is in use by something that is not this platform's PostgreSQL (set POSTGRES_PORT)"
  fi

  postgres_init
  _postgres_check_reachable
  mkdir -p "$POSTGRES_SOCKET_DIR" "$LOG_DIR"
  chmod 700 "$POSTGRES_SOCKET_DIR"
  _pg_own "$POSTGRES_SOCKET_DIR"
  [[ -f $log_file ]] || : >"$log_file"
  _pg_own "$log_file"
  _postgres_write_settings

  start=$(now_ms)
  log "starting PostgreSQL $(basename "${POSTGRES_BIN%/bin}") on ${POSTGRES_HOST}:${POSTGRES_PORT} (data ${POSTGRES_DATA_DIR}, log ${log_file})"
  # The server must not inherit the lock descriptor, or it would hold the lock while it runs.
  local -a argv=(_pg_as_owner "${POSTGRES_BIN}/pg_ctl" start -D "$POSTGRES_DATA_DIR" -l "$log_file"
    -w -t "$POSTGRES_START_TIMEOUT_S" -s)
  local rc=0
  if [[ -n $LOCK_FD ]]; then
    "${argv[@]}" </dev/null >/dev/null {LOCK_FD}>&- || rc=$?
  else
    "${argv[@]}" </dev/null >/dev/null || rc=$?
  fi
  if ((rc != 0)); then
    show_tail "$log_file" 30
    die "PostgreSQL did not start within ${POSTGRES_START_TIMEOUT_S} s (pg_ctl exit ${rc}; log: ${log_file})"
  fi
  pid=$(postgres_pid) || die "PostgreSQL started but ${POSTGRES_DATA_DIR}/postmaster.pid names no live server"
  _postgres_wait_port "$pid"
  # shellcheck disable=SC2034 # read by platform_test in build.sh
  POSTGRES_STARTED_BY_US=1
  log "postgres ready after $(elapsed_s "$start") s (pid ${pid}) at ${POSTGRES_HOST}:${POSTGRES_PORT}"
}

# --- roles, databases, catalog configuration ---------------------------------------------------

# _postgres_provision_spec: what provisioning creates (DB:OWNER words); the stamp holds it.
_postgres_provision_spec() {
  local i spec=''
  for i in "${!_PG_DBS[@]}"; do
    spec+="${_PG_DBS[i]}:${_PG_OWNERS[i]} "
  done
  printf '%s\n' "${spec% }"
}

# _postgres_provision_stale: true when the roles/databases must be (re)applied: never done, the
# cluster was re-initialised, a password file changed, or POSTGRES_DATABASES changed.
_postgres_provision_stale() {
  local owner file
  [[ -f $POSTGRES_PROVISION_STAMP ]] || return 0
  [[ "${POSTGRES_DATA_DIR}/PG_VERSION" -nt $POSTGRES_PROVISION_STAMP ]] && return 0
  [[ $(<"$POSTGRES_PROVISION_STAMP") == "$(_postgres_provision_spec)" ]] || return 0
  for owner in "${_PG_OWNERS[@]}"; do
    file=$(_postgres_password_file "$owner")
    [[ -s $file ]] || return 0
    [[ $file -nt $POSTGRES_PROVISION_STAMP ]] && return 0
  done
  return 1
}

# postgres_provision: create (idempotently) each owner role with its password and each database
# of POSTGRES_DATABASES, owned by its role; only the owner (and the superuser) may connect.
postgres_provision() {
  local start i db owner password sql='' roles=' '
  start=$(now_ms)
  for i in "${!_PG_DBS[@]}"; do
    db=${_PG_DBS[i]}
    owner=${_PG_OWNERS[i]}
    if [[ $roles != *" ${owner} "* ]]; then
      roles+="${owner} "
      _postgres_ensure_password "$owner"
      password=$(postgres_password "$owner")
      sql+="\\set role '${owner}'
\\set pw '${password}'
SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \\gexec
ALTER ROLE :\"role\" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
"
    fi
    sql+="\\set db '${db}'
\\set owner '${owner}'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'owner') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \\gexec
ALTER DATABASE :\"db\" OWNER TO :\"owner\";
REVOKE ALL ON DATABASE :\"db\" FROM PUBLIC;
GRANT ALL ON DATABASE :\"db\" TO :\"owner\";
"
  done
  # The SQL (with the passwords) goes through stdin, never on a command line.
  if ! _pg_psql postgres -f - <<<"$sql" >/dev/null; then
    die "could not create the PostgreSQL roles and databases (log: $(postgres_log_file))"
  fi
  _postgres_provision_spec >"$POSTGRES_PROVISION_STAMP"
  roles=${roles# }
  log "roles (${roles% }) and databases (${_PG_DBS[*]}) ready in $(elapsed_s "$start") s"
}

# postgres_write_catalog_config: render the Iceberg catalog configuration (THE one every job and
# Trino use) into ICEBERG_CATALOG_CONFIG, chmod 600; rewritten only when its content changes.
# shellcheck disable=SC2034 # the locals are read by render_template (by name)
postgres_write_catalog_config() {
  local ICEBERG_JDBC_URI ICEBERG_WAREHOUSE_URI POSTGRES_PASSWORD dir tmp
  if [[ ! $ICEBERG_WAREHOUSE_DIR =~ ^/[A-Za-z0-9._~/@+,=-]*$ ]]; then
    die "warehouse path ${ICEBERG_WAREHOUSE_DIR} has characters that need escaping in a file:/// URI; set ICEBERG_WAREHOUSE_DIR to a plain path"
  fi
  mkdir -p "$ICEBERG_WAREHOUSE_DIR"
  ICEBERG_JDBC_URI=$(postgres_jdbc_url "$ICEBERG_CATALOG_DB")
  ICEBERG_WAREHOUSE_URI="file://${ICEBERG_WAREHOUSE_DIR%/}"
  _postgres_ensure_password "$POSTGRES_USER"
  POSTGRES_PASSWORD=$(postgres_password "$POSTGRES_USER")
  dir=$(dirname "$ICEBERG_CATALOG_CONFIG")
  mkdir -p "$dir"
  tmp="${ICEBERG_CATALOG_CONFIG}.new.$$"
  (
    umask 077
    render_template "$ICEBERG_CATALOG_TEMPLATE" "$tmp" ICEBERG_CATALOG_NAME ICEBERG_JDBC_URI \
      POSTGRES_USER POSTGRES_PASSWORD ICEBERG_WAREHOUSE_URI ICEBERG_NAMESPACE
  ) || die "could not render ${ICEBERG_CATALOG_TEMPLATE}"
  chmod 600 "$tmp"
  if [[ -f $ICEBERG_CATALOG_CONFIG ]] && cmp -s "$tmp" "$ICEBERG_CATALOG_CONFIG"; then
    rm -f "$tmp"
    chmod 600 "$ICEBERG_CATALOG_CONFIG"
    return 0
  fi
  mv -f "$tmp" "$ICEBERG_CATALOG_CONFIG"
  log "wrote the Iceberg catalog configuration ${ICEBERG_CATALOG_CONFIG} (catalog ${ICEBERG_CATALOG_NAME}, warehouse ${ICEBERG_WAREHOUSE_URI})"
}

# --- lifecycle ---------------------------------------------------------------------------------

# postgres_up: install if needed, init once, start, create roles and databases, write the catalog
# configuration. Fast (~0.1 s, no SQL) when already running and nothing changed.
postgres_up() {
  lock_acquire postgres
  _postgres_check_settings
  postgres_install
  postgres_start
  if _postgres_provision_stale; then
    postgres_provision
  fi
  postgres_write_catalog_config
  lock_release
}

postgres_down() {
  local pid rc=0
  lock_acquire postgres
  if pid=$(postgres_pid); then
    _postgres_find_bin || die "PostgreSQL binaries for ${POSTGRES_DATA_DIR} not found"
    local start
    start=$(now_ms)
    log "stopping postgres (pid ${pid}, pg_ctl -m fast, up to ${POSTGRES_STOP_TIMEOUT_S} s)"
    _pg_as_owner "${POSTGRES_BIN}/pg_ctl" stop -D "$POSTGRES_DATA_DIR" -m fast -w \
      -t "$POSTGRES_STOP_TIMEOUT_S" -s </dev/null >/dev/null || rc=$?
    if ((rc != 0)); then
      warn "postgres did not stop within ${POSTGRES_STOP_TIMEOUT_S} s: pg_ctl -m immediate"
      _pg_as_owner "${POSTGRES_BIN}/pg_ctl" stop -D "$POSTGRES_DATA_DIR" -m immediate -w \
        -t "$POSTGRES_STOP_TIMEOUT_S" -s </dev/null >/dev/null || die "could not stop postgres (pid ${pid})"
    fi
    log "postgres stopped after $(elapsed_s "$start") s"
  else
    log "postgres not running (no server started by infra/platform)"
    if port_open "$POSTGRES_HOST" "$POSTGRES_PORT"; then
      warn "something still listens on ${POSTGRES_HOST}:${POSTGRES_PORT} but was not started by infra/platform: left alone"
    fi
  fi
  lock_release
}

postgres_status() {
  local pid state=stopped databases
  if pid=$(postgres_pid); then
    state=running
    port_open "$POSTGRES_HOST" "$POSTGRES_PORT" || state=starting
  else
    pid=-
    if port_open "$POSTGRES_HOST" "$POSTGRES_PORT"; then
      state=running
      pid=external
    fi
  fi
  printf '%-10s %-9s %-9s %s\n' postgres "$state" "$pid" "$(postgres_address)"
  if [[ $state == running && $pid != external ]]; then
    if _postgres_find_bin && databases=$(_pg_psql postgres -At -F ' ' -c \
      "SELECT datname, pg_get_userbyid(datdba), pg_size_pretty(pg_database_size(oid))
         FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres' ORDER BY datname" 2>/dev/null); then
      if [[ -z $databases ]]; then
        printf '  databases: none\n'
      else
        printf '  databases (owner, size):\n'
        printf '%s\n' "$databases" | awk '{ printf "    %-28s %-10s %s %s\n", $1, $2, $3, $4 }'
      fi
    else
      printf '  databases: could not be listed\n'
    fi
    printf '  catalog config: %s\n' "$ICEBERG_CATALOG_CONFIG"
  fi
}
