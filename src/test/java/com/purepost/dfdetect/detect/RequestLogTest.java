package com.purepost.dfdetect.detect;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

import static org.assertj.core.api.Assertions.assertThat;

/** The request log writes one line per scoring, whatever its values hold: no value can forge a line or a field. */
class RequestLogTest {

    private static final String FORGED_ID = "abc\n2026-12-04T00:00:00Z  INFO dfdetect.requests : scored request_id=\"forged\" top=real\r";

    private final Logger logger = (Logger) LoggerFactory.getLogger("dfdetect.requests");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

    @BeforeEach
    void listen() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(lines);
    }

    @Test
    void escapesLineBreaksAndQuotesInARequestIdSoThatItStaysOnOneLine() {
        new RequestLog().observe(report(FORGED_ID, null));

        ILoggingEvent line = lines.list.get(0);
        assertThat(line.getFormattedMessage()).startsWith("scored request_id=\"abc\\n2026-12-04T00:00:00Z  INFO dfdetect.requests : "
                + "scored request_id=\\\"forged\\\" top=real\\r\" outcome=ok ").doesNotContain("\n").doesNotContain("\r");
        assertThat(line.getKeyValuePairs()).allSatisfy(RequestLogTest::holdsNoLineBreakOrBareQuote);
    }

    @Test
    void escapesAnErrorMessageThatHoldsLineBreaksQuotesAndBackslashes() {
        new RequestLog().observe(report("abc", "bad \"name\"\nforged=1 \\ end\u0007"));

        ILoggingEvent line = lines.list.get(0);
        assertThat(line.getFormattedMessage()).endsWith("error=\"bad \\\"name\\\"\\nforged=1 \\\\ end\\u0007\"");
        assertThat(line.getKeyValuePairs()).allSatisfy(RequestLogTest::holdsNoLineBreakOrBareQuote);
    }

    @Test
    void leavesPlainTokensUnquotedAndQuotesWhatHoldsSpacesOrEqualSigns() {
        assertThat(RequestLog.quoted("purepost-task-42")).isEqualTo("purepost-task-42");
        assertThat(RequestLog.quoted("two words")).isEqualTo("\"two words\"");
        assertThat(RequestLog.quoted("a=b")).isEqualTo("\"a=b\"");
        assertThat(RequestLog.quoted("")).isEqualTo("\"\"");
        assertThat(RequestLog.quoted("line\u2028separator")).isEqualTo("\"line\\u2028separator\"");
    }

    private static void holdsNoLineBreakOrBareQuote(KeyValuePair pair) {
        String value = String.valueOf(pair.value);
        assertThat(value).as(pair.key).doesNotContain("\n").doesNotContain("\r").doesNotContainPattern("(?<!\\\\)\"");
    }

    private static ScoringReport report(String requestId, String error) {
        return new ScoringReport(requestId, error == null ? 200 : 400, 1234, 5_000_000, 1_000_000, 1_000_000, 2_000_000,
                false, error == null ? "real" : null, error == null ? 0.9 : Double.NaN, error);
    }
}
