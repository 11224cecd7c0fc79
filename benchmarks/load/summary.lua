-- wrk script for run.sh: after the run, print one line that run.sh parses.
-- requests: completed requests; duration_us: the run's length; errors: connect/read/write/timeout errors;
-- status_errors: responses outside 2xx/3xx; p50_us/p99_us: latency percentiles in microseconds.
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK_SUMMARY requests=%d duration_us=%d errors=%d status_errors=%d p50_us=%d p99_us=%d\n",
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99)))
end
