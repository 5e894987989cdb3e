#!/usr/bin/env bash
# envdash for many users: N Streamlit replicas on loopback and Debian's nginx in front of them.
#
#   deploy/cluster.sh [--replicas N] [--port P] [options] [-- extra streamlit options]
#
#   --replicas N            Streamlit processes (default: one per CPU core)
#   --port P                the port nginx listens on (default 8080)
#   --listen ADDRESS        the address nginx listens on (default 127.0.0.1; 0.0.0.0 for everyone)
#   --first-replica-port Q  replica i listens on 127.0.0.1:Q+i-1 (default 8501)
#   --check-every SECONDS   how often every replica's /_stcore/health is asked (default 5)
#   --restart               start a replica again when its process ends (default: carry on without it)
#   --logs DIR              keep the replicas' and nginx's logs in DIR (default: the run folder,
#                           which is removed on stop)
#   --startup-timeout S     how long the replicas may take to become healthy (default 120)
#
# nginx runs from a run folder of its own (configuration, pid, temporary files): it needs no
# system nginx service, no root and no root paths. /usr/sbin/nginx is used unless NGINX
# names another binary, and the project's .venv/bin/python unless PYTHON names another Python.
# The replicas share the database (ENVDASH_DB / ENVDASH_ROOT are passed on as they are set).
#
# It prints "ready: <url>" once every replica and nginx answer. Ctrl-C or SIGTERM stops nginx and
# every replica (with whatever they started) and removes the run folder; the script then exits 0.
set -uo pipefail
# The whole script is one block, read in full before it runs: a running cluster is not disturbed
# when the file is replaced (an update, a checkout).
{

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TEMPLATE="$ROOT/deploy/nginx.conf.template"
NGINX="${NGINX:-/usr/sbin/nginx}"
if [[ -z "${PYTHON:-}" ]]; then
  if [[ -x "$ROOT/.venv/bin/python" ]]; then PYTHON="$ROOT/.venv/bin/python"; else PYTHON=python3; fi
fi

replicas="$(nproc 2>/dev/null || echo 2)"
port=8080
listen=127.0.0.1
first_replica_port=8501
check_every=5
restart=0
log_dir=""
startup_timeout=120
streamlit_extra=()

usage() { awk 'NR == 1 { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "${BASH_SOURCE[0]}"; }
fail() { echo "cluster.sh: $*" >&2; exit 2; }
number() { [[ "$2" =~ ^[0-9]+$ ]] || fail "$1 needs a whole number, not '$2'"; }

while (($#)); do
  case "$1" in
    --replicas) number "$1" "${2:-}"; replicas="$2"; shift 2 ;;
    --port) number "$1" "${2:-}"; port="$2"; shift 2 ;;
    --listen) [[ -n "${2:-}" ]] || fail "--listen needs an address"; listen="$2"; shift 2 ;;
    --first-replica-port) number "$1" "${2:-}"; first_replica_port="$2"; shift 2 ;;
    --check-every) number "$1" "${2:-}"; check_every="$2"; shift 2 ;;
    --restart) restart=1; shift ;;
    --logs) [[ -n "${2:-}" ]] || fail "--logs needs a folder"; log_dir="$2"; shift 2 ;;
    --startup-timeout) number "$1" "${2:-}"; startup_timeout="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    --) shift; streamlit_extra=("$@"); break ;;
    *) fail "unknown option '$1' (see --help)" ;;
  esac
done
((replicas >= 1)) || fail "--replicas must be at least 1"
((check_every >= 1)) || fail "--check-every must be at least 1"
[[ -x "$NGINX" ]] || fail "$NGINX not found: apt-get install nginx (or set NGINX)"
[[ -f "$TEMPLATE" ]] || fail "$TEMPLATE is missing"

RUN_DIR="$(mktemp -d "${TMPDIR:-/tmp}/envdash-cluster.XXXXXX")" || fail "cannot make a run folder"
# nginx's workers drop to `nobody` when started as root and must reach their temporary folders here
chmod 755 "$RUN_DIR"
if [[ -z "$log_dir" ]]; then log_dir="$RUN_DIR/logs"; fi
mkdir -p "$log_dir" || fail "cannot make the log folder $log_dir"
log_dir="$(cd "$log_dir" && pwd)"

# Children are started in sessions (and process groups) of their own, so that stopping one takes
# everything it started with it; setpriv makes them get SIGTERM should this script itself be killed.
guard=()
if command -v setpriv >/dev/null 2>&1; then guard=(setpriv --pdeathsig TERM); fi

declare -a replica_pid replica_port replica_up replica_gone replica_misses
# A replica busy with heavy pages on a loaded machine may be slow to answer a check or two; taking
# it out of nginx would send its sessions' next requests (their download files, a reconnecting
# WebSocket) to a replica that does not know them. So it is taken out only after this many checks
# in a row without an answer (at once when its process has ended: nginx's passive check already
# skips a replica that refuses connections).
MISSES_BEFORE_DOWN=3
nginx_pid=""
sleeper=""
stopping=0

alive() {   # a process that exists and is not a zombie
  [[ -n "$1" && -r "/proc/$1/status" ]] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null
}

group_alive() { kill -0 -- "-$1" 2>/dev/null; }

stop_group() {   # TERM a process group, KILL it if still there after $2 seconds
  local group="$1" seconds="$2" waited=0
  [[ -n "$group" ]] || return 0
  kill -TERM -- "-$group" 2>/dev/null || return 0
  while group_alive "$group" && ((waited < seconds * 10)); do sleep 0.1; waited=$((waited + 1)); done
  if group_alive "$group"; then kill -KILL -- "-$group" 2>/dev/null; fi
}

stop() {
  local status="${1:-0}"
  ((stopping)) && return
  stopping=1
  trap '' INT TERM HUP
  echo "stopping"
  if [[ -n "$sleeper" ]]; then kill "$sleeper" 2>/dev/null; fi
  stop_group "$nginx_pid" 10 &
  for i in "${!replica_pid[@]}"; do stop_group "${replica_pid[$i]}" 15 & done
  wait 2>/dev/null      # the stoppers above, and every child they reaped
  rm -rf "$RUN_DIR"
  echo "stopped"
  exit "$status"
}
trap 'stop 0' INT TERM HUP

healthy() {   # $1:$2 answers GET /_stcore/health with 200 within 5 s (plain bash: no curl needed)
  local status=""
  { exec 3<>"/dev/tcp/$1/$2"; } 2>/dev/null || return 1
  printf 'GET /_stcore/health HTTP/1.0\r\nHost: %s:%s\r\n\r\n' "$1" "$2" >&3 2>/dev/null
  IFS= read -r -t 5 status <&3
  exec 3<&- 3>&-
  [[ "$status" == "HTTP/1."?" 200"* ]]
}

start_replica() {
  local i="$1" port="$2"
  setsid "${guard[@]}" "$PYTHON" -m streamlit run app.py --server.port "$port" --server.address 127.0.0.1 \
    --server.headless true "${streamlit_extra[@]}" >>"$log_dir/replica-$port.log" 2>&1 </dev/null &
  replica_pid[$i]=$!
  replica_port[$i]=$port
  replica_gone[$i]=0
  replica_misses[$i]=0
  echo "replica $i: 127.0.0.1:$port pid ${replica_pid[$i]}"
}

write_upstreams() {   # replicas.conf: one server line per replica, `down` for those not healthy
  local i line
  : >"$RUN_DIR/replicas.conf.new"
  for i in "${!replica_pid[@]}"; do
    line="server 127.0.0.1:${replica_port[$i]} max_fails=1 fail_timeout=5s"
    if [[ "${replica_up[$i]}" != 1 ]]; then line+=" down"; fi
    echo "$line;" >>"$RUN_DIR/replicas.conf.new"
  done
  mv "$RUN_DIR/replicas.conf.new" "$RUN_DIR/replicas.conf"
}

tail_of() { echo "--- last lines of $1 ---" >&2; tail -n 30 "$1" >&2; }

cd "$ROOT" || fail "cannot enter $ROOT"
plural=s; ((replicas == 1)) && plural=""
echo "envdash cluster: $replicas replica$plural, nginx on $listen:$port, run folder $RUN_DIR, logs in $log_dir"
for ((i = 1; i <= replicas; i++)); do
  start_replica "$i" "$((first_replica_port + i - 1))"
  replica_up[$i]=0
done

# Wait until every replica answers its health check.
deadline=$((SECONDS + startup_timeout))
for i in "${!replica_pid[@]}"; do
  until healthy 127.0.0.1 "${replica_port[$i]}"; do
    if ! alive "${replica_pid[$i]}"; then
      echo "replica $i did not start (see its log)" >&2; tail_of "$log_dir/replica-${replica_port[$i]}.log"; stop 1
    fi
    if ((SECONDS >= deadline)); then
      echo "replica $i not healthy after $startup_timeout s" >&2; tail_of "$log_dir/replica-${replica_port[$i]}.log"
      stop 1
    fi
    sleep 0.2
  done
  replica_up[$i]=1
done
write_upstreams

config="$(<"$TEMPLATE")"
config="${config//@RUN_DIR@/$RUN_DIR}"
config="${config//@LOG_DIR@/$log_dir}"
config="${config//@LISTEN@/$listen:$port}"
printf '%s\n' "$config" >"$RUN_DIR/nginx.conf"
if ! "$NGINX" -t -q -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -e "$log_dir/nginx-error.log" 2>>"$log_dir/nginx-error.log"; then
  echo "the nginx configuration does not pass nginx -t" >&2; tail_of "$log_dir/nginx-error.log"; stop 1
fi
setsid "${guard[@]}" "$NGINX" -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -e "$log_dir/nginx-error.log" \
  >>"$log_dir/nginx-error.log" 2>&1 </dev/null &
nginx_pid=$!
echo "nginx: pid $nginx_pid"

# nginx answers once it listens and reaches a replica
deadline=$((SECONDS + 20))
proxy_host="$listen"; [[ "$listen" == 0.0.0.0 ]] && proxy_host=127.0.0.1
until healthy "$proxy_host" "$port"; do
  if ! alive "$nginx_pid"; then echo "nginx did not start" >&2; tail_of "$log_dir/nginx-error.log"; stop 1; fi
  if ((SECONDS >= deadline)); then echo "nginx does not answer on $listen:$port" >&2; tail_of "$log_dir/nginx-error.log"; stop 1; fi
  sleep 0.2
done
display_host="$listen"; [[ "$listen" == 0.0.0.0 ]] && display_host="$(hostname)"
echo "ready: http://$display_host:$port ($replicas replica$plural)"

# Watch: nginx must live; replicas that stop answering are taken out of nginx and put back when
# they answer again; a replica whose process ended is reported (and started again with --restart).
while true; do
  sleep "$check_every" & sleeper=$!
  wait "$sleeper" 2>/dev/null   # a signal ends this wait at once
  ((stopping)) && continue
  if ! alive "$nginx_pid"; then
    wait "$nginx_pid" 2>/dev/null; echo "nginx exited with status $?" >&2; tail_of "$log_dir/nginx-error.log"; stop 1
  fi
  changed=0
  living=0
  for i in "${!replica_pid[@]}"; do
    pid="${replica_pid[$i]}"; rport="${replica_port[$i]}"; ended=0
    if ! alive "$pid"; then
      if [[ "${replica_gone[$i]}" == 0 ]]; then
        wait "$pid" 2>/dev/null; echo "replica $i (127.0.0.1:$rport): process $pid ended with status $?"
        replica_gone[$i]=1; ended=1
        stop_group "$pid" 5   # whatever it started goes with it
      fi
      if ((restart)); then start_replica "$i" "$rport"; fi
    fi
    if alive "${replica_pid[$i]}"; then living=$((living + 1)); fi
    if ((!ended)) && healthy 127.0.0.1 "$rport"; then
      now=1; replica_misses[$i]=0
    else
      replica_misses[$i]=$((replica_misses[$i] + 1)); now="${replica_up[$i]}"
      if ((ended || replica_misses[$i] >= MISSES_BEFORE_DOWN)) || ! alive "${replica_pid[$i]}"; then now=0; fi
    fi
    if [[ "$now" != "${replica_up[$i]}" ]]; then
      replica_up[$i]=$now; changed=1
      if ((now)); then echo "replica $i (127.0.0.1:$rport): healthy, in nginx"
      elif ((ended)); then echo "replica $i (127.0.0.1:$rport): taken out of nginx"
      else echo "replica $i (127.0.0.1:$rport): no answer on /_stcore/health, taken out of nginx"; fi
    fi
  done
  if ((changed)); then
    write_upstreams
    kill -HUP "$nginx_pid" 2>/dev/null   # nginx rereads its configuration; open WebSockets stay
  fi
  if ((living == 0 && !restart)); then echo "no replica is left" >&2; stop 1; fi
done
exit
}
