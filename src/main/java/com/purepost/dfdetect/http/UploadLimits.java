package com.purepost.dfdetect.http;

import com.purepost.dfdetect.config.DfdetectProperties;
import com.purepost.dfdetect.detect.Failure;
import com.purepost.dfdetect.image.ImageRejectedException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.servlet.MultipartConfigFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The upload limits of {@code dfdetect.limits}, applied where each can act first: a declared body
 * over the limit is refused from its Content-Length before a byte of it is read; a body without one
 * is cut off by the multipart parser at the same limit; Tomcat bounds the parts and their headers.
 */
@ConditionalOnWebApplication
@Configuration(proxyBeanMethods = false)
public class UploadLimits {

    private final DfdetectProperties.Limits limits;

    public UploadLimits(DfdetectProperties properties) {
        this.limits = properties.limits();
    }

    @Bean
    MultipartConfigElement multipartConfigElement() {
        MultipartConfigFactory factory = new MultipartConfigFactory();
        factory.setMaxFileSize(limits.maxUploadSize());
        // The rest of the form (boundaries, part headers) is small; allow it on top of the file.
        factory.setMaxRequestSize(DataSize.ofBytes(limits.maxUploadSize().toBytes() + 64 * 1024));
        return factory.createMultipartConfig();
    }

    /** Added last, after Boot's own server.tomcat.* customizer, which would otherwise reset these to its defaults. */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> multipartPartLimits() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setMaxPartCount(limits.maxParts());
            connector.setMaxPartHeaderSize((int) limits.maxPartHeaderSize().toBytes());
            // Answer "100 Continue" only when the body is read: a refused upload is then never sent.
            connector.setProperty("continueResponseTiming", "onRead");
        });
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    OncePerRequestFilter declaredSizeLimit() {
        long maxRequestBytes = limits.maxUploadSize().toBytes() + 64 * 1024;
        byte[] refusal = ("{\"success\":false,\"error\":\"" + tooLarge(limits.maxUploadSize()).error() + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                if (request.getContentLengthLong() > maxRequestBytes) {
                    response.setStatus(413);
                    response.setContentType("application/json");
                    response.setHeader("Connection", "close");
                    response.setContentLength(refusal.length);
                    response.getOutputStream().write(refusal);
                    return;
                }
                chain.doFilter(request, response);
            }
        };
    }

    /** The body's bytes, or a 413 refusal as soon as more than {@code limit} of them have come. */
    static byte[] readAtMost(InputStream body, DataSize limit) throws IOException {
        byte[] bytes = body.readNBytes(Math.toIntExact(Math.min(limit.toBytes() + 1, Integer.MAX_VALUE - 8)));
        if (bytes.length > limit.toBytes()) {
            throw new ImageRejectedException(ImageRejectedException.Reason.TOO_MANY_BYTES, tooLarge(limit).error());
        }
        return bytes;
    }

    /** The one refusal of an oversized upload, whichever check caught it. */
    static Failure tooLarge(DataSize limit) {
        return new Failure(413, "The upload is larger than the limit of " + limit.toMegabytes() + " MB.");
    }
}
