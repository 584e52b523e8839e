# shellcheck shell=bash
# `infra/platform evaluate` and `infra/platform publish`: the periodic evaluation and its public
# publication (DESIGN section 8, Art. 43-44), by the Java CLI through the local Trino (brought up if
# needed, like `maintain`). Sourced by infra/platform, not executed.

# _publication_cli COMMAND ARGS...: PlatformCli COMMAND --trino-url <local Trino> ARGS...
_publication_cli() {
  local command=$1 arg
  shift
  for arg in "$@"; do
    case $arg in
      --trino-url | --trino-url=*) usage_error "${command}: --trino-url is set by infra/platform (TRINO_HOST, TRINO_PORT)" ;;
      -h | --help)
        platform_build
        cli_argv
        "${CLI_ARGV[@]}" "$command" --help
        return 0
        ;;
    esac
  done
  platform_build
  trino_up >/dev/null
  cli_argv
  log "running ${CLI_MAIN_CLASS} ${command} $*"
  "${CLI_ARGV[@]}" "$command" --trino-url "$(trino_url)" "$@"
}

# platform_evaluate ARGS...: `PlatformCli evaluate` (--period P [--namespace NS] [--config FILE]).
platform_evaluate() {
  (($# > 0)) || usage_error "evaluate needs --period, e.g. evaluate --period 2026-10"
  _publication_cli evaluate "$@"
}

# platform_publish ARGS...: `PlatformCli publish` (--period P [--out DIR] | --verify DIR).
platform_publish() {
  (($# > 0)) || usage_error "publish needs --period P [--out DIR] or --verify DIR"
  _publication_cli publish "$@"
}
