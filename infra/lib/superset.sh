# shellcheck shell=bash
# Settings (SUPERSET_PORT, SUPERSET_HOME, ...) come from infra/config/platform.env via load_config.
# shellcheck disable=SC2153
# Service "superset": Apache Superset 6.1 (PyPI, in a venv) with the leaders' dashboards of
# dashboards/, its metadata in the platform's PostgreSQL, reading Trino as user superset (group
# dashboard, sql/access/). Served by gunicorn on loopback. Sourced by infra/platform, after
# infra/lib/postgres.sh and infra/lib/trino.sh.
#
# Service interface (every infra/lib/<service>.sh provides the same four functions):
#   superset_up        postgres_up and trino_up, install if needed, generate the secrets once,
#                      migrate the metadata database, import dashboards/ and set up the users and
#                      the leader role when anything changed, start, wait for /health
#   superset_down      stop gunicorn (SIGTERM, then SIGKILL after SUPERSET_STOP_TIMEOUT_S)
#   superset_status    one status line, then how to log in
#   superset_log_file  path of the server log
# plus superset_address / superset_url (HTTP), superset_login_help, superset_browser_install
# (Debian chromium + chromium-driver for the dashboard tests).
#
# Layout under var/ (all generated): superset/venv (the Python packages), superset/.installed
# (checksum of what is installed), superset/home (Superset's own SUPERSET_HOME), superset/db.stamp
# (metadata migrated for that install), superset/setup.stamp (checksum of the assets, setup script
# and secrets last applied), secrets/superset-{secret-key,admin-password,leader-password} (600),
# secrets/postgres-superset-password (written by postgres_up), log/superset.log (gunicorn and
# Superset), log/superset-install.log, run/superset.pid.

SUPERSET_APP='superset.app:create_app()'

_superset_paths() {
  SUPERSET_HOME=$(abs_path "$SUPERSET_HOME")
  SUPERSET_SECRETS_DIR=$(abs_path "$SUPERSET_SECRETS_DIR")
  SUPERSET_ASSETS_DIR=$(abs_path "$SUPERSET_ASSETS_DIR")
  SUPERSET_VENV="${SUPERSET_HOME}/venv"
  SUPERSET_CONFIG_DIR="${REPO_ROOT}/infra/superset"
  SUPERSET_REQUIREMENTS="${SUPERSET_CONFIG_DIR}/requirements.txt"
  SUPERSET_CONSTRAINTS="${SUPERSET_CONFIG_DIR}/constraints.txt"
  SUPERSET_SETUP_SCRIPT="${SUPERSET_CONFIG_DIR}/platform_setup.py"
  SUPERSET_INSTALLED_MARKER="${SUPERSET_HOME}/.installed"
  SUPERSET_DB_STAMP="${SUPERSET_HOME}/db.stamp"
  SUPERSET_SETUP_STAMP="${SUPERSET_HOME}/setup.stamp"
  SUPERSET_SECRET_KEY_FILE="${SUPERSET_SECRETS_DIR}/superset-secret-key"
  SUPERSET_ADMIN_PASSWORD_FILE="${SUPERSET_SECRETS_DIR}/superset-admin-password"
  SUPERSET_LEADER_PASSWORD_FILE="${SUPERSET_SECRETS_DIR}/superset-leader-password"
  SUPERSET_PID_FILE="${RUN_DIR}/superset.pid"
  SUPERSET_LOG_FILE="${LOG_DIR}/superset.log"
  SUPERSET_INSTALL_LOG="${LOG_DIR}/superset-install.log"
}
_superset_paths

superset_log_file() {
  printf '%s\n' "$SUPERSET_LOG_FILE"
}

# superset_url: where a browser, the tests (-Dgov.superset.url) and the API reach Superset.
superset_url() {
  printf 'http://%s:%s\n' "$SUPERSET_HOST" "$SUPERSET_PORT"
}

superset_address() {
  superset_url
}

# superset_login_help: how to log in (the passwords stay in their files).
superset_login_help() {
  printf '  log in at %s/login/ as %s (password: cat %s) or %s, who sees only the dashboards (password: cat %s)\n' \
    "$(superset_url)" "$SUPERSET_ADMIN_USER" "$SUPERSET_ADMIN_PASSWORD_FILE" \
    "$SUPERSET_LEADER_USER" "$SUPERSET_LEADER_PASSWORD_FILE"
}

# --- install -----------------------------------------------------------------------------------

# _superset_install_spec: what an installation is made of (the pins and the Python used); its
# checksum is the installed marker.
_superset_install_spec() {
  cat "$SUPERSET_REQUIREMENTS" "$SUPERSET_CONSTRAINTS" "${SUPERSET_VENV}/pyvenv.cfg" 2>/dev/null | cksum
}

# _superset_venv_moved: whether the venv was made at another path (the repository moved or was a
# git worktree since removed). A venv is not relocatable: its scripts name its python by absolute
# path, so gunicorn would not start.
_superset_venv_moved() {
  local shebang=''
  [[ -f "${SUPERSET_VENV}/bin/gunicorn" ]] || return 1
  read -r shebang <"${SUPERSET_VENV}/bin/gunicorn" || true
  [[ $shebang != "#!${SUPERSET_VENV}/bin/python"* ]]
}

# superset_install: the venv with the pinned packages, once per requirements/constraints/Python
# (no pip call when the marker matches: a few milliseconds).
superset_install() {
  local installed='' start python
  if _superset_venv_moved && ! superset_pid >/dev/null; then
    warn "Superset's venv was made at another path ($(head -c 200 "${SUPERSET_VENV}/bin/gunicorn" | head -n 1)): making it afresh"
    rm -rf "$SUPERSET_VENV"
  fi
  if [[ -f $SUPERSET_INSTALLED_MARKER && -x "${SUPERSET_VENV}/bin/gunicorn" ]]; then
    read -r installed <"$SUPERSET_INSTALLED_MARKER" || true
    [[ $installed == "$(_superset_install_spec)" ]] && return 0
  fi
  if superset_pid >/dev/null; then
    die "Superset is running from an installation that differs from infra/superset/requirements.txt and constraints.txt: run 'infra/platform down superset' first"
  fi
  start=$(now_ms)
  mkdir -p "$SUPERSET_HOME" "$LOG_DIR"
  : >"$SUPERSET_INSTALL_LOG"
  rm -f "$SUPERSET_INSTALLED_MARKER" "$SUPERSET_DB_STAMP" "$SUPERSET_SETUP_STAMP"
  if [[ ! -x "${SUPERSET_VENV}/bin/python" ]]; then
    python=$(command -v "$SUPERSET_PYTHON") || die "no ${SUPERSET_PYTHON} for Superset's venv (Python 3.10-3.12; set SUPERSET_PYTHON)"
    log "creating the Python venv ${SUPERSET_VENV} ($("$python" --version 2>&1))"
    "$python" -m venv "$SUPERSET_VENV" >>"$SUPERSET_INSTALL_LOG" 2>&1 ||
      die "${python} -m venv ${SUPERSET_VENV} failed (Debian: apt-get install python3-venv; output: ${SUPERSET_INSTALL_LOG})"
  fi
  log "installing Superset from PyPI into ${SUPERSET_VENV} (pins: infra/superset/requirements.txt, constraints.txt; a few minutes the first time; output: ${SUPERSET_INSTALL_LOG})"
  if ! "${SUPERSET_VENV}/bin/python" -m pip install --disable-pip-version-check -q \
    -r "$SUPERSET_REQUIREMENTS" -c "$SUPERSET_CONSTRAINTS" >>"$SUPERSET_INSTALL_LOG" 2>&1; then
    show_tail "$SUPERSET_INSTALL_LOG" 30
    die "pip install of Superset failed (output: ${SUPERSET_INSTALL_LOG})"
  fi
  [[ -x "${SUPERSET_VENV}/bin/gunicorn" && -x "${SUPERSET_VENV}/bin/superset" ]] ||
    die "pip install succeeded but ${SUPERSET_VENV}/bin has no superset or gunicorn"
  _superset_install_spec >"$SUPERSET_INSTALLED_MARKER"
  log "Superset installed in $(elapsed_s "$start") s ($(du -sh "$SUPERSET_VENV" 2>/dev/null | cut -f1) in ${SUPERSET_VENV})"
}

# --- secrets -----------------------------------------------------------------------------------

# _superset_secrets: the secret key (64 hex characters) and the two passwords (32), generated
# once; the passwords are printed when generated.
_superset_secrets() {
  ensure_secret "$SUPERSET_SECRET_KEY_FILE" 32 "Superset secret key"
  ensure_secret "$SUPERSET_ADMIN_PASSWORD_FILE" 16 "Superset password of ${SUPERSET_ADMIN_USER}" show
  ensure_secret "$SUPERSET_LEADER_PASSWORD_FILE" 16 "Superset password of ${SUPERSET_LEADER_USER}" show
}

# --- environment -------------------------------------------------------------------------------

# _superset_metadata_owner: the role owning SUPERSET_METADATA_DB in POSTGRES_DATABASES (DB:OWNER).
_superset_metadata_owner() {
  local word
  for word in $POSTGRES_DATABASES; do
    if [[ ${word%%:*} == "$SUPERSET_METADATA_DB" ]]; then
      [[ $word == *:* ]] && printf '%s\n' "${word#*:}" || printf '%s\n' "$POSTGRES_USER"
      return 0
    fi
  done
  die "SUPERSET_METADATA_DB=${SUPERSET_METADATA_DB} is not in POSTGRES_DATABASES (${POSTGRES_DATABASES})"
}

# _superset_env: the environment of every Superset process (superset_config.py reads it).
_superset_env() {
  local owner
  owner=$(_superset_metadata_owner)
  SUPERSET_ENV=(
    "SUPERSET_CONFIG_PATH=${SUPERSET_CONFIG_DIR}/superset_config.py"
    "SUPERSET_HOME=${SUPERSET_HOME}/home"
    "FLASK_APP=superset"
    "GOV_SUPERSET_DB_HOST=${POSTGRES_HOST}"
    "GOV_SUPERSET_DB_PORT=${POSTGRES_PORT}"
    "GOV_SUPERSET_DB_NAME=${SUPERSET_METADATA_DB}"
    "GOV_SUPERSET_DB_USER=${owner}"
    "GOV_SUPERSET_DB_PASSWORD_FILE=$(_postgres_password_file "$owner")"
    "GOV_SUPERSET_SECRET_KEY_FILE=${SUPERSET_SECRET_KEY_FILE}"
    "GOV_SUPERSET_TIMEOUT_S=${SUPERSET_TIMEOUT_S}"
  )
}

# _superset_run LOG ARGS...: run a command of the venv (ARGS[0] in venv/bin) with Superset's
# environment, output appended to LOG; fails with the end of LOG shown.
_superset_run() {
  local out=$1 cmd=$2
  shift 2
  if ! env "${SUPERSET_ENV[@]}" "${SUPERSET_VENV}/bin/${cmd}" "$@" >>"$out" 2>&1 </dev/null; then
    show_tail "$out" 30
    return 1
  fi
}

# --- metadata database and setup ---------------------------------------------------------------

# superset_migrate: `superset db upgrade` and `superset init` (tables, default roles and
# permissions) once per installation, and again when the PostgreSQL cluster was re-initialised.
superset_migrate() {
  local start spec
  spec=$(<"$SUPERSET_INSTALLED_MARKER")
  if [[ -f $SUPERSET_DB_STAMP && $(<"$SUPERSET_DB_STAMP") == "$spec" ]] &&
    ! [[ "${POSTGRES_DATA_DIR}/PG_VERSION" -nt $SUPERSET_DB_STAMP ]]; then
    return 0
  fi
  start=$(now_ms)
  rm -f "$SUPERSET_SETUP_STAMP"
  log "migrating Superset's metadata database ${SUPERSET_METADATA_DB} (superset db upgrade, superset init; output: ${SUPERSET_INSTALL_LOG})"
  _superset_run "$SUPERSET_INSTALL_LOG" superset db upgrade || die "superset db upgrade failed (output: ${SUPERSET_INSTALL_LOG})"
  _superset_run "$SUPERSET_INSTALL_LOG" superset init || die "superset init failed (output: ${SUPERSET_INSTALL_LOG})"
  printf '%s\n' "$spec" >"$SUPERSET_DB_STAMP"
  log "Superset metadata ready in $(elapsed_s "$start") s"
}

# _superset_setup_spec: checksum of what platform_setup.py applies: the assets, the script, the
# users' passwords, the Trino connection settings.
_superset_setup_spec() {
  {
    printf '%s\n' "$SUPERSET_TRINO_USER" "$TRINO_HOST" "$TRINO_PORT" "$TRINO_CATALOG" \
      "$SUPERSET_ADMIN_USER" "$SUPERSET_LEADER_USER" "$(<"$SUPERSET_DB_STAMP")"
    cat "$SUPERSET_SETUP_SCRIPT" "$SUPERSET_ADMIN_PASSWORD_FILE" "$SUPERSET_LEADER_PASSWORD_FILE"
    find "$SUPERSET_ASSETS_DIR" -type f -name '*.yaml' -print0 | LC_ALL=C sort -z | xargs -0 cat
  } | cksum
}

# superset_setup: infra/superset/platform_setup.py (admin and leader users, the leader role, the
# import of dashboards/ pointing at this Trino) when anything it applies changed since it last ran.
superset_setup() {
  local spec start
  [[ -d $SUPERSET_ASSETS_DIR ]] || die "no assets directory ${SUPERSET_ASSETS_DIR} (SUPERSET_ASSETS_DIR)"
  spec=$(_superset_setup_spec)
  if [[ -f $SUPERSET_SETUP_STAMP && $(<"$SUPERSET_SETUP_STAMP") == "$spec" ]]; then
    return 0
  fi
  start=$(now_ms)
  log "Superset setup: users ${SUPERSET_ADMIN_USER} and ${SUPERSET_LEADER_USER}, role leader, import of ${SUPERSET_ASSETS_DIR#"${REPO_ROOT}/"}/ (output: ${SUPERSET_INSTALL_LOG})"
  _superset_run "$SUPERSET_INSTALL_LOG" python "$SUPERSET_SETUP_SCRIPT" \
    --assets "$SUPERSET_ASSETS_DIR" \
    --trino-uri "trino://${SUPERSET_TRINO_USER}@${TRINO_HOST}:${TRINO_PORT}/${TRINO_CATALOG}" \
    --admin "$SUPERSET_ADMIN_USER" --admin-password-file "$SUPERSET_ADMIN_PASSWORD_FILE" \
    --leader "$SUPERSET_LEADER_USER" --leader-password-file "$SUPERSET_LEADER_PASSWORD_FILE" ||
    die "Superset setup failed (output: ${SUPERSET_INSTALL_LOG})"
  printf '%s\n' "$spec" >"$SUPERSET_SETUP_STAMP"
  log "Superset setup done in $(elapsed_s "$start") s"
}

# --- lifecycle ---------------------------------------------------------------------------------

# superset_pid: pid of the gunicorn master started by this script, if it is alive.
superset_pid() {
  pid_from_file "$SUPERSET_PID_FILE" "$SUPERSET_APP"
}

# _superset_health: GET /health answers "OK".
_superset_health() {
  local response
  response=$(http_get "$SUPERSET_HOST" "$SUPERSET_PORT" /health) && [[ $response == *OK ]]
}

superset_is_up() {
  _superset_health
}

# superset_start: start gunicorn in the background unless it runs; sets SUPERSET_STARTED_BY_US=1
# when this call started it.
# shellcheck disable=SC2034 # read by platform_test in build.sh
SUPERSET_STARTED_BY_US=0
superset_start() {
  local pid start next_report=10 waited
  if pid=$(superset_pid); then
    if _superset_health; then
      log "superset already running (pid ${pid}) at $(superset_url)"
      return 0
    fi
    log "superset process ${pid} is running but $(superset_url)/health does not answer yet: waiting"
  else
    rm -f "$SUPERSET_PID_FILE"
    if port_open "$SUPERSET_HOST" "$SUPERSET_PORT"; then
      die "port ${SUPERSET_HOST}:${SUPERSET_PORT} is in use by something not started by infra/platform (set SUPERSET_PORT)"
    fi
    mkdir -p "$LOG_DIR" "$RUN_DIR" "${SUPERSET_HOME}/home"
    log "starting Superset on $(superset_url) (gunicorn, ${SUPERSET_WORKERS} workers x ${SUPERSET_THREADS} threads); log ${SUPERSET_LOG_FILE}"
    printf '%(%Y-%m-%d %H:%M:%S)T [platform] starting gunicorn %s\n' -1 "$SUPERSET_APP" >>"$SUPERSET_LOG_FILE"
    # The server must not inherit the lock descriptor, or it would hold the lock while it runs.
    (
      if [[ -n $LOCK_FD ]]; then exec {LOCK_FD}>&-; fi
      exec env "${SUPERSET_ENV[@]}" nohup "${SUPERSET_VENV}/bin/gunicorn" \
        --bind "${SUPERSET_HOST}:${SUPERSET_PORT}" --workers "$SUPERSET_WORKERS" \
        --worker-class gthread --threads "$SUPERSET_THREADS" --timeout "$SUPERSET_TIMEOUT_S" \
        --limit-request-line 0 --limit-request-field_size 0 "$SUPERSET_APP"
    ) </dev/null >>"$SUPERSET_LOG_FILE" 2>&1 &
    pid=$!
    printf '%s\n' "$pid" >"$SUPERSET_PID_FILE"
  fi
  start=$(now_ms)
  until _superset_health; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$SUPERSET_PID_FILE"
      show_tail "$SUPERSET_LOG_FILE" 40
      die "Superset exited during start-up (log: ${SUPERSET_LOG_FILE})"
    fi
    waited=$(($(now_ms) - start))
    if ((waited >= SUPERSET_START_TIMEOUT_S * 1000)); then
      show_tail "$SUPERSET_LOG_FILE" 40
      warn "Superset not answering after ${SUPERSET_START_TIMEOUT_S} s: stopping it"
      stop_pid superset "$pid" "$SUPERSET_STOP_TIMEOUT_S"
      rm -f "$SUPERSET_PID_FILE"
      die "Superset did not answer $(superset_url)/health within ${SUPERSET_START_TIMEOUT_S} s (log: ${SUPERSET_LOG_FILE})"
    fi
    if ((waited >= next_report * 1000)); then
      log "waiting for Superset to answer ($((waited / 1000)) s of ${SUPERSET_START_TIMEOUT_S} s)"
      next_report=$((next_report + 10))
    fi
    sleep 0.5
  done
  # shellcheck disable=SC2034 # read by platform_test in build.sh
  SUPERSET_STARTED_BY_US=1
  log "superset ready after $(elapsed_s "$start") s (pid ${pid}) at $(superset_url)"
}

# superset_up: the catalog database and Trino first, then install, secrets, metadata, setup,
# start. Fast (no Python) when running and nothing changed.
superset_up() {
  postgres_up >/dev/null
  trino_up >/dev/null
  lock_acquire superset
  superset_install
  _superset_secrets
  _superset_env
  superset_migrate
  superset_setup
  superset_start
  lock_release
}

superset_down() {
  local pid
  lock_acquire superset
  if pid=$(superset_pid); then
    stop_pid superset "$pid" "$SUPERSET_STOP_TIMEOUT_S"
  else
    log "superset not running (no server started by infra/platform)"
    if port_open "$SUPERSET_HOST" "$SUPERSET_PORT"; then
      warn "something still listens on $(superset_url) but was not started by infra/platform: left alone"
    fi
  fi
  rm -f "$SUPERSET_PID_FILE"
  lock_release
}

superset_status() {
  local pid state=stopped
  if pid=$(superset_pid); then
    state=starting
    _superset_health && state=running
  else
    pid=-
  fi
  printf '%-10s %-9s %-9s %s\n' superset "$state" "$pid" "$(superset_url)"
  if [[ $state == running ]]; then
    superset_login_help
  fi
}

# --- browser for the dashboard tests -----------------------------------------------------------

# superset_browser_install: Debian's chromium and chromium-driver (headless browser of the
# dashboard tests) and a Chinese font (fonts-wqy-microhei: the dashboards' titles), with apt-get
# when one is missing; prints the driver's path.
SUPERSET_CJK_FONT=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
superset_browser_install() {
  local start install_log="${LOG_DIR}/browser-install.log"
  if [[ -x $CHROMEDRIVER && -f $SUPERSET_CJK_FONT ]] && command -v chromium >/dev/null; then
    printf '%s\n' "$CHROMEDRIVER"
    return 0
  fi
  ((EUID == 0)) || die "chromium and chromium-driver are missing; install them as root: apt-get install chromium chromium-driver"
  command -v apt-get >/dev/null || die "chromium and chromium-driver are missing and there is no apt-get: install them (CHROMEDRIVER=${CHROMEDRIVER})"
  start=$(now_ms)
  mkdir -p "$LOG_DIR"
  : >"$install_log"
  log "installing Debian's chromium, chromium-driver and fonts-wqy-microhei with apt-get (output: ${install_log})"
  if ! apt_install "$install_log" chromium chromium-driver fonts-wqy-microhei || [[ ! -x $CHROMEDRIVER ]]; then
    show_tail "$install_log" 20
    die "could not install chromium, chromium-driver and fonts-wqy-microhei (output: ${install_log})"
  fi
  log "chromium, chromium-driver and fonts-wqy-microhei installed in $(elapsed_s "$start") s"
  printf '%s\n' "$CHROMEDRIVER"
}
