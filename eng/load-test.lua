-- wrk script of eng/load-test.sh: POST /api/v1/tokens, each request for the next of this client group's doctors,
-- with the API key; prints one RESULT line (requests/s, average, p50, p95, p99 in ms, errors) when done.
-- Environment: LOAD_KEY (X-Api-Key), LOAD_DATE (yyyy-MM-dd), LOAD_FIRST and LOAD_DOCTORS (doctor ids
-- L<first>..L<first+doctors-1>), LOAD_LABEL (echoed in the RESULT line).
local key = os.getenv("LOAD_KEY")
local date = os.getenv("LOAD_DATE")
local first = tonumber(os.getenv("LOAD_FIRST") or "1")
local doctors = tonumber(os.getenv("LOAD_DOCTORS") or "1")
local label = os.getenv("LOAD_LABEL") or "-"
local threads = {}
local counter = 0
local offset = 0

function setup(thread)
  thread:set("offset", #threads * 7919)
  table.insert(threads, thread)
end

function init(args)
  offset = tonumber(offset) or 0
end

function request()
  counter = counter + 1
  local doctor = first + ((offset + counter) % doctors)
  local body = string.format(
    '{"doctorId":"L%d","date":"%s","patientName":"Load %d-%d","source":"walk_in"}',
    doctor, date, offset, counter)
  return wrk.format("POST", "/api/v1/tokens",
    { ["Content-Type"] = "application/json", ["X-Api-Key"] = key }, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %s %d %.1f %.2f %.2f %.2f %.2f %d\n",
    label, summary.requests, summary.requests / seconds, latency.mean / 1000,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
