package io.snapline.engine.parse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.snapline.engine.parse.FastJsonCursorLines.Line;
import io.snapline.engine.parse.FastJsonCursorOracle.Outcome;
import io.snapline.engine.parse.FastJsonCursorOracle.Verdict;
import io.snapline.records.DeadLetterReason;
import io.snapline.records.RecordWriter;
import io.snapline.tailer.NodeStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The fast cursor against Jackson, on every kind of input: for every line, either the fast cursor
 * defers at some step, or it rejects exactly where Jackson rejects, and every token it returns up
 * to there is Jackson's token with Jackson's text and value (see {@link FastJsonCursorOracle} for
 * the exact rule, checked against both Jackson parsers).
 *
 * <p>The statistics printed with each property show how often each outcome occurred, so a run
 * shows that agreement was exercised, not only deferral; for unmutated node lines they give the
 * fraction that defers (none of the clean ones may).
 */
class FastJsonCursorDifferentialProperties {

    private final FastJsonCursorOracle oracle = new FastJsonCursorOracle();
    private final LineParser referenceParser = new LineParser();
    private final LineParser fastFirstParser = new LineParser(new FastJsonCursor());
    private final RecordWriter referenceRecords = new RecordWriter(1 << 16);
    private final RecordWriter fastFirstRecords = new RecordWriter(1 << 16);

    /**
     * Unmutated node lines: Jackson accepts them all, the fast cursor reads every clean one (ASCII,
     * no escapes, no negative zero) itself and defers every other one.
     */
    @Property(tries = 2000)
    void realisticLinesYieldJacksonsTokens(@ForAll("realisticLines") Line line) {
        Verdict verdict = oracle.check(line.bytes());
        verdict.assertOk();
        assertEquals(Outcome.COMPLETE, verdict.blocking.outcome, () -> "generator made invalid JSON: " + verdict.describe());
        Statistics.label("realistic line, fast cursor")
                .collect((line.clean() ? "clean: " : "escapes, non-ASCII or -0: ") + verdict.fastTrace.outcome);
        Statistics.label("kind").collect(line.kind());
        // Clean lines are read to the end by the fast cursor; the others hold what it leaves to the reference.
        assertEquals(line.clean() ? Outcome.COMPLETE : Outcome.DEFERRED, verdict.fastTrace.outcome, verdict::describe);
    }

    /**
     * The rule itself, at the level of records: a line parser that tries the fast cursor first
     * writes byte for byte the records (or the dead letter) of one that uses the reference
     * cursor alone, for node lines of every kind, whole or mutated, read as their own stream or
     * as another.
     */
    @Property(tries = 2000)
    void recordsAreTheReferenceCursorsRecords(@ForAll("realisticLines") Line line, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] bytes = random.nextBoolean() ? line.bytes() : FastJsonCursorLines.mutate(line.bytes(), random);
        NodeStream stream = FastJsonCursorLines.readAs(line, random);
        referenceRecords.reset();
        fastFirstRecords.reset();
        DeadLetterReason wanted = referenceParser.parse(stream, bytes, 0, bytes.length, 7, 1234, referenceRecords);
        DeadLetterReason actual = fastFirstParser.parse(stream, bytes, 0, bytes.length, 7, 1234, fastFirstRecords);
        String context = stream + " " + FastJsonCursorOracle.show(bytes);
        assertEquals(wanted, actual, context);
        assertEquals(referenceRecords.recordCount(), fastFirstRecords.recordCount(), context);
        assertArrayEquals(Arrays.copyOf(referenceRecords.buffer(), referenceRecords.length()),
                Arrays.copyOf(fastFirstRecords.buffer(), fastFirstRecords.length()), context);
        Statistics.label("line parser").collect(wanted == null ? "records" : "dead letter: " + wanted.label());
    }

    /** Node lines after one to three mutations: replaced, inserted, deleted, swapped bytes, numbers, literals, nesting, … */
    @Property(tries = 4000)
    void mutatedLinesNeverDisagree(@ForAll("mutatedLines") Line line) {
        collect("mutated line", oracle.check(line.bytes()));
    }

    /** Node lines cut at random points, as a buffered writer leaves the last line of a file. */
    @Property(tries = 1000)
    void truncatedLinesNeverDisagree(@ForAll("realisticLines") Line line, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] bytes = line.bytes();
        for (int i = 0; i < 8; i++) {
            int length = random.nextInt(bytes.length + 1);
            Verdict verdict = oracle.check(FastJsonCursorLines.truncate(bytes, length));
            verdict.assertOk();
            if (length < bytes.length && verdict.fastTrace.outcome == Outcome.COMPLETE
                    && !onlyWhitespace(bytes, length)) {
                throw new AssertionError("accepted a truncated line: " + verdict.describe());
            }
            Statistics.label("truncated line, fast cursor").collect(verdict.fastTrace.outcome);
        }
    }

    /**
     * Lines of thousands of tokens, which the fast cursor reads a tape at a time: whole, mutated
     * or truncated anywhere, the tape's edges included.
     */
    @Property(tries = 1000)
    void longLinesNeverDisagree(@ForAll("longLines") Line line, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] bytes = line.bytes();
        Verdict whole = oracle.check(bytes);
        whole.assertOk();
        assertEquals(line.clean() ? Outcome.COMPLETE : Outcome.DEFERRED, whole.fastTrace.outcome, whole::describe);
        Verdict cut = oracle.check(FastJsonCursorLines.truncate(bytes, random.nextInt(bytes.length)));
        cut.assertOk();
        assertEquals(Outcome.DEFERRED, cut.fastTrace.outcome, cut::describe);
        Verdict mutated = oracle.check(FastJsonCursorLines.mutateOnce(bytes, random));
        mutated.assertOk();
        Statistics.label("long line, mutated").collect("fast " + mutated.fastTrace.outcome + ", jackson "
                + mutated.blocking.outcome);
    }

    /** JSON values of every shape and number form, spaced or not, escaped or not, half of them mutated. */
    @Property(tries = 2000)
    void anyJsonNeverDisagrees(@ForAll("anyJson") Line line) {
        collect("json value", oracle.check(line.bytes()));
    }

    /** Short random sequences of JSON fragments: grammar corners, mostly invalid. */
    @Property(tries = 4000)
    void fragmentsNeverDisagree(@ForAll("fragments") Line line) {
        collect("fragments", oracle.check(line.bytes()));
    }

    /**
     * Name lookups by hash answer what the reference's String lookup answers: the first equal entry
     * or -1, for names of every length around the eight- and sixteen-byte words, names that share
     * prefixes, duplicates, empty and non-ASCII entries, and names at the very end of the array.
     */
    @Property(tries = 1000)
    void nameIndexAgreesWithTheTablesOwnLookup(@ForAll long seed) {
        Random random = new Random(seed);
        String[] pool = namePool(random);
        String[] entries = new String[random.nextInt(31)];
        for (int i = 0; i < entries.length; i++) {
            entries[i] = pool[random.nextInt(pool.length)];
        }
        NameTable table = NameTable.of(entries);
        NameLookup lookup = new NameLookup(table);
        FastJsonCursor cursor = new FastJsonCursor();
        for (int k = 0; k < 40; k++) {
            String name = pool[random.nextInt(pool.length)];
            if (!StandardCharsets.US_ASCII.newEncoder().canEncode(name)) {
                continue; // the fast cursor never reads such a name: it defers the line
            }
            int expected = table.indexOf(name);
            byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
            // At the start, in the middle and at the very end of an array (the short-read path).
            int before = random.nextInt(20);
            byte[] array = new byte[before + bytes.length + (random.nextBoolean() ? 0 : random.nextInt(20))];
            random.nextBytes(array);
            System.arraycopy(bytes, 0, array, before, bytes.length);
            assertEquals(expected, lookup.indexOf(array, before, bytes.length), () -> name + " in " + Arrays.toString(entries));

            byte[] line = ("{\"" + name + "\":1}").getBytes(StandardCharsets.US_ASCII);
            cursor.begin(line, 0, line.length);
            cursor.next();
            assertEquals(JsonCursor.FIELD_NAME, cursor.next());
            assertEquals(expected, cursor.nameIndex(table), () -> name + " in " + Arrays.toString(entries));
        }
    }

    /** Names that differ in one byte at the edges of the eight-byte words, prefixes of each other, … */
    private static String[] namePool(Random random) {
        List<String> pool = new ArrayList<>(List.of("", "a", "b", "oid", "sz", "px", "coin", "time", "local_time",
                "block_time", "triggerCondition", "triggerConditio", "triggerConditionX", "isPositionTpsl",
                "caf\u00e9", "\u00e9", "?", "caf?"));
        for (int i = 0; i < 12; i++) {
            int length = random.nextInt(4) == 0 ? random.nextInt(40) : 6 + random.nextInt(12);
            char[] chars = new char[length];
            for (int j = 0; j < length; j++) {
                chars[j] = (char) ('a' + random.nextInt(3));
            }
            String name = new String(chars);
            pool.add(name);
            if (length > 0) {
                for (int at : new int[] {0, 7, 8, 15, 16, length - 1}) {
                    if (at < length) {
                        char[] changed = chars.clone();
                        changed[at] = changed[at] == 'a' ? 'b' : 'a';
                        pool.add(new String(changed));
                    }
                }
                pool.add(name.substring(0, length - 1));
            }
            pool.add(name + "c");
        }
        return pool.toArray(new String[0]);
    }

    private static void collect(String label, Verdict verdict) {
        verdict.assertOk();
        Statistics.label(label).collect("fast " + verdict.fastTrace.outcome + ", jackson " + verdict.blocking.outcome);
    }

    private static boolean onlyWhitespace(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\n' && bytes[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    @Provide
    Arbitrary<Line> realisticLines() {
        return Arbitraries.randomValue(FastJsonCursorLines::realistic);
    }

    @Provide
    Arbitrary<Line> longLines() {
        return Arbitraries.randomValue(FastJsonCursorLines::longLine);
    }

    @Provide
    Arbitrary<Line> mutatedLines() {
        return Arbitraries.randomValue(random -> {
            Line line = FastJsonCursorLines.realistic(random);
            return new Line("mutated " + line.kind(), FastJsonCursorLines.mutate(line.bytes(), random), false);
        });
    }

    @Provide
    Arbitrary<Line> anyJson() {
        return Arbitraries.randomValue(random -> {
            Line line = FastJsonCursorLines.anyJson(random);
            return random.nextBoolean() ? line
                    : new Line("mutated json", FastJsonCursorLines.mutate(line.bytes(), random), false);
        });
    }

    @Provide
    Arbitrary<Line> fragments() {
        return Arbitraries.randomValue(random -> new Line("fragments", FastJsonCursorLines.fragments(random), false));
    }
}
