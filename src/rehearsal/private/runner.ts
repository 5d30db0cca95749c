/*
 * The rehearsal's runner: one POSIX shell script, run by the load generator's container as `sh -c <script> ...`, that
 * installs the pinned load generator when missing, drives it for a fixed time at a fixed rate, and turns its summary into
 * one JSON line on stdout. The line is the contract with CloudWatch: the log group's metric filters read its fields
 * (see `SUMMARY_METRICS`). The test suite runs this very script (taken from the synthesized task definition) with the
 * same Debian package against a real WordPress on loopback (test/rehearsal/runner.test.ts).
 *
 * The load generator is `hey` (https://github.com/rakyll/hey, Apache-2.0), from Debian 12's archive: version
 * `HEY_DEBIAN_VERSION` is what the tests run and what the task installs. Each of its workers sends at most `-q` requests
 * per second and `-z` stops it after the given time; the script gives every worker one request per second at most, so
 * that the rate holds as long as a response takes less than a second (beyond that the rate falls, which the summary
 * shows as `requestsPerSecond` below the target and counts as not keeping up).
 */

/** The Debian 12 (bookworm) package version of `hey` the task installs and the tests run. */
export const HEY_DEBIAN_VERSION = '0.1.4-2+b4';

/**
 * The container image: Debian 12 (slim) from the Debian project's repository on Amazon ECR Public, by its release tag
 * (it follows Debian 12's point releases). `hey` is installed from Debian's archive at start (through the NAT gateway),
 * pinned by version; an image that already has `hey` skips the install.
 */
export const RUNNER_IMAGE = 'public.ecr.aws/debian/debian:bookworm-slim';

/** The environment variable the token of the web ACL's rate-limit exemption arrives in (an ECS secret). */
export const TOKEN_VARIABLE = 'REHEARSAL_TOKEN';

/** Value of the `peakRehearsal` field of the summary line (what the metric filters select). */
export const SUMMARY_MARKER = 'summary';

/** Exit codes of the runner. */
export const EXIT_KEPT_UP = 0;
export const EXIT_FELL_SHORT = 1;
export const EXIT_DID_NOT_RUN = 2;

/** A number of the summary line published as a CloudWatch metric. */
export interface SummaryMetric {
  /** Field of the JSON summary line. */
  readonly field: string;
  /** CloudWatch metric name. */
  readonly metricName: string;
  /** CloudWatch unit. */
  readonly unit: string;
}

/** The summary line's numbers, as CloudWatch metrics (one metric filter each). */
export const SUMMARY_METRICS: SummaryMetric[] = [
  { field: 'requests', metricName: 'Requests', unit: 'Count' },
  { field: 'errorRatePercent', metricName: 'ErrorRate', unit: 'Percent' },
  { field: 'p50Ms', metricName: 'LatencyP50', unit: 'Milliseconds' },
  { field: 'p95Ms', metricName: 'LatencyP95', unit: 'Milliseconds' },
  { field: 'requestsPerSecond', metricName: 'RequestsPerSecond', unit: 'Count/Second' },
  { field: 'keptUp', metricName: 'KeptUp', unit: 'None' },
];

/**
 * The runner. Positional parameters: 1 URL, 2 target requests per second, 3 seconds, 4 workers, 5 header name of the
 * rate-limit exemption (empty: none; its value is `$REHEARSAL_TOKEN`), 6 highest error rate in percent, 7 highest p95 in ms,
 * 8 the rehearsal's name (the `Rehearsal` dimension of its metrics: letters, digits, hyphens).
 * Exit code 0: kept up; 1: fell short (rate, errors or p95); 2: did not run (no load generator, no summary).
 * Every step is bounded by `timeout` (coreutils): the task stops by itself. The script holds no `\${...}`: CloudFormation
 * linters read that as a parameter outside `Fn::Sub`.
 */
export const RUNNER_SCRIPT = `url="$1"; rate="$2"; seconds="$3"; workers="$4"; header="$5"; max_error_percent="$6"; max_p95_ms="$7"; name="$8"
fail() { printf '{"peakRehearsal":"failed","rehearsal":"%s","reason":"%s"}\\n' "$name" "$1"; exit ${EXIT_DID_NOT_RUN}; }
if ! command -v hey >/dev/null 2>&1; then
  timeout 300 sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hey=${HEY_DEBIAN_VERSION}' >/dev/null 2>&1 \\
    || fail "hey ${HEY_DEBIAN_VERSION} could not be installed from Debian's archive"
fi
per_worker=$(awk -v r="$rate" -v w="$workers" 'BEGIN { printf "%.4f", r / w }')
out=$(mktemp)
if [ -n "$header" ]; then
  timeout $((seconds + 120)) hey -z "$seconds"s -c "$workers" -q "$per_worker" -t 10 -H "$header: $${TOKEN_VARIABLE}" "$url" >"$out" 2>&1
else
  timeout $((seconds + 120)) hey -z "$seconds"s -c "$workers" -q "$per_worker" -t 10 "$url" >"$out" 2>&1
fi
cat "$out"
grep -q '^Summary:' "$out" || fail "hey printed no summary"
awk -v target="$rate" -v max_error="$max_error_percent" -v max_p95="$max_p95_ms" -v name="$name" '
  /Requests\\/sec:/ { rps = $2 + 0 }
  /^ *50% in / { p50 = $3 * 1000; has_p50 = 1 }
  /^ *95% in / { p95 = $3 * 1000; has_p95 = 1 }
  /^Status code distribution:/ { section = "status"; next }
  /^Error distribution:/ { section = "error"; next }
  /^ *\\[[0-9]+\\]/ {
    n = $2 + 0; code = substr($1, 2, length($1) - 2) + 0
    if (section == "status") { requests += n; if (code >= 400) errors += n }
    if (section == "error") { requests += code; errors += code }
  }
  END {
    error_rate = requests > 0 ? 100 * errors / requests : 100
    kept = (requests > 0 && rps >= 0.95 * target && error_rate <= max_error && has_p95 && p95 <= max_p95) ? 1 : 0
    line = sprintf("{\\"peakRehearsal\\":\\"${SUMMARY_MARKER}\\",\\"rehearsal\\":\\"%s\\",\\"requests\\":%d,\\"errors\\":%d,\\"errorRatePercent\\":%.2f,\\"requestsPerSecond\\":%.2f,\\"targetRequestsPerSecond\\":%.2f", name, requests, errors, error_rate, rps, target)
    if (has_p50) line = line sprintf(",\\"p50Ms\\":%.1f", p50)
    if (has_p95) line = line sprintf(",\\"p95Ms\\":%.1f", p95)
    print line sprintf(",\\"keptUp\\":%d}", kept)
    exit (kept ? ${EXIT_KEPT_UP} : ${EXIT_FELL_SHORT})
  }' "$out"
`;

/** What the runner is asked to do. */
export interface RunnerArguments {
  readonly url: string;
  readonly requestsPerSecond: number;
  readonly durationSeconds: number;
  readonly headerName?: string;
  readonly maxErrorRatePercent: number;
  readonly maxP95LatencyMs: number;
  readonly rehearsalName: string;
}

/** Workers of the load generator: one per request per second (at least one). */
export function runnerWorkers(requestsPerSecond: number): number {
  return Math.max(1, Math.ceil(requestsPerSecond));
}

/** The container's command: the script and its positional parameters (`$0` is a name for error messages). */
export function runnerCommand(args: RunnerArguments): string[] {
  return ['sh', '-c', RUNNER_SCRIPT, 'peak-rehearsal', args.url, `${args.requestsPerSecond}`, `${args.durationSeconds}`,
    `${runnerWorkers(args.requestsPerSecond)}`, args.headerName ?? '', `${args.maxErrorRatePercent}`, `${args.maxP95LatencyMs}`, args.rehearsalName];
}
