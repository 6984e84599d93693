package io.snapline.sidecar.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void shouldPrintBytesInBinaryUnitsWithAtMostThreeDigits() {
        assertEquals("0 B", Units.bytes(0));
        assertEquals("999 B", Units.bytes(999));
        assertEquals("1.0 KiB", Units.bytes(1000));
        assertEquals("1.5 KiB", Units.bytes(1536));
        assertEquals("9.5 MiB", Units.bytes(9_961_472));
        assertEquals("118 MiB", Units.bytes(118L << 20));
        assertEquals("1.0 GiB", Units.bytes(1000L << 20), "never four digits");
        assertEquals("1.2 GiB", Units.bytes(1_288_490_189L));
        assertEquals("11 TiB", Units.bytes(11L << 40));
        assertEquals("8.0 EiB", Units.bytes(Long.MAX_VALUE));
        assertEquals("-2.0 KiB", Units.bytes(-2048));
    }

    @Test
    void shouldPrintDurationsInTheirTwoLargestUnits() {
        assertEquals("--:--", Units.duration(-1));
        assertEquals("0s", Units.duration(0));
        assertEquals("45s", Units.duration(45));
        assertEquals("3m05s", Units.duration(185));
        assertEquals("2h07m", Units.duration(2 * 3600 + 7 * 60 + 59));
        assertEquals("3d04h", Units.duration(3 * 86_400 + 4 * 3600 + 5));
    }

    @Test
    void shouldPrintCountsWithMetricSuffixes() {
        assertEquals("0", Units.count(0));
        assertEquals("950", Units.count(950));
        assertEquals("1.0k", Units.count(999.5));
        assertEquals("12k", Units.count(12_345));
        assertEquals("182k", Units.count(182_340));
        assertEquals("4.1M", Units.count(4_100_000));
        assertEquals("3.2G", Units.count(3.2e9));
    }
}
