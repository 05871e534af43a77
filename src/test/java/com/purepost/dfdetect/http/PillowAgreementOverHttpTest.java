package com.purepost.dfdetect.http;

import com.purepost.dfdetect.model.LinearProbeModel;
import com.purepost.dfdetect.support.ModelDirectories;
import com.purepost.dfdetect.support.PillowProbeScores;
import com.purepost.dfdetect.support.ServiceClient;
import com.purepost.dfdetect.support.ServiceClient.Answer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static com.purepost.dfdetect.support.PillowProbeScores.scoreOf;

/**
 * End to end through the HTTP app: with a model whose logits are a fixed linear function of its input,
 * the probabilities we serve equal, to 1e-5, what numpy computes from Pillow's own preprocessing of
 * the same upload. Any difference in decoding, conversion, resizing or normalisation would show here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PillowAgreementOverHttpTest {

    private static final Path MODEL_DIR = ModelDirectories.withLabelsOnly();

    @DynamicPropertySource
    static void linearProbeModel(DynamicPropertyRegistry registry) throws IOException {
        LinearProbeModel.write(MODEL_DIR.resolve("ResNet18.onnx"), 5);
        registry.add("dfdetect.model.dir", MODEL_DIR::toString);
        registry.add("dfdetect.cache.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Test
    void servedProbabilitiesEqualNumpysOnPillowsTensorForEveryFormat() {
        Map<String, byte[]> uploads = PillowProbeScores.uploadsInEveryFormat();
        Map<String, double[]> numpy = PillowProbeScores.numpyProbabilities(MODEL_DIR.resolve("ResNet18.onnx"), uploads);

        ServiceClient client = new ServiceClient(port);
        for (Map.Entry<String, byte[]> upload : uploads.entrySet()) {
            Answer answer = client.predict(upload.getValue());
            assertThat(answer.succeeded()).as(upload.getKey() + ": " + answer.raw()).isTrue();
            double[] expected = numpy.get(upload.getKey());
            assertThat(scoreOf(answer.json(), "real")).as(upload.getKey() + " real").isCloseTo(expected[0], within(1e-5));
            assertThat(scoreOf(answer.json(), "deepfake")).as(upload.getKey() + " deepfake").isCloseTo(expected[1], within(1e-5));
        }
    }
}
