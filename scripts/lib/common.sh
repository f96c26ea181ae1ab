# Shared by scripts/run, scripts/test and scripts/headshots. Sourced, not executed.
# shellcheck shell=bash

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CONFIGURATION="${HEADSHOTS_CONFIGURATION:-Release}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export HEADSHOTS_MODELS_DIR="${HEADSHOTS_MODELS_DIR:-$REPO_ROOT/models}"

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

apt_install() {
  # Installs Debian packages when we may; otherwise says exactly what the user must install.
  if ! is_root; then
    die "missing $*: install it with 'sudo apt-get install -y $*' and run this again"
  fi
  say "Installing $* with apt-get"
  if [ -z "${HEADSHOTS_APT_UPDATED:-}" ]; then
    apt-get update -qq >&2 || die "apt-get update failed"
    export HEADSHOTS_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2 || die "apt-get install $* failed"
}

require_dotnet() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is missing: see https://dot.net (the 'dotnet' command must be on PATH)"
}

require_npm() {
  command -v npm >/dev/null || apt_install npm
}

cli_dll() { echo "$REPO_ROOT/src/Headshots.Cli/bin/$CONFIGURATION/net10.0/headshots.dll"; }

build_cli_if_needed() {
  local dll; dll="$(cli_dll)"
  if [ ! -f "$dll" ] || [ -n "$(find "$REPO_ROOT/src/Headshots.Cli" "$REPO_ROOT/src/Headshots.Vision" "$REPO_ROOT/Directory.Packages.props" "$REPO_ROOT/Directory.Build.props" \
        \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -newer "$dll" -not -path '*/obj/*' -not -path '*/bin/*' -print -quit)" ]; then
    say "Building the headshots CLI"
    dotnet build "$REPO_ROOT/src/Headshots.Cli" -c "$CONFIGURATION" -nologo -v q >&2 || die "building the CLI failed"
  fi
}

headshots_cli() {
  build_cli_if_needed
  dotnet "$(cli_dll)" "$@"
}
