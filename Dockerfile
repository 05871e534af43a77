# dfdetect images, from one build stage:
#
#   docker build -t dfdetect-lambda .               AWS Lambda container image (the default target, `lambda`)
#   docker build --target http -t dfdetect-http .   the local HTTP app on port 5555, for docker-compose
#
# `sam build` builds the `lambda` target (template.yaml, DockerBuildTarget). Written without
# BuildKit-only instructions so that the classic builder SAM may use reads it too.

ARG BUILD_IMAGE=public.ecr.aws/docker/library/maven:3.9-eclipse-temurin-21
ARG LAMBDA_IMAGE=public.ecr.aws/lambda/java:21
ARG HTTP_IMAGE=public.ecr.aws/amazoncorretto/amazoncorretto:21-al2023-headless

# ---------------------------------------------------------------------------------------------------
FROM ${BUILD_IMAGE} AS build
WORKDIR /src
# The dependencies change less often than the sources: resolved in a layer of their own, which
# rebuilds only when pom.xml changes.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src/ src/
# `package` builds target/dfdetect.jar (the HTTP app) and lays out target/lambda/, the Lambda task
# root: our classes, lib/ with every runtime jar, the manifest naming our Start-Class, and
# config/application.properties, which switches on Lambda mode. The tests need Pillow and native
# decoders this image lacks; they run in CI (tools/test.sh), not here.
RUN mvn -B -q package -DskipTests
# The model: whatever model/ holds (labels.txt; the trained ResNet18.onnx when it is there). With no
# .onnx file, stand-ins are written, random weights marked as such in the file: the service says so
# in every answer and on /health. Put the trained files into model/ before building to serve them.
COPY model/ model/
RUN if ls model/*.onnx >/dev/null 2>&1; then \
        echo "model/ holds: $(ls model)"; \
    else \
        java -cp "target/lambda:target/lambda/lib/*" com.purepost.dfdetect.model.standin.StandInModels model; \
    fi

# ---------------------------------------------------------------------------------------------------
# The local HTTP app: same OS family (Amazon Linux 2023) and same native decoders as the Lambda image.
FROM ${HTTP_IMAGE} AS http
# libturbojpeg.so.0 (TurboJPEG API) and libwebp.so.7 / libwebpdemux.so.2: the decoders Pillow uses,
# loaded by the Pillow-exact preprocessing. Checked here, so that a renamed package fails the build
# rather than the first WebP upload.
RUN dnf install -y libjpeg-turbo turbojpeg libwebp curl-minimal shadow-utils \
    && dnf clean all && rm -rf /var/cache/dnf \
    && ls /usr/lib64/libturbojpeg.so.0 /usr/lib64/libwebp.so.7 /usr/lib64/libwebpdemux.so.2 \
    && useradd --system --uid 10001 --home-dir /app dfdetect
WORKDIR /app
# Only the labels: the model directory is meant to be a volume (./model:/app/model). A model file
# missing from it is replaced by a stand-in at start, written into the volume.
COPY --from=build --chown=dfdetect /src/model/labels.txt /app/model/labels.txt
# Class data sharing (docs/performance.md#the-http-app: JVM start to first answer in 0.55 to 0.6 of the time):
# the jar extracted as Spring Boot documents it (CDS cannot map classes out of nested jars), then a
# training run that starts the context and exits, recording the classes it loaded into
# /app/dfdetect.jsa. It runs on this image's own JVM, as the archive must, with no model file and
# stand-ins off, so nothing is written into the model directory.
COPY --from=build /src/target/dfdetect.jar /tmp/dfdetect.jar
RUN java -Djarmode=tools -jar /tmp/dfdetect.jar extract --destination /app --force \
    && rm /tmp/dfdetect.jar \
    && java -XX:ArchiveClassesAtExit=/app/dfdetect.jsa -Dspring.context.exit=onRefresh \
        -Ddfdetect.model.dir=/tmp/no-model -Ddfdetect.model.stand-in-when-missing=false \
        -jar /app/dfdetect.jar --server.port=0 \
    && ls -l /app/dfdetect.jsa
USER dfdetect
ENV DFDETECT_MODEL_DIR=/app/model
VOLUME ["/app/model"]
EXPOSE 5555
# PurePost's own health task looks only at the status: 200 healthy, 503 not. The start period covers
# the JVM start and, on a fresh volume, writing the stand-ins.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS -o /dev/null http://127.0.0.1:5555/health || exit 1
# A JVM that cannot map the archive (another JVM build) warns and starts without it.
ENTRYPOINT ["java", "-XX:SharedArchiveFile=/app/dfdetect.jsa", "-jar", "/app/dfdetect.jar"]

# ---------------------------------------------------------------------------------------------------
# AWS Lambda. Last, so that it is the default target.
FROM ${LAMBDA_IMAGE} AS lambda
# The same decoders as above. The Lambda base images are Amazon Linux 2023 minimal, with microdnf
# answering as dnf.
RUN dnf install -y libjpeg-turbo turbojpeg libwebp \
    && dnf clean all && rm -rf /var/cache/dnf \
    && ls /usr/lib64/libturbojpeg.so.0 /usr/lib64/libwebp.so.7 /usr/lib64/libwebpdemux.so.2
# The task root exactly as `mvn package` laid it out in target/lambda/; the runtime client adds it
# and lib/*.jar to its class path, and Spring Boot reads config/ from it (the working directory).
COPY --from=build /src/target/lambda/ ${LAMBDA_TASK_ROOT}/
# /var/task is read-only at run time: the model is served from here as built, or downloaded into
# /tmp at start when DFDETECT_MODEL_URI names an s3:// object. A missing file must fail /health, not
# be replaced by a stand-in nobody asked for.
COPY --from=build /src/model/ ${LAMBDA_TASK_ROOT}/model/
ENV DFDETECT_MODEL_STAND_IN_WHEN_MISSING=false
# Class data sharing, trained here: the runtime starts once as Lambda starts it, with
# -XX:ArchiveClassesAtExit; Spring exits as soon as its context is refreshed, before the runtime
# client calls the Runtime API (the address given leads nowhere), and the JVM writes what it loaded,
# the classes the runtime client's own loader read from the task root included, into the archive.
# The same steps, run locally through the runtime client, cut the time to the first answer (see
# docs/performance.md#the-lambda-handler-through-the-real-runtime-interface-client). Should this
# step fail, the image still works: a JVM given a missing archive starts without it.
RUN cd ${LAMBDA_TASK_ROOT} && AWS_LAMBDA_RUNTIME_API=127.0.0.1:9 \
    JAVA_TOOL_OPTIONS="-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:ArchiveClassesAtExit=${LAMBDA_TASK_ROOT}/dfdetect.jsa -Dspring.context.exit=onRefresh" \
    /lambda-entrypoint.sh org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest \
    && ls -l ${LAMBDA_TASK_ROOT}/dfdetect.jsa \
    || echo "No class data sharing archive: the function starts without one"
# Cold start, measured through the runtime client (docs/performance.md#cold-start): C1 only (no C2
# compiler threads competing with start-up for the function's vCPUs), the serial collector (no G1
# set-up, and a heap this size needs no concurrent collector) and the archive made above: 0.65 of
# the default's time to the first predict; warm predictions showed no steady cost (docs/performance.md#cold-start).
ENV JAVA_TOOL_OPTIONS="-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:SharedArchiveFile=/var/task/dfdetect.jsa"
CMD ["org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest"]
