package io.snapline.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class UnitsTest {

    // ---- the config file's syntax

    @Test
    void shouldParseDurationsInEveryUnit() {
        assertEquals(Duration.ZERO, Units.parseDuration("0"));
        assertEquals(Duration.ofMillis(250), Units.parseDuration("250ms"));
        assertEquals(Duration.ofSeconds(10), Units.parseDuration("10s"));
        assertEquals(Duration.ofMinutes(5), Units.parseDuration("5 m"));
        assertEquals(Duration.ofHours(48), Units.parseDuration("48h"));
        assertEquals(Duration.ofDays(2), Units.parseDuration("2d"));
        assertEquals(Duration.ZERO, Units.parseDuration("0s"));
    }

    @Test
    void shouldRefuseDurationsWithoutAUnitOrOutOfRange() {
        assertNull(Units.parseDuration("1.5h"));
        assertNull(Units.parseDuration("1h30m"));
        assertNull(Units.parseDuration("-1s"));
        assertNull(Units.parseDuration("10 sec"));
        assertEquals("a duration needs a unit: ms, s, m, h or d",
                assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("10")).getMessage());
        assertEquals("at most 3650d",
                assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("3651d")).getMessage());
    }

    @Test
    void shouldParseSizesIn1024BasedUnits() {
        assertEquals(65536L, Units.parseSize("65536"));
        assertEquals(100L, Units.parseSize("100B"));
        assertEquals(64L << 10, Units.parseSize("64KiB"));
        assertEquals(2L << 20, Units.parseSize("2 MiB"));
        assertEquals(1L << 30, Units.parseSize("1GiB"));
        assertEquals(3L << 40, Units.parseSize("3TiB"));
        assertEquals(0L, Units.parseSize("0"));
    }

    @Test
    void shouldRefuseAmbiguousOrOverflowingSizes() {
        assertNull(Units.parseSize("1.5GiB"));
        assertNull(Units.parseSize("64kib"));
        assertEquals("KB, MB, GB are not accepted; write KiB, MiB or GiB (1024-based)",
                assertThrows(IllegalArgumentException.class, () -> Units.parseSize("64MB")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Units.parseSize("2G"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseSize("99999999999TiB"));
        assertThrows(IllegalArgumentException.class, () -> Units.parseSize("9999999999999999999"));
    }

    @Test
    void shouldParsePercentages() {
        assertEquals(new BigDecimal("75"), Units.parsePercent("75%"));
        assertEquals(new BigDecimal("12.5"), Units.parsePercent("12.5 %"));
        assertNull(Units.parsePercent("75"));
        assertNull(Units.parsePercent("-5%"));
    }

    // ---- exact, in the config file's syntax

    @Test
    void shouldShowValuesBackExactlyInTheUnitsOfTheFile() {
        assertEquals("64KiB", Units.exactSize(64 << 10));
        assertEquals("1000 bytes", Units.exactSize(1000));
        assertEquals("0 bytes", Units.exactSize(0));
        assertEquals("2d", Units.exactDuration(Duration.ofHours(48)));
        assertEquals("90s", Units.exactDuration(Duration.ofSeconds(90)));
        assertEquals("1500ms", Units.exactDuration(Duration.ofMillis(1500)));
        assertEquals("0", Units.exactDuration(Duration.ZERO));
    }

    @Test
    void shouldParseBackWhatItShowsExactly() {
        for (long size : new long[] {64 << 10, 3L << 40, 7L << 20}) {
            assertEquals(size, Units.parseSize(Units.exactSize(size)));
        }
        for (Duration duration : new Duration[] {Duration.ofHours(48), Duration.ofSeconds(90), Duration.ofMillis(1500)}) {
            assertEquals(duration, Units.parseDuration(Units.exactDuration(duration)));
        }
    }

    // ---- rounded, for status lines

    @Test
    void shouldRoundSizesToBinaryUnitsWithAtMostThreeDigits() {
        assertEquals("0 B", Units.roundedSize(0));
        assertEquals("999 B", Units.roundedSize(999));
        assertEquals("1.0 KiB", Units.roundedSize(1000));
        assertEquals("1.5 KiB", Units.roundedSize(1536));
        assertEquals("9.5 MiB", Units.roundedSize(9_961_472));
        assertEquals("118 MiB", Units.roundedSize(118L << 20));
        assertEquals("1.0 GiB", Units.roundedSize(1000L << 20), "never four digits");
        assertEquals("1.2 GiB", Units.roundedSize(1_288_490_189L));
        assertEquals("11 TiB", Units.roundedSize(11L << 40));
        assertEquals("8.0 EiB", Units.roundedSize(Long.MAX_VALUE));
        assertEquals("-2.0 KiB", Units.roundedSize(-2048));
    }

    @Test
    void shouldRoundDurationsToTheirTwoLargestUnits() {
        assertEquals("--:--", Units.roundedDuration(-1));
        assertEquals("0s", Units.roundedDuration(0));
        assertEquals("45s", Units.roundedDuration(45));
        assertEquals("3m05s", Units.roundedDuration(185));
        assertEquals("2h07m", Units.roundedDuration(2 * 3600 + 7 * 60 + 59));
        assertEquals("3d04h", Units.roundedDuration(3 * 86_400 + 4 * 3600 + 5));
    }

    @Test
    void shouldRoundCountsWithMetricSuffixes() {
        assertEquals("0", Units.roundedCount(0));
        assertEquals("950", Units.roundedCount(950));
        assertEquals("1.0k", Units.roundedCount(999.5));
        assertEquals("12k", Units.roundedCount(12_345));
        assertEquals("182k", Units.roundedCount(182_340));
        assertEquals("4.1M", Units.roundedCount(4_100_000));
        assertEquals("3.2G", Units.roundedCount(3.2e9));
    }
}
