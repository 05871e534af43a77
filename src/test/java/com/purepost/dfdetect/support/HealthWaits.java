package com.purepost.dfdetect.support;

import com.purepost.dfdetect.support.ServiceClient.Answer;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/** Waits for {@code /health} to show a state, as a model swap in the watched directory takes a moment to be seen. */
public final class HealthWaits {

    private static final Duration GUARD = Duration.ofSeconds(30);

    private HealthWaits() {
    }

    public static Answer until(ServiceClient client, Predicate<Answer> wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(GUARD);
        while (Instant.now().isBefore(deadline)) {
            Answer health = client.get("/health");
            if (wanted.test(health)) {
                return health;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("health never showed the expected state: " + client.get("/health").raw());
    }
}
