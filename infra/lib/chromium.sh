# shellcheck shell=bash
# Headless Chromium for browser checks (PublicationIT opens the publication report and checks its charts).
# Debian's `chromium` package: a test tool's own browser download cannot be fetched here (DESIGN section 2).
# Sourced by infra/platform, not executed.

# chromium_install: install Debian's chromium with apt-get when CHROMIUM_BIN is missing; quick and silent
# when it is there. `apt-get update` only when the package lists are empty or the first attempt fails.
chromium_install() {
  [[ -x $CHROMIUM_BIN ]] && return 0
  ((EUID == 0)) || die "${CHROMIUM_BIN} not found; install it as root: apt-get install chromium"
  command -v apt-get >/dev/null || die "${CHROMIUM_BIN} not found and no apt-get: install Chromium and set CHROMIUM_BIN"
  local start rc=0 install_log="${LOG_DIR}/chromium-install.log"
  local -a install=(apt-get install -y -q --no-install-recommends chromium)
  start=$(now_ms)
  mkdir -p "$LOG_DIR"
  : >"$install_log"
  log "installing Debian's chromium with apt-get (output: ${install_log})"
  if ! compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$install_log" 2>&1 || rc=$?
  fi
  if ((rc == 0)) && ! DEBIAN_FRONTEND=noninteractive "${install[@]}" >>"$install_log" 2>&1; then
    log "apt-get install chromium failed: apt-get update, then retrying"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >>"$install_log" 2>&1 || rc=$?
    ((rc != 0)) || DEBIAN_FRONTEND=noninteractive "${install[@]}" >>"$install_log" 2>&1 || rc=$?
  fi
  if ((rc != 0)) || [[ ! -x $CHROMIUM_BIN ]]; then
    show_tail "$install_log" 30
    die "apt-get install chromium failed (full output: ${install_log})"
  fi
  log "chromium installed in $(elapsed_s "$start") s (${CHROMIUM_BIN})"
}
