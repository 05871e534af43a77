package com.purepost.dfdetect.http;

import com.purepost.dfdetect.config.DfdetectProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.CorsRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Cross-origin access to the service's endpoints, as {@code dfdetect.cors.allowed-origins} allows: none by default. */
@ConditionalOnWebApplication
@Configuration(proxyBeanMethods = false)
public class CorsSettings implements WebMvcConfigurer {

    private final DfdetectProperties.Cors cors;

    public CorsSettings(DfdetectProperties properties) {
        this.cors = properties.cors();
    }

    @Override
    public void addCorsMappings(CorsRegistry registry) {
        if (cors.allowedOrigins().isEmpty()) {
            return;
        }
        registry.addMapping("/**")
                .allowedOriginPatterns(cors.allowedOrigins().toArray(String[]::new))
                .allowedMethods("GET", "POST")
                .allowedHeaders("*")
                .maxAge(3600);
    }
}
