#!/usr/bin/env bash
# Runs every test of dfdetect: installs the Debian packages the tests need when they are missing
# (Pillow and numpy for the reference outputs, ONNX for cross-checking the stand-in models,
# libjpeg-turbo and libwebp for the decoders, curl for the deployment check), runs the Maven build
# with all tests on the default JDK, fuzzes each fuzz target for a bounded time, then the Pillow parity
# tests again on JDK 25 when one is installed (production JVMs bundle a different JPEG decoder than
# Debian's, so parity must hold on both). Last, it builds both images from the Dockerfile as users
# build them and runs the container tests against them (tools/docker-setup.sh prepares Docker first);
# DFDETECT_CONTAINER_TESTS=0 skips that.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(python3-pil python3-numpy python3-onnx libturbojpeg0 libwebp7 libwebpdemux2 libwebpmux3 curl)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing test prerequisites: ${missing[*]}"
    sudo_if_needed=()
    [ "$(id -u)" -eq 0 ] || sudo_if_needed=(sudo)
    "${sudo_if_needed[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo_if_needed[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
fi

mvn -B verify "$@"

# The build above replays the fuzz corpus; here each fuzz target also fuzzes for a bounded time, so
# that every run explores a little further (new inputs go to .cifuzz-corpus/, a finding fails the
# build and is written next to the corpus as crash-<sha1>). DFDETECT_FUZZ_SECONDS=0 skips this.
fuzz_seconds=${DFDETECT_FUZZ_SECONDS:-20}
if [ "$fuzz_seconds" -gt 0 ]; then
    for target in PreprocessorFuzzTest#decodesOrRefuses{Jpeg,Png,Gif,Bmp,Webp}LikeBytes MultipartFormDataFuzzTest#splitsOrRefusesAnyBody; do
        echo "Fuzzing $target for ${fuzz_seconds} s"
        JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${fuzz_seconds}s" mvn -B -q surefire:test -Dtest="$target" \
            -Dsurefire.failIfNoSpecifiedTests=false
    done
fi

jdk25=$(ls -d /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* 2>/dev/null | head -n 1 || true)
if [ -n "$jdk25" ]; then
    echo "Pillow parity tests again on $(basename "$jdk25"), and slow uploads with virtual threads (Java 21+)"
    JAVA_HOME="$jdk25" mvn -B surefire:test -Dtest='com.purepost.dfdetect.image.**,SlowUploadsTest' \
        -Dsurefire.failIfNoSpecifiedTests=false
else
    echo "No JDK 25 found: parity was checked on the default JDK only"
fi

# The images, built from the Dockerfile exactly as users build them (from `mvn package`'s output, which
# the build above left in target/), then the tests tagged `container` against those tags: the HTTP
# image with model volumes, under docker stop, and under compose.yaml's limits; the Lambda image
# through its own runtime client against a Runtime API stub and S3Proxy. Each phase's time is printed.
if [ "${DFDETECT_CONTAINER_TESTS:-1}" != 0 ]; then
    phase_started=$SECONDS
    phase() { echo "container phase '$1' took $((SECONDS - phase_started)) s"; phase_started=$SECONDS; }
    tools/docker-setup.sh
    phase "docker setup"
    docker build -t dfdetect-service .
    phase "build dfdetect-service"
    docker build --target lambda -t dfdetect-lambda .
    phase "build dfdetect-lambda"
    docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' dfdetect-service:latest
    docker image ls --format '{{.Repository}}:{{.Tag}} {{.Size}}' dfdetect-lambda:latest
    mvn -B surefire:test -Dgroups=container -Ddfdetect.excluded-tags=long-run \
        -Ddfdetect.image.http=dfdetect-service -Ddfdetect.image.lambda=dfdetect-lambda
    phase "container tests"
fi
