#!/bin/bash
# The GPU benchmark in prepared steps (see the README's Performance section and ../shared/gpu/README.md).
#
#   scripts/gpu-bench.sh prepare     here, in the repository root: bundle headless Chromium into .gpu/ (once,
#                                    about 5 minutes; needs apt-get), build dist/ (bench.html included), check
#                                    the sizes of the two device calls, print them.
#   scripts/gpu-bench.sh device-1    on the GPU machine, call 1 (carry .gpu/p1 and .gpu/gpu-chromium.sh):
#                                    unpack the browser binary.
#   scripts/gpu-bench.sh device-2    on the GPU machine, call 2 at once while it is warm (carry .gpu/p2,
#                                    .gpu/gpu-chromium.sh and dist): unpack the rest, serve dist/, run
#                                    bench.html with --dump-dom on the GPU (ANGLE on Vulkan), write the JSON
#                                    lines to $OUT/bench.jsonl (and the DOM to $OUT/bench-dom.html), print them.
#                                    BENCH_QUERY (e.g. "size=2048") is appended to the page's query;
#                                    then a second run compares 1, 2, 4 and 8 pixels per fragment
#                                    ($OUT/bench-variants.jsonl; BENCH_VARIANTS=0 skips it);
#                                    BENCH_EGL=1 runs the page a second time on ANGLE's GL-EGL backend
#                                    ($OUT/bench-egl.jsonl); BENCH_SWIFTSHADER=1 once more on SwiftShader there.
#   scripts/gpu-bench.sh local       a dry run of device-2's page run on this machine's Chromium (SwiftShader).
#   scripts/gpu-bench.sh extract FILE    print the JSON lines of a saved --dump-dom output.
#   scripts/gpu-bench.sh table FILE.jsonl    print README table rows (region map) for those lines.
#
# The device tool's calls, once `prepare` has run (each a single `run`):
#   run(command="bash scripts/gpu-bench.sh device-1", carry=[".gpu/p1", ".gpu/gpu-chromium.sh"], timeout_s=240)
#   run(command="bash scripts/gpu-bench.sh device-2", carry=[".gpu/p2", ".gpu/gpu-chromium.sh", "dist"], timeout_s=420)
# then give_back. The page checks itself: a "renderer" naming SwiftShader means the GPU was not reached.
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${GPU_SHARED:-../shared/gpu}
PORT=8123

extract() { # FILE: the text of <pre id="result">, unescaped
  python3 - "$1" <<'PY'
import html, re, sys
text = open(sys.argv[1], encoding='utf-8', errors='replace').read()
m = re.search(r'<pre id="result"[^>]*>(.*?)</pre>', text, re.S)
if not m or not m.group(1).strip():
    sys.exit('no result in ' + sys.argv[1])
print(html.unescape(m.group(1)).strip())
PY
}

BROWSER=(bash .gpu/gpu-chromium.sh run)

serve_dist() { # serve dist/ on $PORT until this script exits
  python3 -m http.server "$PORT" -d dist >/dev/null 2>&1 & server=$!
  trap 'kill $server 2>/dev/null || true' EXIT
  sleep 1
}

run_page() { # NAME EXTRA-FLAGS...: run bench.html once in ${BROWSER[@]}, save $OUT/NAME.jsonl
  local name=$1; shift
  local dom="${OUT:-.}/$name-dom.html"
  local q="cpu=1${BENCH_QUERY:+&$BENCH_QUERY}${PAGE_QUERY:+&$PAGE_QUERY}"
  # Exact heap sizes and window.gc() for the heap record, as npm run bench gives them.
  timeout 300 "${BROWSER[@]}" "$@" --enable-precise-memory-info --js-flags=--expose-gc --dump-dom "http://127.0.0.1:$PORT/bench.html?$q" > "$dom" 2> "${OUT:-.}/$name-stderr.txt" || echo "chromium exited with $?" >&2
  extract "$dom" | tee "${OUT:-.}/$name.jsonl"
}

case "${1:-}" in
  prepare)
    grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || { mkdir -p .git/info && echo /.gpu/ >> .git/info/exclude; }
    if [ ! -f .gpu/p1/bin.xz ] || [ ! -f .gpu/p2/p2.tar.xz ]; then bash "$SHARED/make-bundle.sh" .gpu; fi
    cp -f "$SHARED/gpu-chromium.sh" "$SHARED/serve.py" .gpu/
    npm run build >/dev/null
    [ -f dist/bench.html ] || { echo "dist/bench.html is missing after the build" >&2; exit 1; }
    tracked=$(git ls-files -z | xargs -0 du -cb 2>/dev/null | tail -1 | cut -f1)
    untracked=$(git ls-files -z --others --exclude-standard | xargs -0 -r du -cb 2>/dev/null | tail -1 | cut -f1)
    base=$((tracked + ${untracked:-0}))
    c1=$((base + $(du -sb .gpu/p1 | cut -f1) + $(du -sb .gpu/gpu-chromium.sh | cut -f1)))
    c2=$((base + $(du -sb .gpu/p2 | cut -f1) + $(du -sb .gpu/gpu-chromium.sh | cut -f1) + $(du -sb dist | cut -f1)))
    limit=$((64 * 1024 * 1024))
    awk -v a="$c1" -v b="$c2" 'BEGIN { printf "call 1 carries %.1f MiB, call 2 %.1f MiB (limit 64 MiB)\n", a / 1048576, b / 1048576 }'
    if [ "$c1" -gt "$limit" ] || [ "$c2" -gt "$limit" ]; then
      echo "too large for one call: see ../shared/gpu/README.md (split bin.xz)" >&2; exit 1
    fi
    sed -n '/^# The device tool/,/^# then give_back/p' "$0" | sed 's/^# //'
    ;;
  device-1)
    bash .gpu/gpu-chromium.sh install-bin .gpu/p1
    echo "browser binary installed"
    ;;
  device-2)
    bash .gpu/gpu-chromium.sh install-rest .gpu/p2
    nvidia-smi --query-gpu=name,driver_version --format=csv,noheader 2>/dev/null || true
    serve_dist
    run_page bench
    # Pixels per fragment 1, 2, 4, 8 back to back per configuration: the rule (choosePixels) was tuned on
    # SwiftShader; a GPU may prefer fewer (registers).
    if [ "${BENCH_VARIANTS:-1}" = 1 ]; then
      PAGE_QUERY='variants=px:1;px:2;px:4;px:8&rounds=2&upload=0&interaction=0&heap=0&cpu=0' run_page bench-variants
    fi
    if [ "${BENCH_EGL:-0}" = 1 ]; then run_page bench-egl --use-angle=gl-egl; fi
    if [ "${BENCH_SWIFTSHADER:-0}" = 1 ]; then run_page bench-swiftshader --swiftshader; fi
    ;;
  local)
    # A dry run of device-2's page run here, with this machine's Chromium on SwiftShader (dist/ must be built).
    ud=$(mktemp -d); trap 'rm -rf "$ud"' RETURN
    BROWSER=("${PUPPETEER_EXECUTABLE_PATH:-/usr/bin/chromium}" --headless=new --no-sandbox --user-data-dir="$ud"
      --use-gl=angle --use-angle=swiftshader --enable-unsafe-swiftshader)
    serve_dist
    run_page bench-local
    if [ "${BENCH_VARIANTS:-1}" = 1 ]; then
      PAGE_QUERY='variants=px:1;px:2;px:4&rounds=1&upload=0&interaction=0&heap=0&cpu=0&only=64' run_page bench-local-variants
    fi
    ;;
  extract)
    extract "$2"
    ;;
  table)
    # FILE.jsonl: the rows of the README's region-map table for these figures (date of today).
    python3 - "$2" <<'PY'
import datetime, json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip().startswith('{')]
peak = next((r for r in rows if r.get('kind') == 'peak'), {})
first = True
for r in rows:
    if r.get('kind') != 'regionMap':
        continue
    lead = f"| {datetime.date.today()} | {r['renderer']} | {peak.get('fmaPerSecond', float('nan')):.3g} |" if first else '| | | |'
    first = False
    ratio = f"{r['gpuCpuRatio']:.3g}" if 'gpuCpuRatio' in r else ''
    print(f"{lead} {r['W']} x {r['L']} | {r['side']}\u00b2 | {r['weights']} | {r['macPerSecond']:.3g} | {r['fractionOfPeak']:.3f} | {ratio} |")
for r in rows:
    if r.get('kind') == 'error':
        print('error:', json.dumps(r), file=sys.stderr)
PY
    ;;
  *)
    sed -n '2,23p' "$0"; exit 2 ;;
esac
