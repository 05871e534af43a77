package com.purepost.dfdetect.detect;

/** Told of every scoring, successful or not: metrics, the request log, CloudWatch's metric lines. */
@FunctionalInterface
public interface ScoringObserver {

    /** Called on the request's thread after the answer is known; must be quick and must not throw. */
    void observe(ScoringReport report);
}
