#!/usr/bin/env bash
# Checks a running dfdetect deployment end to end, the way PurePost's backend calls it:
#
#   tools/check-deployment.sh URL [--api-key KEY] [--samples DIR]
#
# URL is the service's base: http://localhost:5555 (java -jar, docker run, docker-compose) or the API
# Gateway URL `sam deploy` prints (https://....execute-api.REGION.amazonaws.com/Prod). With --api-key,
# every request carries it in the X-Api-Key header, as API Gateway's API keys and DFDETECT_API_KEY
# expect. Checks, one line each:
#   - GET /health answers 200 with "status": "healthy";
#   - POST /predict, multipart field `file` named image.jpg typed image/jpeg (PurePost's call, whatever
#     the real format), for a JPEG, PNG, WebP, GIF and BMP: 200, success true, both labels, scores
#     between 0 and 1 summing to 1, sorted highest first, a processing time;
#   - a text file sent the same way is refused: 4xx with JSON {"success": false, "error": "..."}.
# Needs curl and python3 (standard library only). Exits 0 when every check passed, 1 otherwise.
set -uo pipefail

usage() { echo "usage: $0 URL [--api-key KEY] [--samples DIR]" >&2; exit 2; }
[ $# -ge 1 ] || usage
base=${1%/}
shift
api_key=""
samples="$(cd "$(dirname "$0")/.." && pwd)/src/test/resources/deployment-check"
while [ $# -gt 0 ]; do
    case "$1" in
        --api-key) [ $# -ge 2 ] || usage; api_key=$2; shift 2 ;;
        --samples) [ $# -ge 2 ] || usage; samples=$2; shift 2 ;;
        *) usage ;;
    esac
done
for tool in curl python3; do
    command -v "$tool" >/dev/null 2>&1 || { echo "FAIL setup: $tool is not installed"; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
headers=()
[ -z "$api_key" ] || headers=(-H "X-Api-Key: $api_key")
failures=0

# Judges one answer: $1 the kind of check, $2 the HTTP status, $3 the file holding the body. Prints the
# verdict's text (without ok/FAIL) and exits 0 when the answer is right.
judge() {
    python3 - "$@" <<'PY'
import json, math, sys

kind, status, body_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
raw = open(body_file, encoding="utf-8", errors="replace").read()

def fail(why):
    print(f"{why} (status {status}: {raw[:300]!r})")
    sys.exit(1)

if status == 0:
    fail("no answer")
try:
    answer = json.loads(raw)
except ValueError:
    fail("the body is not JSON")
if not isinstance(answer, dict):
    fail("the body is not a JSON object")

if kind == "health":
    if status != 200 or answer.get("status") != "healthy":
        fail("not healthy: " + str(answer.get("reason", answer.get("status"))))
    model = answer.get("model_file") or answer.get("model") or "?"
    print(f"200 healthy, model {model}" + (", STAND-IN (random weights)" if answer.get("stand_in") else ""))
elif kind == "predict":
    if status != 200 or answer.get("success") is not True:
        fail("not scored: " + str(answer.get("error", "")))
    predictions = answer.get("predictions")
    if not isinstance(predictions, list) or not predictions:
        fail("no predictions")
    labels = [str(p.get("label", "")).lower() for p in predictions]
    scores = [p.get("score") for p in predictions]
    if sorted(labels) != ["deepfake", "real"]:
        fail(f"labels {labels}, expected real and deepfake")
    if not all(isinstance(s, (int, float)) and 0.0 <= s <= 1.0 for s in scores):
        fail(f"scores {scores} not all between 0 and 1")
    if not math.isclose(sum(scores), 1.0, abs_tol=1e-4):
        fail(f"scores {scores} do not sum to 1")
    if scores != sorted(scores, reverse=True):
        fail(f"scores {scores} not sorted highest first")
    seconds = answer.get("processing_time")
    if not isinstance(seconds, (int, float)) or seconds < 0:
        fail(f"processing_time {seconds!r} is not a number of seconds")
    verdict = ", ".join(f"{l} {s:.4f}" for l, s in zip(labels, scores))
    print(f"200 {verdict} in {seconds:.3f} s" + (", STAND-IN (random weights)" if answer.get("stand_in") else ""))
elif kind == "refusal":
    if not 400 <= status < 500:
        fail("expected a 4xx refusal")
    if answer.get("success") is not False or not str(answer.get("error", "")).strip():
        fail('expected {"success": false, "error": "..."}')
    print(f"{status} {answer['error']}")
else:
    fail("unknown check " + kind)
PY
}

# Runs one request with curl (PurePost's 30 s timeout) and judges it: $1 the check's name, $2 its kind,
# the rest curl's arguments.
check() {
    local name=$1 kind=$2
    shift 2
    local body="$work/body" status verdict
    : >"$body"
    status=$(curl -sS --max-time 30 -o "$body" -w '%{http_code}' "${headers[@]}" "$@" 2>"$work/curl-error") || status=0
    if verdict=$(judge "$kind" "$status" "$body"); then
        echo "ok   $name: $verdict"
    else
        [ "$status" != 0 ] || verdict="no answer: $(head -c 300 "$work/curl-error")"
        echo "FAIL $name: $verdict"
        failures=$((failures + 1))
    fi
}

# PurePost's call: whatever the real format, the file goes as image.jpg typed image/jpeg.
predict() {
    check "$1" "$2" -X POST -F "file=@$3;filename=image.jpg;type=image/jpeg" "$base/predict"
}

check "health" health "$base/health"
for format in jpg png webp gif bmp; do
    sample="$samples/sample.$format"
    if [ -f "$sample" ]; then
        predict "predict $format" predict "$sample"
    else
        echo "FAIL predict $format: no sample image $sample"
        failures=$((failures + 1))
    fi
done
printf 'hello, this is a text file and not an image\n' >"$work/not-an-image.txt"
predict "refuse a text file" refusal "$work/not-an-image.txt"

if [ "$failures" -eq 0 ]; then
    echo "all checks passed against $base"
    exit 0
fi
echo "$failures check(s) failed against $base"
exit 1
