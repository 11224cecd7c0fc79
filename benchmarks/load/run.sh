#!/usr/bin/env bash
# Load run: server CPU time per request of one small servlet app (benchmarks/load) in four configurations,
#   A none     no tracing (Boot's tracing jars and the starter left off the class path)
#   B boot     Spring Boot's tracing alone: Micrometer Tracing + OpenTelemetry bridge, sampling 1.0, no exporter
#   C starter  B + trace-context-spring-boot-starter with its defaults (the whole class path)
#   D agent    A's class path under the OpenTelemetry Java agent, exporters none
# on three endpoints: trivial (one log line), hop (one @Async hop + one RestClient call to this server's /leaf),
# hop-tp (hop with an incoming traceparent).
#
# For R rounds, the configurations run one server at a time in rotated order (A B C D, B C D A, ...). Each
# server is pinned to one core (taskset -c 1), wrk to the other (taskset -c 0); every server gets the same JDK and
# JVM options. Per server: wait until it answers, check it really is the configuration it claims (fails loudly
# otherwise), warm up (all endpoints at once, the server on both cores, until the JIT compiler is quiet; then the
# server is pinned), settle each endpoint for 5 s on the pinned server, then per endpoint read the java process's utime+stime from
# /proc/<pid>/stat, run wrk for a fixed time on keep-alive connections, read the CPU again:
# CPU µs/request = ΔCPU / completed requests (wrk's exact count). Finally Report (a Java class of the module)
# prints the medians over rounds, the ratios paired within each round, and whether the targets hold.
#
# Loopback only (server.address=127.0.0.1). Bounded: R rounds of fixed-length windows, a time budget checked
# before each server starts, a time limit on every wait. Needs root only to install wrk (apt-get install -y wrk)
# when it is missing. On a shared machine, wrap the whole run in a lock so no other measurement overlaps, e.g.
#   flock <some lock file> benchmarks/load/run.sh
#
# Usage: benchmarks/load/run.sh [options]      (from anywhere; paths are relative to this script)
#   --rounds=N         rounds (default 5)
#   --warmup=S         minimum warm-up seconds per server (default 20): all endpoints at once, in 5 s windows,
#                      until the JIT has been quiet for two windows in a row (see --jit-quiet)
#   --warmup-max=S     maximum warm-up seconds per server (default 90)
#   --jit-quiet=P      a window is quiet when the JIT compiled for at most P percent of it (jstat; default 3)
#   --measure=S        measured seconds per endpoint per server (default 8)
#   --connections=N    wrk keep-alive connections (default 8)
#   --configs="..."    configurations, in the order of round 1 (default "none boot starter agent")
#   --endpoints="..."  endpoints (default "trivial hop hop-tp")
#   --actuator         put spring-boot-starter-actuator (and Micrometer metrics) on every configuration's class path
#   --profile          JFR (settings=profile) from each server's start, one dump per measured window
#                      (DIR/<config>-<endpoint>-r<round>.jfr), for finding where the CPU goes; JFR costs CPU itself,
#                      so figures from such a run are not the benchmark's
#   --no-build         use the jars already in benchmarks/load/target
#   --port=P           the server's fixed port on 127.0.0.1 (default 18081)
#   --max-minutes=M    time budget: no server starts once the next one would likely not finish within it
#                      (judged by the average time per server so far; default 50)
#   --out=DIR          where results go (default benchmarks/load/target/run-<UTC time>)
# Environment: JAVA (default: java on the PATH), SERVER_STDOUT (default /dev/null: the server's log lines).
# Output: DIR/results.tsv (the settling and measured windows), DIR/warmup.tsv (JIT compile time and server CPU per
# warm-up window), DIR/report.md (the tables), DIR/*.err
# (each server's standard error), DIR/check-*.txt (each configuration check), DIR/*.jfr with --profile.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TARGET=$HERE/target

ROUNDS=5
WARMUP=20
WARMUP_MAX=90
JIT_QUIET=3
MEASURE=8
CONNECTIONS=8
CONFIGS="none boot starter agent"
ENDPOINTS="trivial hop hop-tp"
ACTUATOR=0
PROFILE=0
BUILD=1
PORT=18081
MAX_MINUTES=50
OUT=""
JAVA=${JAVA:-java}
SERVER_STDOUT=${SERVER_STDOUT:-/dev/null}
SERVER_CPU=1
WRK_CPU=0
INTERVAL=5
TRACEPARENT_TRACE_ID=4bf92f3577b34da6a3ce929d0e0e4736
TRACEPARENT="00-${TRACEPARENT_TRACE_ID}-00f067aa0ba902b7-01"
JVM_OPTIONS=(-XX:+UseSerialGC -Xms256m -Xmx256m -XX:+AlwaysPreTouch)

die() {
	echo "run.sh: $*" >&2
	exit 1
}

for arg in "$@"; do
	case $arg in
	--rounds=*) ROUNDS=${arg#*=} ;;
	--warmup=*) WARMUP=${arg#*=} ;;
	--warmup-max=*) WARMUP_MAX=${arg#*=} ;;
	--jit-quiet=*) JIT_QUIET=${arg#*=} ;;
	--measure=*) MEASURE=${arg#*=} ;;
	--connections=*) CONNECTIONS=${arg#*=} ;;
	--configs=*) CONFIGS=${arg#*=} ;;
	--endpoints=*) ENDPOINTS=${arg#*=} ;;
	--actuator) ACTUATOR=1 ;;
	--profile) PROFILE=1 ;;
	--no-build) BUILD=0 ;;
	--port=*) PORT=${arg#*=} ;;
	--max-minutes=*) MAX_MINUTES=${arg#*=} ;;
	--out=*) OUT=${arg#*=} ;;
	-h | --help)
		sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*) die "unknown option $arg (see --help)" ;;
	esac
done
for n in "$ROUNDS" "$WARMUP" "$WARMUP_MAX" "$JIT_QUIET" "$MEASURE" "$CONNECTIONS" "$PORT" "$MAX_MINUTES"; do
	[[ $n =~ ^[0-9]+$ ]] || die "not a whole number: $n"
done
((ROUNDS >= 1 && MEASURE >= 1)) || die "--rounds and --measure must be at least 1"
for c in $CONFIGS; do [[ $c =~ ^(none|boot|starter|agent)$ ]] || die "unknown configuration $c"; done
for e in $ENDPOINTS; do [[ $e =~ ^(trivial|hop|hop-tp)$ ]] || die "unknown endpoint $e"; done
[[ $(nproc) -ge 2 ]] || die "needs 2 cores (server on core $SERVER_CPU, wrk on core $WRK_CPU)"
command -v taskset >/dev/null || die "taskset is missing (Debian package util-linux)"
command -v curl >/dev/null || die "curl is missing"

# wrk from Debian's packages, installed when missing (needs root)
if ! command -v wrk >/dev/null; then
	[[ $(id -u) -eq 0 ]] || die "wrk is missing; install it as root: apt-get install -y wrk"
	echo "installing wrk: apt-get install -y wrk"
	apt-get install -y wrk >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; } ||
		die "apt-get install -y wrk failed"
fi

if ((BUILD)); then
	echo "building: ./mvnw -q -Pbenchmarks -pl benchmarks/load -am -DskipTests package"
	(cd "$ROOT" && ./mvnw -q -Pbenchmarks -pl benchmarks/load -am -DskipTests package)
fi
APP_JAR=$TARGET/benchmarks-load-app.jar
AGENT_JAR=$(ls "$TARGET"/agent/opentelemetry-javaagent-*.jar 2>/dev/null | head -n 1 || true)
[[ -f $APP_JAR && -d $TARGET/lib ]] || die "no build in $TARGET (run without --no-build)"
[[ -n $AGENT_JAR ]] || die "no agent jar in $TARGET/agent (run without --no-build)"

OUT=${OUT:-$TARGET/run-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
RESULTS=$OUT/results.tsv
CLK_TCK=$(getconf CLK_TCK)

# --- class paths: C is everything; the others leave jars out ------------------------------------------------
is_starter_jar() { [[ $1 == trace-context-* ]]; }
is_tracing_jar() {
	[[ $1 == micrometer-tracing* || $1 == opentelemetry-* || $1 == spring-boot-micrometer-tracing* ||
		$1 == spring-boot-opentelemetry* || $1 == context-propagation-* ]] && return 0
	# Boot's observation module comes with its tracing; with the actuator option the metrics keep it
	((ACTUATOR == 0)) && [[ $1 == spring-boot-micrometer-observation* ]]
}
is_actuator_jar() {
	[[ $1 == spring-boot-actuator* || $1 == spring-boot-starter-actuator* || $1 == spring-boot-health* ||
		$1 == spring-boot-micrometer-metrics* || $1 == spring-boot-starter-micrometer-metrics* ||
		$1 == micrometer-core-* || $1 == micrometer-jakarta9-* || $1 == HdrHistogram-* || $1 == LatencyUtils-* ]]
}
classpath() {
	local config=$1 jar name cp=$APP_JAR
	for jar in "$TARGET"/lib/*.jar; do
		name=${jar##*/}
		if ((ACTUATOR == 0)) && is_actuator_jar "$name"; then continue; fi
		case $config in
		boot) is_starter_jar "$name" && continue ;;
		none | agent) { is_starter_jar "$name" || is_tracing_jar "$name"; } && continue ;;
		esac
		cp+=":$jar"
	done
	echo "$cp"
}

# --- CPU figures -------------------------------------------------------------------------------------------------
# utime+stime of a process, in clock ticks (fields 14 and 15 of /proc/<pid>/stat; the name may hold spaces)
process_ticks() {
	local stat rest
	stat=$(<"/proc/$1/stat")
	rest=${stat##*) }
	local -a f=($rest)
	echo $((f[11] + f[12]))
}
# busy and total ticks of one core, from /proc/stat
core_ticks() {
	local name user nice system idle iowait irq softirq steal rest
	while read -r name user nice system idle iowait irq softirq steal rest; do
		if [[ $name == "cpu$1" ]]; then
			echo "$((user + nice + system + irq + softirq + steal)) $((user + nice + system + idle + iowait + irq + softirq + steal))"
			return
		fi
	done </proc/stat
}

# --- one wrk window: prints "requests cpu_us_per_req req_per_s p50_ms p99_ms errors other_cpu1_pct" ----------
url_of() {
	case $1 in
	trivial) echo "http://127.0.0.1:$PORT/trivial" ;;
	hop | hop-tp) echo "http://127.0.0.1:$PORT/hop" ;;
	esac
}
window() {
	local pid=$1 endpoint=$2 seconds=$3 label=$4
	local -a headers=()
	[[ $endpoint == hop-tp ]] && headers=(-H "traceparent: $TRACEPARENT")
	local cpu0 cpu1 core0busy core0total core1busy core1total t0 t1 output line
	read -r core0busy core0total < <(core_ticks "$SERVER_CPU")
	cpu0=$(process_ticks "$pid")
	t0=$(date +%s%N)
	output=$(taskset -c "$WRK_CPU" wrk -t1 -c"$CONNECTIONS" -d"${seconds}s" --timeout 10s -s "$HERE/summary.lua" \
		"${headers[@]}" "$(url_of "$endpoint")" 2>&1) || die "wrk failed ($label): $output"
	t1=$(date +%s%N)
	cpu1=$(process_ticks "$pid")
	read -r core1busy core1total < <(core_ticks "$SERVER_CPU")
	line=$(grep '^WRK_SUMMARY ' <<<"$output") || die "no summary from wrk ($label): $output"
	local requests duration_us errors status_errors p50_us p99_us kv
	for kv in ${line#WRK_SUMMARY }; do
		case $kv in
		requests=*) requests=${kv#*=} ;;
		duration_us=*) duration_us=${kv#*=} ;;
		errors=*) errors=${kv#*=} ;;
		status_errors=*) status_errors=${kv#*=} ;;
		p50_us=*) p50_us=${kv#*=} ;;
		p99_us=*) p99_us=${kv#*=} ;;
		esac
	done
	((requests > 0)) || die "wrk completed no request ($label): $output"
	awk -v req="$requests" -v dcpu=$((cpu1 - cpu0)) -v tck="$CLK_TCK" -v dur="$duration_us" \
		-v p50="$p50_us" -v p99="$p99_us" -v err=$((errors + status_errors)) \
		-v busy=$((core1busy - core0busy)) -v total=$((core1total - core0total)) 'BEGIN {
		cpu_us = dcpu * 1e6 / tck
		other = (total > 0) ? 100 * (busy - dcpu) / total : 0
		if (other < 0) other = 0
		printf "%d\t%.2f\t%.0f\t%.3f\t%.3f\t%d\t%.1f\n", req, cpu_us / req, req * 1e6 / dur, p50 / 1000, p99 / 1000, err, other
	}'
}

# --- servers -------------------------------------------------------------------------------------------------
SERVER_PID=""
stop_server() {
	[[ -n $SERVER_PID ]] || return 0
	if kill -0 "$SERVER_PID" 2>/dev/null; then
		kill "$SERVER_PID" 2>/dev/null || true
		for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$SERVER_PID" 2>/dev/null || true
	fi
	wait "$SERVER_PID" 2>/dev/null || true
	SERVER_PID=""
}
trap stop_server EXIT
trap 'exit 130' INT TERM

start_server() {
	local config=$1 round=$2 cp
	cp=$(classpath "$config")
	local -a options=("${JVM_OPTIONS[@]}")
	# --profile: JFR from start-up (starting it later deoptimises compiled code and distorts the profile);
	# each measured window is dumped on its own
	((PROFILE)) && options+=(-XX:StartFlightRecording=name=load,settings=profile,maxage=15m)
	if [[ $config == agent ]]; then
		options+=("-javaagent:$AGENT_JAR" -Dotel.traces.exporter=none -Dotel.metrics.exporter=none
			-Dotel.logs.exporter=none -Dotel.service.name=benchmarks-load-app)
	fi
	(: </dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && die "port $PORT is taken (use --port)"
	# taskset execs java, so $! is the java process itself; it starts and warms up on both cores (see warm_up)
	taskset -c "$WRK_CPU,$SERVER_CPU" "$JAVA" "${options[@]}" -cp "$cp" io.github.tracecontext.benchmarks.load.LoadApp \
		--server.port="$PORT" >"$SERVER_STDOUT" 2>"$OUT/server-$config-r$round.err" &
	SERVER_PID=$!
	local deadline=$((SECONDS + 120))
	until curl -fs -o /dev/null "http://127.0.0.1:$PORT/trivial"; do
		kill -0 "$SERVER_PID" 2>/dev/null || die "server $config exited while starting (see $OUT/server-$config-r$round.err; SERVER_STDOUT=file shows its log)"
		((SECONDS < deadline)) || die "server $config not ready within 120 s"
		sleep 0.5
	done
	[[ $(readlink "/proc/$SERVER_PID/exe") == */java ]] || die "PID $SERVER_PID is not the java process"
}

# The configuration check: one /check with an incoming traceparent. Fails the run unless the server is what it
# claims to be.
check_server() {
	local config=$1 file=$OUT/check-$config.txt
	curl -fsS -D "$file.headers" -H "traceparent: $TRACEPARENT" "http://127.0.0.1:$PORT/check" >"$file" ||
		die "check request failed ($config)"
	cat "$file.headers" >>"$file"
	rm -f "$file.headers"
	local body traceresponse id=$TRACEPARENT_TRACE_ID problems=()
	body=$(<"$file")
	traceresponse=$(grep -i '^traceresponse:' "$file" || true)
	has() { grep -q -- "$1" <<<"$body"; }
	local actuator=false
	((ACTUATOR)) && actuator=true
	has "actuator=$actuator" || problems+=("actuator on the class path should be $actuator")
	case $config in
	none)
		has "micrometerTracing=false otelSdk=false starter=false" || problems+=("tracing classes present")
		has "javaagent=false" || problems+=("agent attached")
		has "$id" && problems+=("the incoming trace id shows up although nothing should trace")
		has "traceparent=-" || problems+=("the RestClient call carried a traceparent")
		;;
	boot | starter)
		local starter=false
		[[ $config == starter ]] && starter=true
		has "micrometerTracing=true otelSdk=true starter=$starter" || problems+=("class path is not Boot tracing with starter=$starter")
		has "javaagent=false" || problems+=("agent attached")
		for where in controller async leaf; do
			grep -q "^$where mdc.traceId=$id " <<<"$body" || problems+=("no incoming trace id in the MDC at $where")
		done
		grep -q "^leaf .*traceparent=00-$id-" <<<"$body" || problems+=("the RestClient call did not carry the trace")
		if [[ $config == starter ]]; then
			[[ $traceresponse == *"$id"* ]] || problems+=("no traceresponse header with the trace id")
		else
			[[ -z $traceresponse ]] || problems+=("traceresponse header without the starter")
		fi
		;;
	agent)
		has "micrometerTracing=false otelSdk=false starter=false" || problems+=("Boot tracing classes on the agent's class path")
		has "javaagent=true" || problems+=("agent not attached")
		for where in controller async leaf; do
			grep -q "^$where mdc.traceId=- event.trace_id=$id" <<<"$body" || problems+=("no agent trace_id in the log event at $where")
		done
		grep -q "^leaf .*traceparent=00-$id-" <<<"$body" || problems+=("the RestClient call did not carry the trace")
		;;
	esac
	if ((${#problems[@]})); then
		printf 'run.sh: configuration %s is not what it claims:\n' "$config" >&2
		printf '  - %s\n' "${problems[@]}" >&2
		printf '  check response (%s):\n' "$file" >&2
		sed 's/^/    /' "$file" >&2
		exit 1
	fi
}

# --- warm-up: all endpoints at once, the server on both cores (so the JIT compiler threads are not starved by
# the request threads on one core), in INTERVAL-second windows until the JIT has been quiet (compile time at most
# JIT_QUIET percent of the window, per jstat) for two windows in a row, at least WARMUP and at most WARMUP_MAX s.
# Then all the server's threads are pinned to SERVER_CPU (threads made later inherit that).
jit_ms() { taskset -c "$WRK_CPU" jstat -compiler "$1" 2>/dev/null | awk 'NR == 2 { printf "%d", $4 * 1000 }'; }
warm_up() {
	local config=$1 round=$2 w quiet=0 jit0 jit1 djit cpu0 cpu1 endpoint history=""
	local -a pids headers
	taskset -a -p -c "$WRK_CPU,$SERVER_CPU" "$SERVER_PID" >/dev/null
	local per=$(((CONNECTIONS + ${#ENDPOINT_LIST[@]} - 1) / ${#ENDPOINT_LIST[@]}))
	for ((w = 1; w <= WARMUP_MAX_INTERVALS; w++)); do
		jit0=$(jit_ms "$SERVER_PID")
		cpu0=$(process_ticks "$SERVER_PID")
		pids=()
		for endpoint in "${ENDPOINT_LIST[@]}"; do
			headers=()
			[[ $endpoint == hop-tp ]] && headers=(-H "traceparent: $TRACEPARENT")
			taskset -c "$WRK_CPU" wrk -t1 -c"$per" -d"${INTERVAL}s" --timeout 10s "${headers[@]}" \
				"$(url_of "$endpoint")" >/dev/null 2>&1 &
			pids+=($!)
		done
		wait "${pids[@]}" || die "wrk failed during the warm-up of $config"
		jit1=$(jit_ms "$SERVER_PID")
		cpu1=$(process_ticks "$SERVER_PID")
		[[ -n $jit0 && -n $jit1 ]] || die "jstat could not read the JIT figures of $SERVER_PID"
		djit=$((jit1 - jit0))
		history+=" $djit"
		printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$config" "$w" "$djit" "$(((cpu1 - cpu0) * 1000 / CLK_TCK))" >>"$OUT/warmup.tsv"
		if ((djit * 100 <= JIT_QUIET * INTERVAL * 1000)); then quiet=$((quiet + 1)); else quiet=0; fi
		((w >= WARMUP_INTERVALS && quiet >= 2)) && break
	done
	((w > WARMUP_MAX_INTERVALS)) && w=$WARMUP_MAX_INTERVALS
	printf '  %-8s warm-up %3d s, all endpoints at once: JIT %s; compile ms per %d s window:%s\n' "$config" \
		$((w * INTERVAL)) "$( ((quiet >= 2)) && echo quiet || echo 'NOT quiet')" "$INTERVAL" "$history"
	taskset -a -p -c "$SERVER_CPU" "$SERVER_PID" >/dev/null
	local task
	for task in /proc/"$SERVER_PID"/task/*; do
		[[ $(awk '/^Cpus_allowed_list/ { print $2 }' "$task/status" 2>/dev/null || echo "$SERVER_CPU") == "$SERVER_CPU" ]] ||
			die "thread ${task##*/} of the server is not pinned to core $SERVER_CPU"
	done
}

# --- the run ---------------------------------------------------------------------------------------------------
read -r -a CONFIG_LIST <<<"$CONFIGS"
read -r -a ENDPOINT_LIST <<<"$ENDPOINTS"
N=${#CONFIG_LIST[@]}
WARMUP_INTERVALS=$(((WARMUP + INTERVAL - 1) / INTERVAL))
WARMUP_MAX_INTERVALS=$(((WARMUP_MAX + INTERVAL - 1) / INTERVAL))
((WARMUP_MAX_INTERVALS >= WARMUP_INTERVALS)) || WARMUP_MAX_INTERVALS=$WARMUP_INTERVALS
# the longest a server can take: start + check + warm-up + settling + measuring
PER_SERVER=$((20 + WARMUP_MAX_INTERVALS * (INTERVAL + 1) + ${#ENDPOINT_LIST[@]} * (INTERVAL + MEASURE + 2)))
BUDGET=$((MAX_MINUTES * 60))
echo "load run: $ROUNDS round(s) of [$CONFIGS] on [$ENDPOINTS]; warm-up ${WARMUP}-${WARMUP_MAX}s, then ${INTERVAL}s settling + ${MEASURE}s measured per endpoint;" \
	"wrk -c$CONNECTIONS on core $WRK_CPU, server on core $SERVER_CPU; at most about $((ROUNDS * N * PER_SERVER / 60)) min; results in $OUT"
{
	echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $("$JAVA" -XshowSettings:properties -version 2>&1 | grep -E 'java.(runtime.)?version =' | tr -s ' ' | paste -sd' ')"
	echo "# jvm options: ${JVM_OPTIONS[*]}; agent: ${AGENT_JAR##*/}; actuator: $ACTUATOR; profile: $PROFILE; wrk -t1 -c$CONNECTIONS; clock ticks/s: $CLK_TCK"
	printf 'round\torder\tconfig\tendpoint\tphase\tseconds\trequests\tcpu_us_per_req\treq_per_s\tp50_ms\tp99_ms\terrors\tother_cpu1_pct\n'
} >"$RESULTS"
printf 'round\tconfig\twindow\tjit_compile_ms\tserver_cpu_ms\n' >"$OUT/warmup.tsv"

START=$SECONDS
SERVERS_DONE=0
for ((round = 1; round <= ROUNDS; round++)); do
	order=()
	for ((i = 0; i < N; i++)); do order+=("${CONFIG_LIST[$(((round - 1 + i) % N))]}"); done
	echo "round $round/$ROUNDS: ${order[*]}"
	for config in "${order[@]}"; do
		estimate=$PER_SERVER
		((SERVERS_DONE > 0)) && estimate=$(((SECONDS - START) / SERVERS_DONE + 5))
		if ((SECONDS - START + estimate > BUDGET)); then
			echo "time budget of $MAX_MINUTES min reached: stopping before round $round, $config" >&2
			break 2
		fi
		start_server "$config" "$round"
		check_server "$config"
		warm_up "$config" "$round"
		for endpoint in "${ENDPOINT_LIST[@]}"; do
			fig=$(window "$SERVER_PID" "$endpoint" "$INTERVAL" "$config $endpoint settle")
			printf '%s\t%s\t%s\t%s\tsettle\t%s\t%s\n' "$round" "${order[*]}" "$config" "$endpoint" "$INTERVAL" "$fig" >>"$RESULTS"
		done
		for endpoint in "${ENDPOINT_LIST[@]}"; do
			begin=$(date +%H:%M:%S)
			fig=$(window "$SERVER_PID" "$endpoint" "$MEASURE" "$config $endpoint")
			if ((PROFILE)); then
				# only the measured window of the recording that runs since start-up
				end=$(date +%H:%M:%S)
				taskset -c "$WRK_CPU" jcmd "$SERVER_PID" JFR.dump name=load begin="$begin" end="$end" \
					filename="$OUT/$config-$endpoint-r$round.jfr" >/dev/null
			fi
			printf '%s\t%s\t%s\t%s\tmeasure\t%s\t%s\n' "$round" "${order[*]}" "$config" "$endpoint" "$MEASURE" "$fig" >>"$RESULTS"
			IFS=$'\t' read -r req cpu rps p50 p99 err other <<<"$fig"
			printf '  %-8s %-8s %8s req  %7s µs/request  %6s req/s  p50 %s ms  p99 %s ms  errors %s  other CPU on core %s: %s%%\n' \
				"$config" "$endpoint" "$req" "$cpu" "$rps" "$p50" "$p99" "$err" "$SERVER_CPU" "$other"
		done
		stop_server
		SERVERS_DONE=$((SERVERS_DONE + 1))
	done
done
echo "total time: $(((SECONDS - START) / 60)) min $(((SECONDS - START) % 60)) s"

"$JAVA" -cp "$APP_JAR" io.github.tracecontext.benchmarks.load.Report "$RESULTS" | tee "$OUT/report.md"
