package com.purepost.dfdetect.deploy;

import com.purepost.dfdetect.support.AppJvm;
import com.purepost.dfdetect.support.ModelDirectories;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment check passes against the app as {@code java -jar} runs it (stand-ins allowed there, as
 * they are by default), and fails, saying why, when the app cannot serve.
 */
class DeploymentCheckAgainstTheAppTest {

    @Test
    void passesEveryCheckAgainstTheAppAsJavaJarRunsIt() {
        try (AppJvm app = AppJvm.start(List.of("-Xmx512m"), List.of("--dfdetect.model.dir=" + ModelDirectories.withLabelsOnly()))) {
            Docker.Result check = DeploymentCheck.against("http://127.0.0.1:" + app.port() + "/");

            assertThat(check.exitCode()).as(check.output()).isZero();
            List<String> lines = check.output().lines().toList();
            for (int i = 0; i < DeploymentCheck.CHECKS.size(); i++) {
                assertThat(lines.get(i)).startsWith("ok   " + DeploymentCheck.CHECKS.get(i) + ": ");
            }
            assertThat(lines.get(1)).contains("STAND-IN");
            assertThat(lines.get(6)).startsWith("ok   refuse a text file: 415 ");
            assertThat(lines).last().asString().startsWith("all checks passed");
        }
    }

    @Test
    void failsEveryCheckAndSaysWhyWhenTheAppHasNoModelToServe() {
        try (AppJvm app = AppJvm.start(List.of("-Xmx512m"), List.of("--dfdetect.model.dir=" + ModelDirectories.withLabelsOnly(),
                "--dfdetect.model.stand-in-when-missing=false"))) {
            Docker.Result check = DeploymentCheck.against("http://127.0.0.1:" + app.port());

            assertThat(check.exitCode()).as(check.output()).isEqualTo(1);
            assertThat(check.output()).contains("FAIL health: not healthy: ")
                    .contains("FAIL predict jpg: not scored: ")
                    .contains("FAIL refuse a text file: expected a 4xx refusal (status 503")
                    .contains("7 check(s) failed");
        }
    }

    @Test
    void failsEveryCheckWhenNothingAnswers() {
        Docker.Result check = DeploymentCheck.against("http://127.0.0.1:9");

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.output()).contains("FAIL health: no answer").contains("7 check(s) failed");
    }
}
