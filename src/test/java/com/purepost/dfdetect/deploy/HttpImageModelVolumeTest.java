package com.purepost.dfdetect.deploy;

import com.purepost.dfdetect.support.ServiceClient;
import com.purepost.dfdetect.support.ServiceClient.Answer;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP image with a model volume that holds no model, as a user's first {@code docker run} may
 * have it: no stand-in unless stand-ins are allowed, and a read-only volume answered with a 503 that
 * says what to do, never a crash.
 */
@Tag("container")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class HttpImageModelVolumeTest {

    static void assertUnavailableSaying(ServiceClient client, String... reasons) {
        Answer health = client.get("/health");
        Answer predict = client.predict(TestImages.jpeg(64, 48));

        assertThat(health.status()).as(health.raw()).isEqualTo(503);
        assertThat(health.json().path("status").asString()).isEqualTo("unhealthy");
        assertThat(health.json().path("reason").asString()).contains(reasons);
        assertThat(predict.status()).as(predict.raw()).isEqualTo(503);
        assertThat(predict.json().path("success").asBoolean(true)).isFalse();
        assertThat(predict.json().has("predictions")).isFalse();
        assertThat(predict.json().path("error").asString()).contains(reasons);
    }

    @Test
    void answers503SayingNoTrainedModelIsInstalledAndWritesNoStandInByDefault() {
        Path volume = ModelVolumes.labelsOnly();
        try (HttpContainer service = HttpContainer.builder().modelVolume(volume, false).start("no-model")) {
            assertUnavailableSaying(service.client(), "no trained model is installed", "DFDETECT_MODEL_ALLOW_STAND_IN=true");

            Docker.Result check = DeploymentCheck.against(service.baseUrl());
            assertThat(check.exitCode()).as(check.output()).isEqualTo(1);
            assertThat(check.output()).contains("FAIL health: not healthy: no trained model is installed");
            assertThat(volume.resolve("ResNet18.onnx")).doesNotExist();
            assertThat(service.container().isRunning()).isTrue();
        } finally {
            ModelVolumes.delete(volume);
        }
    }

    @Test
    void writesAMarkedStandInIntoTheVolumeAndServesItWhenStandInsAreAllowed() {
        Path volume = ModelVolumes.labelsOnly();
        try (HttpContainer service = HttpContainer.builder().modelVolume(volume, false)
                .env("DFDETECT_MODEL_ALLOW_STAND_IN", "true").start("stand-in")) {
            Answer health = service.client().get("/health");
            Answer predict = service.client().predict(TestImages.jpeg(64, 48));

            assertThat(health.status()).as(health.raw()).isEqualTo(200);
            assertThat(health.json().path("stand_in").asBoolean()).isTrue();
            assertThat(predict.succeeded()).as(predict.raw()).isTrue();
            assertThat(predict.json().path("stand_in").asBoolean()).isTrue();
            assertThat(predict.json().path("warning").asString()).contains("stand-in");
            assertThat(volume.resolve("ResNet18.onnx")).as("written into the volume, where the user sees it").isNotEmptyFile();
        } finally {
            ModelVolumes.delete(volume);
        }
    }

    @Test
    void answers503WithWhatToDoWhenAStandInIsAllowedButTheVolumeIsReadOnly() {
        Path volume = ModelVolumes.labelsOnly();
        try (HttpContainer service = HttpContainer.builder().modelVolume(volume, true)
                .env("DFDETECT_MODEL_ALLOW_STAND_IN", "true").start("read-only")) {
            assertUnavailableSaying(service.client(), "cannot be written there", "Put the trained ResNet18.onnx into the model directory");

            assertThat(volume.resolve("ResNet18.onnx")).doesNotExist();
            assertThat(service.container().isRunning()).isTrue();
        } finally {
            ModelVolumes.delete(volume);
        }
    }

    @Test
    void answers503SayingNoTrainedModelIsInstalledWhenAReadOnlyVolumeHasNone() {
        Path volume = ModelVolumes.labelsOnly();
        try (HttpContainer service = HttpContainer.builder().modelVolume(volume, true).start("read-only-default")) {
            assertUnavailableSaying(service.client(), "no trained model is installed", "DFDETECT_MODEL_ALLOW_STAND_IN=true");

            assertThat(service.container().isRunning()).isTrue();
        } finally {
            ModelVolumes.delete(volume);
        }
    }
}
