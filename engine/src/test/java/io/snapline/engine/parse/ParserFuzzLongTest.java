package io.snapline.engine.parse;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link ParserFuzz}'s long run, in {@code make test-faults}: a million lines from another seed. */
@Tag("faults-long")
class ParserFuzzLongTest {

    @Test
    void shouldReadAMillionFuzzedLinesAsTheReferenceDoesWithinTheBounds() {
        System.out.println("ParserFuzzLongTest: " + new ParserFuzz().run(12L, 1_000_000));
    }
}
