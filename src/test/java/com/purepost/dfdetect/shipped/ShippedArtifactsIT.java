package com.purepost.dfdetect.shipped;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What ships: the fat jar ({@code java -jar}, the HTTP image) and the Lambda task root hold no test
 * library and no native library for a platform the service never runs on; the trimming kept the
 * natives it does run on. Runs after {@code package} (failsafe), on the artifacts themselves.
 */
class ShippedArtifactsIT {

    /** Jar-name prefixes of test libraries, and of Netty's native jars (none of which the service runs). */
    private static final List<String> NOT_SHIPPED = List.of("spring-test-", "spring-boot-test-",
            "spring-boot-test-autoconfigure-", "spring-boot-webtestclient-", "spring-boot-starter-test-", "junit-",
            "assertj-", "mockito-", "hamcrest-", "s3proxy-", "jazzer-", "jmh-", "netty-codec-native-quic-",
            "netty-resolver-dns-native-macos-", "netty-transport-native-epoll-");
    /** The natives the service loads, per platform of ours: ONNX Runtime, JNA's dispatch, the runtime client. */
    private static final List<String> NEEDED_NATIVES = List.of("ai/onnxruntime/native/linux-x64/libonnxruntime.so",
            "ai/onnxruntime/native/linux-aarch64/libonnxruntime.so", "com/sun/jna/linux-x86-64/libjnidispatch.so",
            "com/sun/jna/linux-aarch64/libjnidispatch.so", "jni/libaws-lambda-jni.linux-x86_64.so",
            "jni/libaws-lambda-jni.linux-aarch_64.so");

    @Test
    void theFatJarHoldsNoTestLibrary() {
        assertHoldsNoTestLibrary(ShippedJar.nestedIn(BuiltArtifacts.require(BuiltArtifacts.FAT_JAR)));
    }

    @Test
    void theTaskRootHoldsNoTestLibrary() {
        assertHoldsNoTestLibrary(ShippedJar.in(BuiltArtifacts.require(BuiltArtifacts.TASK_ROOT_LIB)));
    }

    @Test
    void theFatJarCarriesNativesForLinuxX86AndArmOnly() {
        assertCarriesOurNativesOnly(ShippedJar.nestedIn(BuiltArtifacts.require(BuiltArtifacts.FAT_JAR)));
    }

    @Test
    void theTaskRootCarriesNativesForLinuxX86AndArmOnly() {
        assertCarriesOurNativesOnly(ShippedJar.in(BuiltArtifacts.require(BuiltArtifacts.TASK_ROOT_LIB)));
    }

    @Test
    void theFatJarNestsEveryJarStoredAsSpringBootsLoaderRequires() throws IOException {
        Path fatJar = BuiltArtifacts.require(BuiltArtifacts.FAT_JAR);
        try (ZipFile zip = new ZipFile(fatJar.toFile())) {
            List<String> deflated = zip.stream().filter(ShippedJar::isNestedLibrary)
                    .filter(entry -> entry.getMethod() != ZipEntry.STORED).map(ZipEntry::getName).toList();

            assertThat(deflated).as("nested jars the rewrite compressed").isEmpty();
        }
    }

    private static void assertHoldsNoTestLibrary(List<ShippedJar> jars) {
        assertThat(jars).as("jars").isNotEmpty();
        assertThat(jars).map(ShippedJar::fileName).noneMatch(name -> NOT_SHIPPED.stream().anyMatch(name::startsWith));
    }

    private static void assertCarriesOurNativesOnly(List<ShippedJar> jars) {
        List<NativeLibraryEntry> natives = jars.stream().flatMap(jar -> jar.nativeLibraries().stream()).toList();

        assertThat(natives).filteredOn(entry -> !entry.isForOurPlatforms()).as("foreign natives").isEmpty();
        assertThat(natives).map(NativeLibraryEntry::path).containsAll(NEEDED_NATIVES);
    }
}
