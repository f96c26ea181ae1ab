# A private PostgreSQL cluster from Debian's server binaries. Sourced, not executed.
# shellcheck shell=bash

pg_bin_dir() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    apt_install postgresql
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  fi
  [ -x "$dir/initdb" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  echo "$dir"
}

# initdb and the server refuse to run as root: as root they run as the 'postgres' system user.
pg_as_owner() {
  if is_root; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local port
  for port in $(seq "${1:-55432}" 65000); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  die "no free local port found"
}

# pg_start DIR: creates the cluster in DIR/pg on first use, starts it if it is not running, prints its port.
pg_start() {
  local dir="$1" bin port
  bin="$(pg_bin_dir)"
  mkdir -p "$dir"
  if is_root; then chown postgres "$dir"; fi
  if [ ! -f "$dir/pg/PG_VERSION" ]; then
    say "Creating a PostgreSQL cluster in $dir/pg"
    pg_as_owner "$bin/initdb" -D "$dir/pg" -U postgres -A trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi
  if pg_as_owner "$bin/pg_ctl" -D "$dir/pg" status >/dev/null 2>&1; then
    port="$(cat "$dir/port")"
  else
    port="$(free_port "${HEADSHOTS_PG_PORT:-55432}")"
    echo "$port" >"$dir/port"
    pg_as_owner "$bin/pg_ctl" -D "$dir/pg" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=${HEADSHOTS_PG_FSYNC:-on}" start >/dev/null \
      || { tail -n 20 "$dir/server.log" >&2; die "PostgreSQL did not start (log: $dir/server.log)"; }
  fi
  echo "$port"
}

pg_stop() {
  local dir="$1" bin
  bin="$(pg_bin_dir)"
  if [ -f "$dir/pg/PG_VERSION" ]; then
    pg_as_owner "$bin/pg_ctl" -D "$dir/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
}
