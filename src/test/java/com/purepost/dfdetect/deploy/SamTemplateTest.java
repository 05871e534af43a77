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
    void isASamTemplateWhoseConditionalAuthIsResolvedBeforeSamReadsIt() {
        assertThat(list(template.get("Transform"))).containsExactly("AWS::LanguageExtensions", "AWS::Serverless-2016-10-31");
        assertThat(function.get("Type")).isEqualTo("AWS::Serverless::Function");
    }

    @Test
    void requiresAnApiKeyByDefaultOrSigV4OrNothingOnlyWhenAskedFor() {
        Map<String, Object> apiAuth = parameter("ApiAuth");
        Map<String, Object> conditions = map(template.get("Conditions"));

        assertThat(apiAuth.get("Default")).isEqualTo("API_KEY");
        assertThat(list(apiAuth.get("AllowedValues"))).containsExactlyInAnyOrder("API_KEY", "AWS_IAM", "NONE");
        assertThat(conditions.get("UseApiKey")).isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "ApiAuth"), "API_KEY")));
        assertThat(conditions.get("UseIam")).isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "ApiAuth"), "AWS_IAM")));
        // API_KEY: the key on every route; AWS_IAM: SigV4 on every route; NONE: no Auth at all.
        assertThat(apiProperties().get("Auth")).isEqualTo(Map.of("Fn::If", List.of("UseApiKey",
                Map.of("ApiKeyRequired", true),
                Map.of("Fn::If", List.of("UseIam", Map.of("DefaultAuthorizer", "AWS_IAM"), Map.of("Ref", "AWS::NoValue"))))));
        assertThat(map(events().get("Predict")).get("Properties")).isInstanceOf(Map.class);
        assertThat(map(map(events().get("Predict")).get("Properties"))).doesNotContainKey("Auth");
        assertThat(map(map(events().get("Health")).get("Properties"))).as("health is behind the key too").doesNotContainKey("Auth");
    }

    @Test
    void createsTheKeyAndAUsagePlanWithThrottleAndQuotaFromParametersForTheApisStage() {
        Map<String, Object> key = resource("ApiKey");
        Map<String, Object> plan = resource("ApiUsagePlan");
        Map<String, Object> planKey = resource("ApiUsagePlanKey");
        Map<String, Object> planProperties = map(plan.get("Properties"));

        for (Map<String, Object> resource : List.of(key, plan, planKey)) {
            assertThat(resource.get("Condition")).isEqualTo("UseApiKey");
        }
        assertThat(key.get("Type")).isEqualTo("AWS::ApiGateway::ApiKey");
        assertThat(map(key.get("Properties")).get("Enabled")).isEqualTo(true);
        assertThat(plan.get("Type")).isEqualTo("AWS::ApiGateway::UsagePlan");
        assertThat(map(list(planProperties.get("ApiStages")).get(0)))
                .containsEntry("ApiId", Map.of("Ref", "Api")).containsEntry("Stage", Map.of("Ref", "Api.Stage"));
        assertThat(map(planProperties.get("Throttle"))).containsEntry("RateLimit", Map.of("Ref", "ThrottleRateLimit"))
                .containsEntry("BurstLimit", Map.of("Ref", "ThrottleBurstLimit"));
        assertThat(map(planProperties.get("Quota"))).containsEntry("Limit", Map.of("Ref", "QuotaLimit"))
                .containsEntry("Period", Map.of("Ref", "QuotaPeriod"));
        assertThat(map(planKey.get("Properties"))).containsEntry("KeyId", Map.of("Ref", "ApiKey"))
                .containsEntry("UsagePlanId", Map.of("Ref", "ApiUsagePlan")).containsEntry("KeyType", "API_KEY");
        assertThat((Integer) parameter("ThrottleRateLimit").get("Default")).isPositive();
        assertThat((Integer) parameter("QuotaLimit").get("Default")).isPositive();
    }

    @Test
    void throttlesTheWholeStageAndLogsNoRequestHeaders() {
        Map<String, Object> everyMethod = map(list(apiProperties().get("MethodSettings")).get(0));

        assertThat(everyMethod).containsEntry("ResourcePath", "/*").containsEntry("HttpMethod", "*")
                .containsEntry("ThrottlingRateLimit", Map.of("Ref", "ThrottleRateLimit"))
                .containsEntry("ThrottlingBurstLimit", Map.of("Ref", "ThrottleBurstLimit"))
                .containsEntry("DataTraceEnabled", false).containsEntry("LoggingLevel", "OFF");
    }

    @Test
    void writesStageAccessLogsToALogGroupKeptForAConfigurableNumberOfDays() {
        Map<String, Object> accessLog = map(apiProperties().get("AccessLogSetting"));
        Map<String, Object> logGroup = resource("ApiAccessLogs");

        assertThat(accessLog.get("DestinationArn")).isEqualTo(Map.of("Fn::GetAtt", "ApiAccessLogs.Arn"));
        assertThat(String.valueOf(accessLog.get("Format"))).contains("$context.requestId", "$context.identity.sourceIp",
                "$context.identity.apiKeyId", "$context.status").doesNotContain("$context.identity.apiKey\"");
        assertThat(logGroup.get("Type")).isEqualTo("AWS::Logs::LogGroup");
        assertThat(map(logGroup.get("Properties")).get("RetentionInDays")).isEqualTo(Map.of("Ref", "AccessLogRetentionDays"));
        assertThat(list(parameter("AccessLogRetentionDays").get("AllowedValues"))).contains(parameter("AccessLogRetentionDays").get("Default"));
        // API Gateway writes no log without the account's CloudWatch role; the stack can set it.
        assertThat(map(resource("ApiGatewayAccount").get("Properties")).get("CloudWatchRoleArn"))
                .isEqualTo(Map.of("Fn::GetAtt", "ApiGatewayLoggingRole.Arn"));
    }

    @Test
    void capsTheFunctionsConcurrencyByDefault() {
        assertThat(properties.get("ReservedConcurrentExecutions")).isEqualTo(Map.of("Fn::If",
                List.of("HasReservedConcurrency", Map.of("Ref", "ReservedConcurrency"), Map.of("Ref", "AWS::NoValue"))));
        assertThat((Integer) parameter("ReservedConcurrency").get("Default")).isBetween(1, 100);
        assertThat(map(template.get("Conditions")).get("HasReservedConcurrency"))
                .isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(Map.of("Ref", "ReservedConcurrency"), "-1")))));
    }

    @Test
    void servesNoStandInUnlessAskedAndPassesTheModelPinAndVersion() {
        Map<String, Object> variables = variables();

        assertThat(parameter("AllowStandIn").get("Default")).isEqualTo("false");
        assertThat(variables.get("DFDETECT_MODEL_ALLOW_STAND_IN")).isEqualTo(Map.of("Ref", "AllowStandIn"));
        assertThat(variables.get("DFDETECT_MODEL_SHA256")).isEqualTo(Map.of("Fn::If",
                List.of("HasModelSha256", Map.of("Ref", "ModelSha256"), Map.of("Ref", "AWS::NoValue"))));
        assertThat(variables.get("DFDETECT_MODEL_VERSION_ID")).isEqualTo(Map.of("Fn::If",
                List.of("HasModelVersionId", Map.of("Ref", "ModelVersionId"), Map.of("Ref", "AWS::NoValue"))));
        assertThat(Pattern.matches(String.valueOf(parameter("ModelSha256").get("AllowedPattern")), "a".repeat(64) + "," + "B".repeat(64)))
                .isTrue();
        assertThat(Pattern.matches(String.valueOf(parameter("ModelSha256").get("AllowedPattern")), "not-a-digest")).isFalse();
    }

    @Test
    void namesTheExpectedBucketOwnerAndHandlesOnlyTheStacksBucket() {
        Map<String, Object> variables = variables();

        assertThat(variables.get("DFDETECT_S3_EXPECTED_BUCKET_OWNER")).isEqualTo(Map.of("Ref", "AWS::AccountId"));
        assertThat(variables.get("DFDETECT_S3_ALLOWED_BUCKETS"))
                .isEqualTo(map(map(resources().get("UploadsBucket")).get("Properties")).get("BucketName"));
    }

    @Test
    void readsTheModelOnlyFromABucketOfThisAccountAndOnlyThePinnedVersion() {
        List<Map<String, Object>> statements = new ArrayList<>();
        collectStatements(properties.get("Policies"), statements);
        Map<String, Object> readModel = statements.stream().filter(s -> "ReadModel".equals(s.get("Sid"))).findFirst().orElseThrow();

        assertThat(list(readModel.get("Action"))).containsExactly(Map.of("Fn::If",
                List.of("HasModelVersionId", "s3:GetObjectVersion", "s3:GetObject")));
        List<Object> condition = list(map(readModel.get("Condition")).get("Fn::If"));
        assertThat(condition.get(0)).isEqualTo("HasModelVersionId");
        assertThat(map(map(condition.get(1)).get("StringEquals"))).containsEntry("s3:ResourceAccount", Map.of("Ref", "AWS::AccountId"))
                .containsEntry("s3:VersionId", Map.of("Ref", "ModelVersionId"));
        assertThat(map(map(condition.get(2)).get("StringEquals"))).containsExactly(
                Map.entry("s3:ResourceAccount", Map.of("Ref", "AWS::AccountId")));
    }

    @Test
    void spellsTheModelsObjectArnFromItsUriAndStaysEvaluableWithNoUri() {
        List<Map<String, Object>> statements = new ArrayList<>();
        collectStatements(properties.get("Policies"), statements);
        Map<String, Object> readModel = statements.stream().filter(s -> "ReadModel".equals(s.get("Sid"))).findFirst().orElseThrow();
        List<Object> joined = list(list(map(readModel.get("Resource")).get("Fn::Join")).get(1));
        List<Object> select = list(map(joined.get(1)).get("Fn::Select"));
        List<Object> split = list(map(select.get(1)).get("Fn::Split"));
        int index = (Integer) select.get(0);
        String delimiter = (String) split.get(0);
        String subject = (String) map(split.get(1)).get("Fn::Sub");

        assertThat(joined.get(0)).isEqualTo(Map.of("Fn::Sub", "arn:${AWS::Partition}:s3:::"));
        // As CloudFormation evaluates Fn::Split and Fn::Select: AWS::LanguageExtensions evaluates them
        // even when ModelUri is empty and the policy is not used, and an index out of range fails the deployment.
        assertThat(selectOfSplit(subject, "s3://models-bucket/dfdetect/ResNet18.onnx", delimiter, index))
                .isEqualTo("models-bucket/dfdetect/ResNet18.onnx");
        assertThat(selectOfSplit(subject, "", delimiter, index)).isNotNull();
    }

    private static String selectOfSplit(String subject, String modelUri, String delimiter, int index) {
        String[] parts = subject.replace("${ModelUri}", modelUri).split(Pattern.quote(delimiter), -1);
        return index < parts.length ? parts[index] : null;
    }

    @Test
    void theBucketRefusesRequestsWithoutTlsOrBelowTls12() {
        Map<String, Object> policy = resource("UploadsBucketPolicy");
        Map<String, Object> policyProperties = map(policy.get("Properties"));
        List<Object> statements = list(map(policyProperties.get("PolicyDocument")).get("Statement"));
        List<Object> bucketAndObjects = List.of(Map.of("Fn::GetAtt", "UploadsBucket.Arn"), Map.of("Fn::Sub", "${UploadsBucket.Arn}/*"));

        assertThat(policy.get("Type")).isEqualTo("AWS::S3::BucketPolicy");
        assertThat(policyProperties.get("Bucket")).isEqualTo(Map.of("Ref", "UploadsBucket"));
        assertThat(statements).anySatisfy(statement -> {
            assertThat(map(statement)).containsEntry("Effect", "Deny").containsEntry("Principal", "*").containsEntry("Action", "s3:*")
                    .containsEntry("Resource", bucketAndObjects)
                    .containsEntry("Condition", Map.of("Bool", Map.of("aws:SecureTransport", "false")));
        });
        assertThat(statements).anySatisfy(statement -> {
            assertThat(map(statement)).containsEntry("Effect", "Deny").containsEntry("Principal", "*").containsEntry("Action", "s3:*")
                    .containsEntry("Resource", bucketAndObjects)
                    .containsEntry("Condition", Map.of("NumericLessThan", Map.of("s3:TlsVersion", "1.2")));
        });
    }

    @Test
    void versionsTheBucketAndExpiresUploadsResultsAndOldVersionsAfterConfiguredDays() {
        Map<String, Object> bucket = map(resource("UploadsBucket").get("Properties"));
        List<Object> rules = list(map(bucket.get("LifecycleConfiguration")).get("Rules"));

        assertThat(map(bucket.get("VersioningConfiguration"))).containsEntry("Status", "Enabled");
        assertThat(rules).anySatisfy(rule -> assertThat(map(rule)).containsEntry("Status", "Enabled")
                .containsEntry("Prefix", Map.of("Ref", "UploadPrefix"))
                .containsEntry("ExpirationInDays", Map.of("Ref", "UploadExpirationDays"))
                .containsEntry("NoncurrentVersionExpiration", Map.of("NoncurrentDays", Map.of("Ref", "NoncurrentVersionExpirationDays"))));
        assertThat(rules).anySatisfy(rule -> assertThat(map(rule)).containsEntry("Status", "Enabled")
                .containsEntry("Prefix", Map.of("Ref", "ResultsPrefix"))
                .containsEntry("ExpirationInDays", Map.of("Ref", "ResultExpirationDays"))
                .containsEntry("NoncurrentVersionExpiration", Map.of("NoncurrentDays", Map.of("Ref", "NoncurrentVersionExpirationDays"))));
        for (String days : List.of("UploadExpirationDays", "ResultExpirationDays", "NoncurrentVersionExpirationDays")) {
            assertThat((Integer) parameter(days).get("Default")).as(days).isPositive();
        }
    }

    @Test
    void outputsTheApiKeyIdAndTheCommandThatPrintsItsValue() {
        Map<String, Object> outputs = map(template.get("Outputs"));
        Map<String, Object> keyId = map(outputs.get("ApiKeyId"));
        Map<String, Object> command = map(outputs.get("ApiKeyValueCommand"));

        assertThat(keyId).containsEntry("Condition", "UseApiKey").containsEntry("Value", Map.of("Ref", "ApiKey"));
        assertThat(command).containsEntry("Condition", "UseApiKey").containsEntry("Value",
                Map.of("Fn::Sub", "aws apigateway get-api-key --api-key ${ApiKey} --include-value --query value --output text"));
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
            assertThat(statement.get("Condition")).as("listing under the upload prefix only")
                    .isEqualTo(Map.of("StringLike", Map.of("s3:prefix", Map.of("Fn::Sub", "${UploadPrefix}*"))));
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

    private static Map<String, Object> parameter(String name) {
        return map(map(template.get("Parameters")).get(name));
    }

    private static Map<String, Object> resource(String name) {
        return map(resources().get(name));
    }

    private static Map<String, Object> apiProperties() {
        return map(resource("Api").get("Properties"));
    }

    private static Map<String, Object> events() {
        return map(properties.get("Events"));
    }

    private static Map<String, Object> variables() {
        return map(map(properties.get("Environment")).get("Variables"));
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
