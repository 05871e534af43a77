package com.purepost.dfdetect.deploy;

import com.purepost.dfdetect.support.LoadDriver;
import com.purepost.dfdetect.support.LoadReports;
import com.purepost.dfdetect.support.LoadSummary;
import com.purepost.dfdetect.support.ProjectFiles;
import com.purepost.dfdetect.support.TrafficMix;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.yaml.snakeyaml.Yaml;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * compose.yaml as PurePost runs it: docker-compose reads it, {@code up} reaches healthy with PurePost's
 * own health check, the container runs with the file's limits and hardening, and within those limits
 * (one CPU, 2 GB) it answers every request of a realistic mix, 12 MP photos among them, at concurrency
 * 32 for a minute, without being killed for memory. A stand-in (a ResNet18 with random weights: the
 * trained model's cost) serves, allowed through the file's own setting; the result cache is off, so
 * that each request is decoded and scored.
 */
@Tag("container")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeTest {

    private static final Duration HEALTHY_WITHIN = Duration.ofMinutes(3);
    private static final int CONCURRENCY = 32;
    private static final Duration LOAD = Duration.ofSeconds(60);

    static ComposeProject project;
    static Container service;

    @BeforeAll
    static void bringItUp() {
        // The result cache would answer the mix's repeated images without decoding them again: off, so that
        // every request of the load run costs what a new upload costs.
        project = ComposeProject.create(true, Map.of("DFDETECT_CACHE_ENABLED", "false"));
        service = project.up();
    }

    @AfterAll
    static void takeItDown() {
        if (project != null) {
            project.close();
        }
    }

    @Test
    @Order(0)
    @SuppressWarnings("unchecked")
    void parsesWithDockerComposeIntoTheHardenedLoopbackOnlyService() {
        Docker.Result config = Docker.run(List.of("docker-compose", "-f", "compose.yaml", "config"), Map.of(),
                ProjectFiles.projectDir(), Duration.ofMinutes(1));
        assertThat(config.exitCode()).as(config.output()).isZero();
        Map<String, Object> dfdetect = (Map<String, Object>) ((Map<String, Object>) new Yaml().<Map<String, Object>>load(config.output())
                .get("services")).get("dfdetect");

        assertThat((Map<String, Object>) dfdetect.get("build")).doesNotContainKey("target");
        assertThat(dfdetect.get("image")).isEqualTo("dfdetect-service");
        assertThat((List<String>) dfdetect.get("ports")).containsExactly("127.0.0.1:5555:5555/tcp");
        assertThat(dfdetect.get("read_only")).isEqualTo(true);
        assertThat((List<String>) dfdetect.get("tmpfs")).singleElement().asString().startsWith("/tmp:").contains("noexec");
        assertThat((List<String>) dfdetect.get("cap_drop")).containsExactly("ALL");
        assertThat((List<String>) dfdetect.get("security_opt")).containsExactly("no-new-privileges:true");
        assertThat(dfdetect.get("pids_limit")).isInstanceOf(Integer.class);
        assertThat((List<String>) ((Map<String, Object>) dfdetect.get("healthcheck")).get("test"))
                .containsExactly("CMD", "curl", "-f", "http://localhost:5555/health");
        Map<String, Object> environment = (Map<String, Object>) dfdetect.get("environment");
        assertThat(environment.get("JAVA_TOOL_OPTIONS").toString()).contains("-XX:+ExitOnOutOfMemoryError");
        assertThat(environment.get("DFDETECT_MODEL_ALLOW_STAND_IN")).isEqualTo("false");
        assertThat(dfdetect.get("stop_grace_period").toString()).isEqualTo("40s");
    }

    @Test
    @Order(1)
    void reachesHealthyWithPurePostsHealthCheck() throws InterruptedException {
        long deadline = System.nanoTime() + HEALTHY_WITHIN.toNanos();
        String health = "";
        while (System.nanoTime() < deadline && !health.equals("healthy")) {
            assertThat(service.isRunning()).as(service.logs()).isTrue();
            health = service.inspect("{{.State.Health.Status}}");
            Thread.sleep(1000);
        }

        assertThat(health).as("health after " + HEALTHY_WITHIN + ":\n" + service.logs()).isEqualTo("healthy");
    }

    @Test
    @Order(2)
    void runsWithTheFilesLimitsAndHardening() {
        assertThat(service.inspect("{{.HostConfig.NanoCpus}}")).isEqualTo("1000000000");
        assertThat(service.inspect("{{.HostConfig.Memory}}")).isEqualTo(Long.toString(2L * 1024 * 1024 * 1024));
        assertThat(service.inspect("{{.HostConfig.ReadonlyRootfs}}")).isEqualTo("true");
        assertThat(service.inspect("{{.HostConfig.CapDrop}}")).isEqualTo("[ALL]");
        assertThat(service.inspect("{{.HostConfig.SecurityOpt}}")).isEqualTo("[no-new-privileges:true]");
        assertThat(service.inspect("{{.HostConfig.PidsLimit}}")).isEqualTo("512");
        assertThat(service.inspect("{{range $p, $b := .HostConfig.PortBindings}}{{range $b}}{{.HostIp}} {{end}}{{end}}"))
                .isEqualTo("127.0.0.1");
        assertThat(service.publishedPort(5555)).isEqualTo(project.port());
        assertThat(Docker.docker(Duration.ofSeconds(30), "exec", service.name(), "id", "-u")).isNotEqualTo("0");
    }

    @Test
    @Order(3)
    void answersEveryRequestOfARealisticMixAtConcurrency32ForAMinuteWithoutAnOutOfMemoryKill() throws Exception {
        LoadSummary summary = LoadDriver.run(project.port(), CONCURRENCY, TrafficMix.uploads(), 0, Long.MAX_VALUE, LOAD);
        LoadReports.record("compose-container", summary.report("compose.yaml's container (1 CPU, 2 GB), realistic mix")
                + "; container memory peak " + peakMemory());

        assertThat(summary.unexpected()).as(summary.firstUnexpected(5)).isEmpty();
        assertThat(summary.statuses()).containsOnlyKeys(200);
        assertThat(summary.outcomes().stream().filter(o -> o.entry().name().contains("12 MP")).count())
                .as("12 MP photos among the requests").isPositive();
        assertThat(service.oomKilled()).isFalse();
        assertThat(service.isRunning()).isTrue();
        assertThat(service.inspect("{{.RestartCount}}")).isEqualTo("0");
    }

    @Test
    @Order(4)
    void passesTheDeploymentCheckWithTheStandInItWroteIntoTheVolume() {
        Docker.Result check = DeploymentCheck.against("http://127.0.0.1:" + project.port());

        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("STAND-IN");
        assertThat(project.modelDir().resolve("ResNet18.onnx")).isNotEmptyFile();
    }

    /** The container's peak memory as its cgroup counted it (v1, or v2's memory.peak where the kernel has it). */
    private static String peakMemory() {
        Docker.Result peak = Docker.tryDocker(Duration.ofSeconds(30), "exec", service.name(), "sh", "-c",
                "cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.peak");
        try {
            return String.format(java.util.Locale.ROOT, "%.0f MB", Long.parseLong(peak.output().strip()) / 1e6);
        } catch (NumberFormatException unknown) {
            return "unknown";
        }
    }
}
