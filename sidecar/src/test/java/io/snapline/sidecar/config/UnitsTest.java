package io.snapline.sidecar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void shouldParseDurationsInEveryUnit() {
        assertEquals(Duration.ZERO, Units.duration("0"));
        assertEquals(Duration.ofMillis(250), Units.duration("250ms"));
        assertEquals(Duration.ofSeconds(10), Units.duration("10s"));
        assertEquals(Duration.ofMinutes(5), Units.duration("5 m"));
        assertEquals(Duration.ofHours(48), Units.duration("48h"));
        assertEquals(Duration.ofDays(2), Units.duration("2d"));
        assertEquals(Duration.ZERO, Units.duration("0s"));
    }

    @Test
    void shouldRefuseDurationsWithoutAUnitOrOutOfRange() {
        assertNull(Units.duration("1.5h"));
        assertNull(Units.duration("1h30m"));
        assertNull(Units.duration("-1s"));
        assertNull(Units.duration("10 sec"));
        assertEquals("a duration needs a unit: ms, s, m, h or d",
                assertThrows(IllegalArgumentException.class, () -> Units.duration("10")).getMessage());
        assertEquals("at most 3650d", assertThrows(IllegalArgumentException.class, () -> Units.duration("3651d")).getMessage());
    }

    @Test
    void shouldParseSizesIn1024BasedUnits() {
        assertEquals(65536L, Units.size("65536"));
        assertEquals(100L, Units.size("100B"));
        assertEquals(64L << 10, Units.size("64KiB"));
        assertEquals(2L << 20, Units.size("2 MiB"));
        assertEquals(1L << 30, Units.size("1GiB"));
        assertEquals(3L << 40, Units.size("3TiB"));
        assertEquals(0L, Units.size("0"));
    }

    @Test
    void shouldRefuseAmbiguousOrOverflowingSizes() {
        assertNull(Units.size("1.5GiB"));
        assertNull(Units.size("64kib"));
        assertEquals("KB, MB, GB are not accepted; write KiB, MiB or GiB (1024-based)",
                assertThrows(IllegalArgumentException.class, () -> Units.size("64MB")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Units.size("2G"));
        assertThrows(IllegalArgumentException.class, () -> Units.size("99999999999TiB"));
        assertThrows(IllegalArgumentException.class, () -> Units.size("9999999999999999999"));
    }

    @Test
    void shouldParsePercentages() {
        assertEquals(new BigDecimal("75"), Units.percent("75%"));
        assertEquals(new BigDecimal("12.5"), Units.percent("12.5 %"));
        assertNull(Units.percent("75"));
        assertNull(Units.percent("-5%"));
    }

    @Test
    void shouldShowValuesBackInTheUnitsOfTheFile() {
        assertEquals("64KiB", Units.formatSize(64 << 10));
        assertEquals("1000 bytes", Units.formatSize(1000));
        assertEquals("0 bytes", Units.formatSize(0));
        assertEquals("2d", Units.formatDuration(Duration.ofHours(48)));
        assertEquals("90s", Units.formatDuration(Duration.ofSeconds(90)));
        assertEquals("1500ms", Units.formatDuration(Duration.ofMillis(1500)));
        assertEquals("0", Units.formatDuration(Duration.ZERO));
    }
}
