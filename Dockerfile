# dfdetect images. Maven runs on the host, not in here; build in this order:
#
#   mvn -B package -DskipTests                          target/dfdetect.jar, target/lambda/ (the task root)
#   docker build -t dfdetect-service .                  the local HTTP app on port 5555 (the default target)
#   docker build --target lambda -t dfdetect-lambda .   the AWS Lambda image (what `sam build` builds)
#
# Both images: Debian (BASE_IMAGE), OpenJDK 25 and the native decoders from Debian, the application
# from `mvn package`'s output, and a JDK 25 AOT cache trained at build on real answers. Classic
# builder syntax only (no BuildKit-only instructions): SAM and older Docker engines build with it.

ARG BASE_IMAGE=debian:trixie-slim

# ---------------------------------------------------------------------------------------------------
# The runtime both images share: the JRE and the decoders the Pillow-exact preprocessing loads
# (libturbojpeg.so.0, libwebp.so.7, libwebpdemux.so.2), all from Debian, upgraded at build. Each
# library is checked by file, so that a renamed package fails the build rather than the first upload.
FROM ${BASE_IMAGE} AS runtime
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get upgrade -y \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        openjdk-25-jre-headless libturbojpeg0 libwebp7 libwebpdemux2 \
    && apt-get clean && rm -rf /var/lib/apt/lists/* \
    && ls /usr/lib/*-linux-gnu/libturbojpeg.so.0 /usr/lib/*-linux-gnu/libwebp.so.7 \
        /usr/lib/*-linux-gnu/libwebpdemux.so.2 \
    && java -version

# ---------------------------------------------------------------------------------------------------
# Throwaway stage: ONNX Runtime's and JNA's native libraries for this architecture, copied out of their
# jars once. Loaded from the image (ONNX Runtime's from the directory -Donnxruntime.native.path names,
# JNA's from the JDK's own directory for extra native libraries, /usr/java/packages/lib, with
# -Djna.nosys=false; -Djna.noclasspath=true makes a missing one fail loudly at start), they are
# not inflated into /tmp at every start (24 MB for ONNX Runtime's).
FROM runtime AS natives
COPY target/dfdetect-image-training.jar target/lambda/lib/onnxruntime-*.jar target/lambda/lib/jna-*.jar /opt/natives/
RUN cd /opt/natives && java -cp dfdetect-image-training.jar com.purepost.dfdetect.imagebuild.NativeLibraryExtraction \
        /opt/natives/lib onnxruntime-*.jar jna-*.jar

# ---------------------------------------------------------------------------------------------------
# Throwaway stage: the Lambda task root, as `mvn package` laid it out in target/lambda/ (lib/ with our
# classes as dfdetect-lambda.jar and every runtime jar, the manifest naming our Start-Class, config/
# switching on Lambda mode), and the model. Made readable to all here (Lambda runs the function as a
# user of its own, and the build context may come from a strict umask), so that the image gets it in
# one layer.
FROM runtime AS lambda-files
COPY target/lambda/ /var/task/
# The model: whatever model/ holds (labels.txt; the trained ResNet18.onnx when it is there). With no
# .onnx file, a stand-in is written by this image's own JVM: random weights, marked as such in the
# file, the quantized graph the service opens by default (the float stand-in it writes too is
# removed: 45 MB nobody serves). The image refuses to score with a stand-in unless
# DFDETECT_MODEL_ALLOW_STAND_IN=true is set on the function. Put the trained files into model/
# before building to serve them.
COPY model/ /var/task/model/
RUN if ls /var/task/model/*.onnx >/dev/null 2>&1; then \
        echo "model/ holds: $(ls /var/task/model)"; \
    else \
        java -cp '/var/task/lib/*' com.purepost.dfdetect.model.standin.StandInModels /var/task/model \
        && rm /var/task/model/ResNet18_unoptimized.onnx; \
    fi \
    && chmod -R a+rX /var/task

FROM runtime AS lambda-base
ENV LAMBDA_TASK_ROOT=/var/task
WORKDIR /var/task
COPY --from=lambda-files /var/task/ /var/task/
COPY --from=natives /opt/natives/lib/ /var/task/native/
COPY --from=natives /opt/natives/lib/libjnidispatch.so /usr/java/packages/lib/

# ---------------------------------------------------------------------------------------------------
# Throwaway stage: the AOT cache, trained on real work. The runtime starts exactly as the image's
# entrypoint starts it, plus -XX:AOTCacheOutput; a Runtime API stub (a small jar of its own, never in
# the image) hands it real events through the same handler: health, multipart predictions over REST
# and HTTP API events in five formats, a raw image, a refused upload. Then the runtime is stopped with
# SIGTERM, and the JVM writes the cache as it exits. The stand-ins are allowed for this run only.
FROM lambda-base AS lambda-training
COPY target/dfdetect-image-training.jar /opt/training/
COPY events/ /opt/training/events/
# Up to three runs: a training run that ended by taking its Runtime API away crashed the runtime
# client's native HTTP client in about half the runs (hence SIGTERM now); should any native fault
# remain, a run that fails leaves no cache behind, and the build fails only if all three do.
RUN cd /opt/training \
    && for attempt in 1 2 3; do \
        rm -f /var/task/dfdetect.aot; \
        DFDETECT_MODEL_ALLOW_STAND_IN=true DFDETECT_CACHE_ENABLED=false \
        java -cp '/opt/training/dfdetect-image-training.jar:/var/task/lib/*' \
        com.purepost.dfdetect.imagebuild.LambdaImageTraining /var/task/dfdetect.aot 2 -- \
        java -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
        -XX:AOTCacheOutput=/var/task/dfdetect.aot -Xlog:aot=error,cds=error \
        -Donnxruntime.native.path=/var/task/native -Djna.nosys=false -Djna.noclasspath=true \
        -cp '/var/task/lib/dfdetect-lambda.jar:/var/task/lib/*' \
        com.amazonaws.services.lambda.runtime.api.client.AWSLambda \
        org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest \
        && break; \
        echo "AOT training run $attempt failed"; \
    done \
    && test -s /var/task/dfdetect.aot

# ---------------------------------------------------------------------------------------------------
# AWS Lambda, on a non-AWS base as AWS documents it: the runtime interface client as entrypoint, the
# handler as CMD. `sam local invoke` runs its emulator (aws-lambda-rie) with this entrypoint and CMD
# appended, so both stay in exec form. /var/task is read-only at run time: the model is served as
# built, or downloaded into /tmp at start when DFDETECT_MODEL_URI names an s3:// object.
FROM lambda-base AS lambda
COPY --from=lambda-training /var/task/dfdetect.aot /var/task/dfdetect.aot
ENV DFDETECT_MODEL_ALLOW_STAND_IN=false \
    DFDETECT_MODEL_STAND_IN_WHEN_MISSING=false \
    MAIN_CLASS=com.purepost.dfdetect.DfdetectApplication
# C1 only (no C2 compiler threads competing with start-up for the function's vCPUs), the serial
# collector, and the AOT cache made above (classes loaded and linked, method profiles): see
# docs/performance.md#lambda-image for what each one buys. The application jar comes first on the class path, so
# that its manifest's Start-Class is the one found; the cache requires the class path it was
# trained with (a JVM given a cache it cannot use warns and starts without it).
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", \
    "-XX:AOTCache=/var/task/dfdetect.aot", \
    "-Donnxruntime.native.path=/var/task/native", "-Djna.nosys=false", "-Djna.noclasspath=true", \
    "-cp", "/var/task/lib/dfdetect-lambda.jar:/var/task/lib/*", \
    "com.amazonaws.services.lambda.runtime.api.client.AWSLambda"]
CMD ["org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest"]

# ---------------------------------------------------------------------------------------------------
# Throwaway stage: the Spring Boot jar extracted as Spring Boot documents it for AOT caches (the
# application jar and lib/: a cache cannot map classes out of nested jars). Done here so that the fat
# jar itself is in no layer of the image.
FROM runtime AS http-extract
COPY target/dfdetect.jar /tmp/dfdetect.jar
RUN java -Djarmode=tools -jar /tmp/dfdetect.jar extract --destination /app \
    && chmod -R a+rX /app

# ---------------------------------------------------------------------------------------------------
# The local HTTP app's files: curl for the health check, a user of its own, the extracted jar, the
# natives, and the labels.
FROM runtime AS http-base
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
    && apt-get clean && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin dfdetect
WORKDIR /app
COPY --from=http-extract /app/ /app/
COPY --from=natives /opt/natives/lib/ /app/native/
COPY --from=natives /opt/natives/lib/libjnidispatch.so /usr/java/packages/lib/
# Only the labels: the model directory is meant to be a volume (-v /path/to/models:/app/model).
COPY --chown=dfdetect model/labels.txt /app/model/labels.txt

# ---------------------------------------------------------------------------------------------------
# Throwaway stage: the HTTP app's AOT cache, trained on real /predict calls (five formats and a
# refused upload) against stand-ins in a directory of its own, then stopped with SIGTERM as `docker
# stop` stops it: the JVM writes the cache as it exits.
FROM http-base AS http-training
COPY target/dfdetect-image-training.jar /opt/training/
# Up to three runs, for the reason given at the Lambda training above.
RUN mkdir /tmp/training-model && cp /app/model/labels.txt /tmp/training-model/ \
    && for attempt in 1 2 3; do \
        rm -f /app/dfdetect.aot; \
        DFDETECT_MODEL_DIR=/tmp/training-model DFDETECT_MODEL_ALLOW_STAND_IN=true DFDETECT_CACHE_ENABLED=false \
        java -cp /opt/training/dfdetect-image-training.jar com.purepost.dfdetect.imagebuild.HttpImageTraining \
        /app/dfdetect.aot 5555 2 -- \
        java -XX:+ExitOnOutOfMemoryError -XX:AOTCacheOutput=/app/dfdetect.aot -Xlog:aot=error,cds=error \
        -Donnxruntime.native.path=/app/native -Djna.nosys=false -Djna.noclasspath=true -jar /app/dfdetect.jar \
        && break; \
        echo "AOT training run $attempt failed"; \
    done \
    && test -s /app/dfdetect.aot

# ---------------------------------------------------------------------------------------------------
# The local HTTP app, last so that it is the default target: `docker build -t dfdetect-service .`,
# then `docker run -p 5555:5555 -v /path/to/models:/app/model dfdetect-service`.
FROM http-base AS http
COPY --from=http-training /app/dfdetect.aot /app/dfdetect.aot
USER dfdetect
# No stand-in unless asked for: with no trained model in the volume, /predict and /health answer 503
# saying so (DFDETECT_MODEL_ALLOW_STAND_IN=true to try the service on random weights).
ENV DFDETECT_MODEL_DIR=/app/model \
    DFDETECT_MODEL_ALLOW_STAND_IN=false
VOLUME ["/app/model"]
EXPOSE 5555
# PurePost's own health check looks only at the status: 200 healthy, 503 not.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:5555/health || exit 1
# Exec form: the JVM is PID 1 and gets docker stop's SIGTERM itself, finishing the requests in flight
# (server.shutdown=graceful) before it exits.
ENTRYPOINT ["java", "-XX:+ExitOnOutOfMemoryError", "-XX:AOTCache=/app/dfdetect.aot", \
    "-Donnxruntime.native.path=/app/native", "-Djna.nosys=false", "-Djna.noclasspath=true", "-jar", "/app/dfdetect.jar"]
