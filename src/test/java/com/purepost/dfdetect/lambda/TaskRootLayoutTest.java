package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.DfdetectApplication;
import com.purepost.dfdetect.lambda.runtime.LambdaEvents;
import com.purepost.dfdetect.lambda.runtime.LambdaJvm;
import com.purepost.dfdetect.lambda.runtime.ModelFolders;
import com.purepost.dfdetect.lambda.runtime.ProxyResponse;
import com.purepost.dfdetect.lambda.runtime.RuntimeApiStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * target/lambda/ is the image's /var/task: what the build lays out there, and that the runtime
 * client serves from it when it is the working directory, as Lambda runs it.
 */
class TaskRootLayoutTest {

    /** Our classes and resources, packed by the build; the image's entrypoint puts it first on the class path. */
    private static final String APPLICATION_JAR = "lib/dfdetect-lambda.jar";

    private final Path root = LambdaJvm.taskRoot();

    @Test
    void namesOurApplicationAsTheStartClassInTheManifestAtTheTaskRootAndInTheApplicationJar() throws Exception {
        try (InputStream in = Files.newInputStream(root.resolve("META-INF/MANIFEST.MF"));
             JarFile applicationJar = new JarFile(root.resolve(APPLICATION_JAR).toFile())) {
            Manifest manifest = new Manifest(in);

            assertThat(manifest.getMainAttributes().getValue("Start-Class")).isEqualTo(DfdetectApplication.class.getName());
            assertThat(applicationJar.getManifest().getMainAttributes().getValue("Start-Class"))
                    .isEqualTo(DfdetectApplication.class.getName());
        }
    }

    @Test
    void switchesOnLambdaModeFromTheTaskRootsConfigOnly() throws Exception {
        Properties lambdaMode = new Properties();
        try (InputStream in = Files.newInputStream(root.resolve("config/application.properties"))) {
            lambdaMode.load(in);
        }
        Properties lambdaProfile = new Properties();
        try (JarFile applicationJar = new JarFile(root.resolve(APPLICATION_JAR).toFile());
             InputStream in = applicationJar.getInputStream(applicationJar.getEntry("application-lambda.properties"))) {
            lambdaProfile.load(in);
        }

        assertThat(lambdaMode.getProperty("spring.profiles.include")).isEqualTo("lambda");
        assertThat(lambdaProfile.getProperty("spring.cloud.function.definition")).isEqualTo("lambdaEvent");
        assertThat(Path.of("target/classes/config/application.properties")).as("not in the HTTP app's jar").doesNotExist();
    }

    @Test
    void holdsOurClassesAsAJarAndEveryRuntimeJarButNoTestOnes() throws Exception {
        List<String> jars;
        try (Stream<Path> files = Files.list(root.resolve("lib"))) {
            jars = files.map(file -> file.getFileName().toString()).toList();
        }
        List<String> applicationEntries;
        try (JarFile applicationJar = new JarFile(root.resolve(APPLICATION_JAR).toFile())) {
            applicationEntries = applicationJar.stream().map(JarEntry::getName).toList();
        }

        assertThat(applicationEntries).contains("com/purepost/dfdetect/lambda/LambdaEventRouter.class")
                .doesNotContain("com/purepost/dfdetect/lambda/ApiGatewayThroughRuntimeClientTest.class");
        // An AOT cache (like class data sharing) holds classes from jars only: no exploded classes in the root.
        assertThat(root.resolve("com")).doesNotExist();
        assertThat(jars).anyMatch(jar -> jar.startsWith("aws-lambda-java-runtime-interface-client-"))
                .anyMatch(jar -> jar.startsWith("spring-cloud-function-adapter-aws-"))
                .anyMatch(jar -> jar.startsWith("onnxruntime-"))
                .anyMatch(jar -> jar.startsWith("s3-2."))
                .noneMatch(jar -> jar.startsWith("s3proxy") || jar.startsWith("junit") || jar.startsWith("assertj"));
    }

    @Test
    void servesFromTheTaskRootAsItsWorkingDirectoryAsInTheImage(@TempDir Path tmp) throws Exception {
        Path modelDir = ModelFolders.withStandIns(tmp, "model");
        try (RuntimeApiStub api = RuntimeApiStub.start();
             LambdaJvm lambda = LambdaJvm.builder(api).workingDirectory(root.toAbsolutePath())
                     .env("DFDETECT_MODEL_DIR", modelDir.toString()).start()) {
            ProxyResponse health = ProxyResponse.of(api.submit(LambdaEvents.restApi("GET", "/health", Map.of(), null))
                    .get(120, TimeUnit.SECONDS));

            assertThat(health.statusCode()).as(lambda.log()).isEqualTo(200);
            // Lambda mode logs JSON, where the profile's quotes arrive escaped.
            assertThat(lambda.log()).containsAnyOf("profile is active: \"lambda\"", "profile is active: \\\"lambda\\\"")
                    .contains("Located function: 'lambdaEvent'")
                    // the native decoders' versions are checked and logged at start in Lambda mode too
                    .contains("Native decoders: libwebp ");
        }
    }
}
