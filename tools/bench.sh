#!/usr/bin/env bash
# Runs dfdetect's benchmarks; each prints Markdown tables of ratios measured side by side in one run
# and keeps them in target/bench-results/. Nothing here is run by the tests (they run a smoke pass).
#
#   tools/bench.sh speed [options]        preprocessing per stage vs Pillow, model time vs the bare session
#   tools/bench.sh jmh [JMH options]      the same benchmark bodies under JMH alone (e.g. -p image=photo-640x480.png)
#   tools/bench.sh load [options]         the HTTP app under concurrency 1..16 vs the in-process pipeline
#   tools/bench.sh memory [options]       RSS at rest and at peak under concurrency 8 with 12 MP images
#   tools/bench.sh cold-http [options]    JVM start to first answer of the HTTP app, per JVM option set
#   tools/bench.sh cold-lambda [options]  the same for the Lambda handler, through the runtime client
#   tools/bench.sh cold-images [options]  `docker run` to first predict of both images, lever by lever
#   tools/bench.sh ort-session [options]  where the ONNX Runtime session opening goes, per option, fresh JVMs
#   tools/bench.sh threads [options]      ONNX Runtime threads x model runs at once, in process
#   tools/bench.sh batch-scores           an image's score alone and beside another in one model run
#
# JAVA (a java executable) picks the JVM that runs them; the options are described in each class's
# Javadoc (src/test/java/com/purepost/dfdetect/bench/).
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A mains=(
    [jmh]=org.openjdk.jmh.Main
    [speed]=SpeedBench
    [load]=LoadBench
    [memory]=MemoryBench
    [cold-http]=HttpColdStartBench
    [cold-lambda]=LambdaColdStartBench
    [cold-images]=ImageColdStartBench
    [ort-session]=OrtSessionOpeningBench
    [threads]=ThreadsBench
    [batch-scores]=BatchScores
)
what=${1:-}
if [ -z "$what" ] || [ -z "${mains[$what]:-}" ]; then
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
shift

offline=()
[ -n "${BENCH_OFFLINE:-}" ] && offline=(-o)
mvn -B -q "${offline[@]}" package -DskipTests
mvn -B -q "${offline[@]}" dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
if [ "$what" = cold-images ] && [ -z "${BENCH_NO_IMAGE_BUILD:-}" ]; then
    # the images as users build them, from the output just packaged (BENCH_NO_IMAGE_BUILD=1 measures
    # the images already tagged)
    docker build -q -t dfdetect-service . >/dev/null
    docker build -q --target lambda -t dfdetect-lambda . >/dev/null
fi
java=${JAVA:-java}
# ONNX Runtime 1.29 crashes at start under a long command line (JMH forks have one) unless telemetry is off.
export ORT_DISABLE_TELEMETRY=1
main=${mains[$what]}
[[ $main == *.* ]] || main=com.purepost.dfdetect.bench.$main
exec "$java" -Dlogback.configurationFile=bench-logback.xml -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" "$main" "$@"
