package com.purepost.dfdetect.shipped;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * target/bom.json, the CycloneDX SBOM the build writes at {@code package}: it names what ships, each
 * component with its version and package URL, and nothing that does not.
 */
class SoftwareBillOfMaterialsIT {

    private static JsonNode bom;
    private static List<JsonNode> components;

    @BeforeAll
    static void readTheSbom() {
        // The CycloneDX plugin declares that it needs online mode and skips itself under mvn -o.
        assumeFalse("offline:true".equals(System.getProperty("dfdetect.maven-offline")), "mvn -o writes no SBOM");
        bom = JsonMapper.builder().build().readTree(BuiltArtifacts.require(BuiltArtifacts.SBOM).toFile());
        components = StreamSupport.stream(bom.path("components").spliterator(), false).toList();
    }

    @Test
    void isACycloneDxDocumentAboutThisService() {
        assertThat(bom.path("bomFormat").asString()).isEqualTo("CycloneDX");
        assertThat(bom.path("specVersion").asString()).isNotBlank();
        assertThat(bom.path("metadata").path("component").path("name").asString()).isEqualTo("dfdetect");
    }

    @Test
    void namesTheInferenceAndFunctionLibrariesWithTheirVersions() {
        Map<String, String> versions = components.stream().collect(
                Collectors.toMap(c -> c.path("group").asString() + ":" + c.path("name").asString(), c -> c.path("version").asString()));

        assertThat(versions).containsEntry("com.microsoft.onnxruntime:onnxruntime", "1.28.0")
                .containsEntry("org.springframework.cloud:spring-cloud-function-web", "5.0.5")
                .containsEntry("org.springframework.cloud:spring-cloud-function-adapter-aws", "5.0.5")
                .containsKey("com.amazonaws:aws-lambda-java-runtime-interface-client")
                .containsKey("net.java.dev.jna:jna");
        assertThat(components).allSatisfy(c -> {
            assertThat(c.path("version").asString()).as(c.path("name").asString()).isNotBlank();
            assertThat(c.path("purl").asString()).startsWith("pkg:maven/");
        });
    }

    @Test
    void listsNoTestLibrary() {
        assertThat(components).map(c -> c.path("name").asString()).doesNotContain("spring-test", "spring-boot-test",
                "spring-boot-webtestclient", "spring-boot-starter-test", "junit-jupiter-api", "assertj-core", "s3proxy",
                "jazzer-junit", "jmh-core");
    }

    @Test
    void listsEveryJarTheFatJarNests() {
        List<String> listed = components.stream().map(SoftwareBillOfMaterialsIT::jarFileName).toList();
        List<String> nested = ShippedJar.nestedIn(BuiltArtifacts.require(BuiltArtifacts.FAT_JAR)).stream()
                .map(ShippedJar::fileName)
                // Spring Boot's plugin adds its own jar-mode tools (jar extraction), not a dependency.
                .filter(name -> !name.startsWith("spring-boot-jarmode-tools-")).toList();

        assertThat(listed).containsAll(nested);
    }

    /** The file name Maven gives the component's jar: name-version[-classifier].jar. */
    private static String jarFileName(JsonNode component) {
        String purl = component.path("purl").asString();
        String classifier = purl.replaceFirst(".*[?&]classifier=([^&]+).*", "$1");
        return component.path("name").asString() + "-" + component.path("version").asString()
                + (classifier.equals(purl) ? "" : "-" + classifier) + ".jar";
    }
}
