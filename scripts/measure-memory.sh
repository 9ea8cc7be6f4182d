#!/usr/bin/env bash
# Peak memory (maximum resident set size, from /usr/bin/time -v) of `eventlens test` and
# `eventlens check` on one large event, as a multiple of the event's size.
#
#   scripts/measure-memory.sh [MEGABYTES]      (default 100)
#
# The event is generated deterministically (the same bytes on every run): an EventBridge envelope
# whose detail is a list of CityLots-like features (strings, some with escapes, numbers, nested
# coordinate arrays, duplicate keys), written to target/measure-memory/. It builds the release CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
mb=${1:-100}
dir=target/measure-memory
mkdir -p "$dir"
event=$dir/event-${mb}mb.json
case=$dir/case-${mb}mb.jsonl
raw_case=$dir/case-raw-${mb}mb.jsonl
pattern=$dir/pattern.json

if [ ! -s "$event" ]; then
  python3 - "$mb" "$event" <<'PY'
import json, sys
target = int(sys.argv[1]) * 1_000_000
out = open(sys.argv[2], "w", encoding="utf-8")
out.write('{"version": "0", "id": "6a7e8feb-b491-4cf7-a9f1-bf3703467718", '
          '"detail-type": "lot", "source": "city.lots", "account": "111122223333", '
          '"time": "2026-01-01T00:00:00Z", "region": "us-east-1", "resources": [], '
          '"detail": {"type": "FeatureCollection", "features": [\n')
written, i, seed = 0, 0, 12345
def rand():
    global seed
    seed = (seed * 1103515245 + 12345) % 2**31
    return seed
while written < target:
    coords = [[round(-122.4 + rand() % 10000 / 1e6, 7), round(37.7 + rand() % 10000 / 1e6, 7), 0]
              for _ in range(rand() % 12 + 3)]
    feature = ('{"type": "Feature", "properties": {"MAPBLKLOT": "%04dA%03d", "BLKLOT": "%d", '
               '"BLOCK_NUM": "%d", "LOT_NUM": "%03d", "FROM_ST": %d, "TO_ST": %d, '
               '"STREET": "STREET \\"%s\\"\\u00e9", "ST_TYPE": "ST", "ODD_EVEN": "%s", '
               '"ODD_EVEN": "dup"}, "geometry": {"type": "Polygon", "coordinates": [%s]}}'
               % (i % 10000, i % 1000, i, rand() % 10000, rand() % 1000, rand() % 5000,
                  rand() % 5000, "ABCDEFGH"[i % 8] * (rand() % 10 + 1), "OE"[i % 2],
                  json.dumps(coords)))
    sep = "" if i == 0 else ",\n"
    out.write(sep + feature)
    written += len(sep) + len(feature)
    i += 1
out.write('\n]}}\n')
PY
fi
printf '%s\n' '{"source": ["city.lots"], "detail": {"features": {"properties": {"STREET": [{"prefix": "STREET \"H"}], "FROM_ST": [{"numeric": [">", 4990]}]}}}}' > "$pattern"
if [ ! -s "$case" ]; then
  python3 - "$event" "$pattern" "$case" "$raw_case" <<'PY'
import sys
event, pattern = open(sys.argv[1]).read().strip(), open(sys.argv[2]).read().strip()
with open(sys.argv[3], "w") as f:  # the event as a JSON value on the line
    f.write('{"id": 1, "pattern": %s, "event": %s}\n' % (pattern, event.replace("\n", "")))
import json
with open(sys.argv[4], "w") as f:  # the event as a string (event_raw)
    f.write('{"id": 1, "pattern": %s, "event_raw": %s}\n' % (pattern, json.dumps(event)))
PY
fi

cargo build --quiet --release --locked -p eventlens-cli
bin=target/release/eventlens
size=$(wc -c < "$event")
limit=--max-event-bytes=$((size + 1000))

# Prints the peak RSS of the command after `--` as MB and as a multiple of the event's size.
measure() {
  local label=$1 input=$2
  shift 2
  local report
  report=$({ /usr/bin/time -v "$@" < "$input" > "$dir/out.txt"; } 2>&1 || true)
  local kb
  kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' <<<"$report")
  awk -v l="$label" -v kb="$kb" -v s="$size" -v out="$(head -c 120 "$dir/out.txt")" \
    'BEGIN { printf "%-34s %8.1f MB  %5.2f x the event   (%s)\n", l, kb / 1000, kb * 1024 / s, out }'
}
echo "event: $event, $size bytes"
measure "test" /dev/null "$bin" "$limit" test --pattern "$pattern" --event "$event"
measure "test --explain" /dev/null "$bin" "$limit" test --explain --pattern "$pattern" --event "$event"
measure "check (event as JSON)" "$case" "$bin" "$limit" check
measure "check (event_raw string)" "$raw_case" "$bin" "$limit" check
