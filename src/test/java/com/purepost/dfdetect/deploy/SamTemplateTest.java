package com.purepost.dfdetect.deploy;

import com.purepost.dfdetect.config.DfdetectProperties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** template.yaml holds what the function needs to be built, invoked, allowed and watched. */
class SamTemplateTest {

    static Map<String, Object> template;
    static Map<String, Object> function;
    static Map<String, Object> properties;

    @BeforeAll
    static void readTheTemplate() throws Exception {
        template = CloudFormationYaml.read(Path.of("template.yaml"));
        function = map(resources().get("DetectFunction"));
        properties = map(function.get("Properties"));
    }

    @Test
    void isASamTemplate() {
        assertThat(template.get("Transform")).isEqualTo("AWS::Serverless-2016-10-31");
        assertThat(function.get("Type")).isEqualTo("AWS::Serverless::Function");
    }

    @Test
    void buildsTheFunctionAsAnImageFromTheDockerfilesLambdaTarget() throws Exception {
        Map<String, Object> metadata = map(function.get("Metadata"));

        assertThat(properties.get("PackageType")).isEqualTo("Image");
        assertThat(properties).doesNotContainKeys("Handler", "Runtime", "CodeUri");
        assertThat(metadata).containsKeys("DockerTag", "DockerContext", "Dockerfile", "DockerBuildTarget");
        Path dockerfile = Path.of(String.valueOf(metadata.get("DockerContext"))).resolve(String.valueOf(metadata.get("Dockerfile")));
        String text = Files.readString(dockerfile);
        assertThat(text).containsPattern("(?m)^FROM \\S+ AS " + Pattern.quote(String.valueOf(metadata.get("DockerBuildTarget"))) + "$");
        assertThat(text).contains("CMD [\"org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest\"]");
        assertThat(text).containsPattern("(?m)^FROM \\S+ AS http$");
    }

    @Test
    void routesPostPredictAndGetHealthThroughAnApiThatKeepsBinaryBodies() {
        Map<String, Object> events = map(properties.get("Events"));
        Map<String, Object> predict = map(map(events.get("Predict")).get("Properties"));
        Map<String, Object> health = map(map(events.get("Health")).get("Properties"));
        Map<String, Object> api = map(resources().get("Api"));

        assertThat(map(events.get("Predict")).get("Type")).isEqualTo("Api");
        assertThat(predict).containsEntry("Path", "/predict").containsEntry("Method", "post");
        assertThat(health).containsEntry("Path", "/health").containsEntry("Method", "get");
        assertThat(predict.get("RestApiId")).isEqualTo(Map.of("Ref", "Api"));
        assertThat(api.get("Type")).isEqualTo("AWS::Serverless::Api");
        assertThat(list(map(api.get("Properties")).get("BinaryMediaTypes"))).contains("multipart~1form-data", "image~1*");
    }

    @Test
    void scoresUploadsUnderAPrefixThatTheResultsPrefixIsOutsideOf() {
        Map<String, Object> upload = map(map(properties.get("Events")).get("Upload"));
        Map<String, Object> uploadProperties = map(upload.get("Properties"));
        Map<String, Object> rule = map(list(map(map(uploadProperties.get("Filter")).get("S3Key")).get("Rules")).get(0));
        String uploadPrefix = parameterDefault("UploadPrefix");
        String resultsPrefix = parameterDefault("ResultsPrefix");

        assertThat(upload.get("Type")).isEqualTo("S3");
        assertThat(uploadProperties.get("Bucket")).isEqualTo(Map.of("Ref", "UploadsBucket"));
        assertThat(String.valueOf(uploadProperties.get("Events"))).contains("s3:ObjectCreated:");
        assertThat(rule).containsEntry("Name", "prefix").containsEntry("Value", Map.of("Ref", "UploadPrefix"));
        assertThat(resultsPrefix).doesNotStartWith(uploadPrefix);
        assertThat(uploadPrefix).doesNotStartWith(resultsPrefix);
        assertThat(resultsPrefix).as("the service's own default").isEqualTo("dfdetect-results/");
        assertThat(map(map(properties.get("Environment")).get("Variables")).get("DFDETECT_RESULTS_PREFIX"))
                .isEqualTo(Map.of("Ref", "ResultsPrefix"));
    }

    @Test
    void mayReadOnlyUploadsAndWriteOnlyResults() {
        List<Map<String, Object>> statements = new ArrayList<>();
        collectStatements(properties.get("Policies"), statements);
        String policies = String.valueOf(properties.get("Policies"));

        assertThat(statements).isNotEmpty();
        for (Map<String, Object> statement : statements) {
            List<Object> actions = list(statement.get("Action"));
            assertThat(actions).allSatisfy(action -> assertThat(String.valueOf(action)).doesNotContain("*"));
            assertThat(statement.get("Effect")).isEqualTo("Allow");
            if (actions.contains("s3:GetObject") && !"ReadModel".equals(statement.get("Sid"))) {
                assertThat(String.valueOf(statement.get("Resource"))).endsWith("/${UploadPrefix}*}");
            }
            if (actions.contains("s3:PutObject")) {
                assertThat(String.valueOf(statement.get("Resource"))).endsWith("/${ResultsPrefix}*}");
            }
        }
        assertThat(statements).anySatisfy(statement -> assertThat(list(statement.get("Action"))).contains("s3:PutObject"));
        assertThat(policies).doesNotContain("FullAccess").doesNotContain("S3CrudPolicy").doesNotContain("s3:*");
        assertThat(String.valueOf(map(map(resources().get("UploadsBucket")).get("Properties")).get("BucketName")))
                .as("the policies spell the bucket's ARN from its name").isEqualTo("{Fn::Sub=${AWS::StackName}-uploads-${AWS::AccountId}}");
    }

    @Test
    void sendsS3InvocationsThatStillFailAfterRetriesToAQueue() {
        Map<String, Object> config = map(properties.get("EventInvokeConfig"));
        Map<String, Object> onFailure = map(map(config.get("DestinationConfig")).get("OnFailure"));

        assertThat(onFailure).containsEntry("Type", "SQS");
        assertThat(onFailure.get("Destination")).isEqualTo(Map.of("Fn::GetAtt", "FailedUploadsQueue.Arn"));
        assertThat(map(resources().get("FailedUploadsQueue")).get("Type")).isEqualTo("AWS::SQS::Queue");
        assertThat((Integer) config.get("MaximumRetryAttempts")).isBetween(1, 2);
    }

    @Test
    void mayListTheUploadsBucketSoThatAVanishedUploadReadsAs404NotAs403() {
        List<Map<String, Object>> statements = new ArrayList<>();
        collectStatements(properties.get("Policies"), statements);

        assertThat(statements).anySatisfy(statement -> {
            assertThat(list(statement.get("Action"))).containsExactly("s3:ListBucket");
            assertThat(String.valueOf(statement.get("Resource"))).as("the bucket itself, not its objects")
                    .endsWith("-uploads-${AWS::AccountId}}");
        });
    }

    @Test
    void givesUpOnAnUploadsS3CallsWellBeforeTheFunctionTimesOut() {
        DfdetectProperties.S3 s3 = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("dfdetect", DfdetectProperties.class).s3();
        Duration timeout = Duration.ofSeconds((Integer) properties.get("Timeout"));
        // An upload costs a get and a put at their worst, plus scoring one image (well under a second).
        Duration worstUpload = s3.callTimeout().multipliedBy(2).plusSeconds(10);

        assertThat(worstUpload).isLessThan(timeout);
        assertThat(s3.attemptTimeout()).as("room for a retry after an attempt that timed out").isLessThan(s3.callTimeout());
        assertThat(s3.readTimeout()).as("a stalled connection is dropped within an attempt").isLessThan(s3.attemptTimeout());
        assertThat(s3.modelDownloadTimeout()).isLessThan(timeout);
        assertThat(s3.maxAttempts()).isBetween(2, 5);
    }

    @Test
    void givesTheFunctionTwoVcpusTimeBeyondApiGatewaysAndOneArchitecture() {
        // Lambda allots one vCPU per 1,769 MB; above that the function sees two cores.
        assertThat((Integer) properties.get("MemorySize")).isGreaterThan(1769);
        assertThat((Integer) properties.get("Timeout")).isBetween(30, 900);
        assertThat(list(properties.get("Architectures"))).hasSize(1);
    }

    @Test
    void downloadsTheModelOnlyWhenAUriIsGiven() {
        Object modelUri = map(map(properties.get("Environment")).get("Variables")).get("DFDETECT_MODEL_URI");

        assertThat(modelUri).isEqualTo(Map.of("Fn::If", List.of("HasModelUri", Map.of("Ref", "ModelUri"),
                Map.of("Ref", "AWS::NoValue"))));
        assertThat(map(template.get("Conditions"))).containsKey("HasModelUri");
    }

    @Test
    void outputsTheApiUrlAndTheUploadBucket() {
        Map<String, Object> outputs = map(template.get("Outputs"));

        assertThat(String.valueOf(map(outputs.get("ApiUrl")).get("Value"))).contains("${Api}.execute-api.").contains("/Prod");
        assertThat(String.valueOf(map(outputs.get("PredictUrl")).get("Value"))).endsWith("/Prod/predict}");
        assertThat(map(outputs.get("UploadsBucketName")).get("Value")).isEqualTo(Map.of("Ref", "UploadsBucket"));
    }

    private static void collectStatements(Object node, List<Map<String, Object>> statements) {
        if (node instanceof Map<?, ?> map) {
            if (map.containsKey("Effect") && map.containsKey("Action")) {
                statements.add(map(map));
            }
            map.values().forEach(value -> collectStatements(value, statements));
        } else if (node instanceof List<?> items) {
            items.forEach(item -> collectStatements(item, statements));
        }
    }

    private static String parameterDefault(String name) {
        return String.valueOf(map(map(template.get("Parameters")).get(name)).get("Default"));
    }

    private static Map<String, Object> resources() {
        return map(template.get("Resources"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Object>) value;
    }
}
