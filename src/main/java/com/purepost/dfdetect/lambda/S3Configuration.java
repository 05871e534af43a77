package com.purepost.dfdetect.lambda;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.config.ModelSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Path;

/**
 * The S3 client and the model source that reads {@code dfdetect.model.uri} from S3. In every mode,
 * so that the local app can serve a model from S3 too; the client is built only when first needed,
 * which keeps it out of the cold start of runs that never touch S3.
 */
@Configuration(proxyBeanMethods = false)
class S3Configuration {

    @Bean(destroyMethod = "close")
    @Lazy
    S3Client dfdetectS3Client(DfdetectProperties properties) {
        return S3Clients.create(System.getenv(), properties.s3());
    }

    @Bean
    ModelSource s3ModelSource(ObjectProvider<S3Client> s3, DfdetectProperties properties) {
        return new S3ModelSource(s3::getObject, Path.of(System.getProperty("java.io.tmpdir"), "dfdetect-model"),
                properties.s3().modelDownloadTimeout(), properties.s3().expectedBucketOwner());
    }
}
