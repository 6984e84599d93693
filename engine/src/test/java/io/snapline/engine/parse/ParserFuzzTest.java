package io.snapline.engine.parse;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link ParserFuzz}'s quick run, in {@code make test}: 10,000 lines, a few seconds. */
@Tag("faults")
class ParserFuzzTest {

    @Test
    void shouldReadTenThousandFuzzedLinesAsTheReferenceDoesWithinTheBounds() {
        System.out.println("ParserFuzzTest: " + new ParserFuzz().run(20261204L, 10_000));
    }
}
