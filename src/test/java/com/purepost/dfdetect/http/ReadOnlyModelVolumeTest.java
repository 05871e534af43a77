package com.purepost.dfdetect.http;

import com.purepost.dfdetect.support.AppJvm;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.ServiceClient;
import com.purepost.dfdetect.support.ServiceClient.Answer;
import com.purepost.dfdetect.support.TestImages;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A model volume mounted read-only ({@code docker run -v models:/app/model:ro}) holding the labels but no
 * model: with stand-ins allowed, the stand-in cannot be written, and the app answers 503 with what to do
 * instead of crashing. The app runs in a mount namespace of its own ({@code unshare}) where its model
 * directory is a read-only bind mount: writes fail with EROFS for root as well, which file permissions
 * would not do. Where user namespaces are not available the test is skipped;
 * {@code StandInPolicyTest} covers the same answer with a directory that cannot be created.
 */
class ReadOnlyModelVolumeTest {

    /** Binds the directory ($0) read-only over itself, then runs the app's command line. */
    private static final String READ_ONLY_BIND = "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" && exec \"$@\"";

    static List<String> readOnly(Path dir) {
        return List.of("unshare", "--map-root-user", "--mount", "sh", "-c", READ_ONLY_BIND, dir.toString());
    }

    /** Whether a read-only bind can be made here, and really refuses a write. */
    static boolean readOnlyBindsWork(Path dir) {
        try {
            List<String> probe = new ArrayList<>(readOnly(dir));
            probe.addAll(List.of("sh", "-c", "! touch \"$0/probe\"", dir.toString()));
            Process process = new ProcessBuilder(probe).redirectErrorStream(true).start();
            process.getInputStream().transferTo(OutputStream.nullOutputStream());
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0
                    && !dir.resolve("probe").toFile().exists();
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void answers503WithWhatToDoWhenTheStandInCannotBeWrittenIntoAReadOnlyVolume() {
        Path volume = ModelDirectories.withLabelsOnly();
        assumeTrue(readOnlyBindsWork(volume), "unshare cannot make a read-only bind mount here");

        try (AppJvm app = AppJvm.start(readOnly(volume), List.of("-Xmx512m"), List.of("--dfdetect.model.dir=" + volume))) {
            ServiceClient client = new ServiceClient(app.port());
            Answer health = client.get("/health");
            Answer predict = client.predict(TestImages.jpeg(64, 64));

            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("labels")).hasSize(2);
            assertThat(health.json().get("reason").asString())
                    .contains("a stand-in cannot be written there (Read-only file system)")
                    .contains("Put the trained ResNet18.onnx into the model directory")
                    .contains("writable")
                    .doesNotContain(volume.toString());
            assertThat(predict.status()).isEqualTo(503);
            assertThat(predict.json().get("success").asBoolean(true)).isFalse();
            assertThat(app.isAlive()).isTrue();
            assertThat(volume.resolve("ResNet18.onnx")).doesNotExist();
        }
    }
}
