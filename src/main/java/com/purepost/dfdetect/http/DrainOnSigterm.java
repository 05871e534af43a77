package com.purepost.dfdetect.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.server.servlet.context.ServletWebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Component;
import sun.misc.Signal;

/**
 * On SIGTERM, drains the service (requests in work and in the queue finish, new connections are
 * refused, the ONNX Runtime session is closed after the last run) before the JVM begins to shut down,
 * then exits as the JVM would have (143).
 *
 * <p>Left to the JVM, SIGTERM starts every shutdown hook at once, and ONNX Runtime's Java binding
 * has one of its own that releases the native environment while Spring's hook is still draining:
 * runs in flight would go on against a released environment, and a request still waiting for the
 * session to be opened fails outright ({@code Shutdown in progress}, as the binding registers that
 * hook when it first starts). Draining first keeps the order right: requests, then the session, then
 * the environment.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
final class DrainOnSigterm implements ApplicationListener<ServletWebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(DrainOnSigterm.class);
    /** What the JVM exits with on SIGTERM when left to itself: 128 + the signal's number. */
    private static final int EXIT_ON_SIGTERM = 143;

    /** Installed as soon as the server listens: from then on a request may be in work when the signal comes. */
    @Override
    public void onApplicationEvent(ServletWebServerInitializedEvent event) {
        ConfigurableApplicationContext context = event.getApplicationContext();
        Signal.handle(new Signal("TERM"), signal -> {
            log.info("SIGTERM: finishing the requests in work and in the queue, then stopping");
            // Not a daemon: once the server's threads are gone the JVM would otherwise end on its own, with
            // status 0, before the drain has closed the session.
            Thread drain = new Thread(() -> {
                try {
                    context.close();
                } finally {
                    System.exit(EXIT_ON_SIGTERM);
                }
            }, "drain-on-sigterm");
            drain.setDaemon(false);
            drain.start();
        });
    }
}
