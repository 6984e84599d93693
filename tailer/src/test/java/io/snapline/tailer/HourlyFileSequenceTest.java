package io.snapline.tailer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HourlyFileSequenceTest {

    @TempDir
    Path root;

    /** The directory of the {@link GlobFileSequence} tests. */
    @TempDir
    Path dir;

    private HourlyFileSequence orderStatuses(NodeLayout layout) {
        return new HourlyFileSequence(root, NodeStream.ORDER_STATUSES, layout);
    }

    private Path hourly(String streamDirectory) {
        return root.resolve(streamDirectory).resolve("hourly");
    }

    private static Path touch(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[] {'x', '\n'});
        return file;
    }

    /** "day/hour" of each discovered file, relative to its hourly directory. */
    private static List<String> dayHours(List<Path> files) {
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            names.add(file.getParent().getFileName() + "/" + file.getFileName());
        }
        return names;
    }

    @Test
    void shouldOrderHoursNumericallyNotByName() throws IOException {
        Path day = hourly("node_order_statuses_streaming").resolve("20260505");
        List<Integer> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            hours.add(h);
        }
        Collections.shuffle(hours, new Random(7));
        for (int h : hours) {
            touch(day.resolve(Integer.toString(h)));
        }

        List<Path> files = orderStatuses(NodeLayout.STREAMING).discover();

        List<Path> expected = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            expected.add(day.resolve(Integer.toString(h)));
        }
        assertEquals(expected, files);
    }

    @Test
    void shouldPutANewDayAfterHour23OfThePreviousDay() throws IOException {
        Path hourly = hourly("node_order_statuses_streaming");
        for (String name : List.of("20260506/1", "20260505/23", "20260506/0", "20260505/9", "20260505/10",
                "20261231/23", "20270101/0", "20260430/23", "20260501/0")) {
            touch(hourly.resolve(name));
        }

        List<Path> files = orderStatuses(NodeLayout.STREAMING).discover();

        assertEquals(List.of("20260430/23", "20260501/0", "20260505/9", "20260505/10", "20260505/23",
                "20260506/0", "20260506/1", "20261231/23", "20270101/0"), dayHours(files));
    }

    @Test
    void shouldIgnoreNamesThatAreNotAnUnpaddedHourOrAnEightDigitDate() throws IOException {
        Path hourly = hourly("node_order_statuses_streaming");
        Path day = hourly.resolve("20260505");
        touch(day.resolve("9"));
        touch(day.resolve("10"));
        for (String notAnHour : List.of("09", "00", "24", "99", "100", "010", "10.old", "10~", ".10.swp", "-1", "+1",
                "1a", "a", " 1")) {
            touch(day.resolve(notAnHour));
        }
        Files.createDirectories(day.resolve("11")); // a directory named like an hour is not a file
        for (String notADay : List.of("2026050", "202605050", "2026-05-05", "2026050a", "old")) {
            touch(hourly.resolve(notADay).resolve("5"));
        }
        touch(hourly.resolve("20260506")); // a file named like a date is not a day directory

        List<Path> files = orderStatuses(NodeLayout.STREAMING).discover();

        assertEquals(List.of(day.resolve("9"), day.resolve("10")), files);
    }

    @Test
    void shouldDiscoverNothingWhenTheStreamDirectoryIsMissing() throws IOException {
        HourlyFileSequence sequence = orderStatuses(NodeLayout.STREAMING);

        assertEquals(List.of(), sequence.discover());
        assertEquals(List.of(), sequence.watchDirectories());
    }

    @Test
    void shouldDiscoverNothingWhenTheHourlyDirectoryIsMissingOrEmpty() throws IOException {
        Files.createDirectories(root.resolve("node_order_statuses_streaming"));
        assertEquals(List.of(), orderStatuses(NodeLayout.STREAMING).discover());

        Files.createDirectories(hourly("node_order_statuses_streaming").resolve("20260505"));
        assertEquals(List.of(), orderStatuses(NodeLayout.STREAMING).discover());
    }

    @Test
    void shouldDiscoverNothingWhenTheHourlyPathIsAFile() throws IOException {
        touch(hourly("node_order_statuses_streaming"));

        assertEquals(List.of(), orderStatuses(NodeLayout.STREAMING).discover());
    }

    @Test
    void shouldKeepEachLayoutsFilesInItsOwnSequence() throws IOException {
        Path plain = touch(hourly("node_order_statuses").resolve("20260505/1"));
        Path streaming = touch(hourly("node_order_statuses_streaming").resolve("20260505/2"));
        Path byBlock = touch(hourly("node_order_statuses_by_block").resolve("20260505/3"));
        touch(hourly("node_fills_streaming").resolve("20260505/4"));
        touch(hourly("node_order_statuses_other").resolve("20260505/5"));

        HourlyFileSequence plainSequence = orderStatuses(NodeLayout.PLAIN);
        HourlyFileSequence streamingSequence = orderStatuses(NodeLayout.STREAMING);
        HourlyFileSequence byBlockSequence = orderStatuses(NodeLayout.BY_BLOCK);

        assertEquals("node_order_statuses", plainSequence.name());
        assertEquals("node_order_statuses_streaming", streamingSequence.name());
        assertEquals("node_order_statuses_by_block", byBlockSequence.name());
        assertEquals(List.of(plain), plainSequence.discover());
        assertEquals(List.of(streaming), streamingSequence.discover());
        assertEquals(List.of(byBlock), byBlockSequence.discover());
    }

    @Test
    void shouldGiveOneSequencePerLayoutFromAllLayouts() throws IOException {
        Path plain = touch(hourly("node_fills").resolve("20260505/1"));
        Path streaming = touch(hourly("node_fills_streaming").resolve("20260505/2"));
        Path byBlock = touch(hourly("node_fills_by_block").resolve("20260505/3"));

        List<FileSequence> sequences = HourlyFileSequence.allLayouts(root, NodeStream.FILLS);

        assertEquals(3, sequences.size());
        for (FileSequence sequence : sequences) {
            assertInstanceOf(HourlyFileSequence.class, sequence);
        }
        assertEquals(List.of("node_fills", "node_fills_streaming", "node_fills_by_block"),
                sequences.stream().map(FileSequence::name).collect(Collectors.toList()));
        assertEquals(List.of(plain), sequences.get(0).discover());
        assertEquals(List.of(streaming), sequences.get(1).discover());
        assertEquals(List.of(byBlock), sequences.get(2).discover());
    }

    @Test
    void shouldWatchTheHourlyDirectoryAndTheNewestTwoDays() throws IOException {
        Path hourly = hourly("node_order_statuses_streaming");
        for (String day : List.of("20260505", "20260503", "20260506", "20260504")) {
            touch(hourly.resolve(day).resolve("0"));
        }
        Files.createDirectories(hourly.resolve("99999999x")); // not a date
        Files.createDirectories(hourly.resolve("notes"));

        List<Path> watched = orderStatuses(NodeLayout.STREAMING).watchDirectories();

        assertEquals(Set.of(hourly, hourly.resolve("20260505"), hourly.resolve("20260506")), Set.copyOf(watched));
        assertEquals(3, watched.size());
    }

    @Test
    void shouldWatchTheHourlyDirectoryAndItsOnlyDay() throws IOException {
        Path hourly = hourly("node_order_statuses_streaming");
        Files.createDirectories(hourly);
        assertEquals(List.of(hourly), orderStatuses(NodeLayout.STREAMING).watchDirectories());

        Files.createDirectories(hourly.resolve("20260505"));
        assertEquals(Set.of(hourly, hourly.resolve("20260505")),
                Set.copyOf(orderStatuses(NodeLayout.STREAMING).watchDirectories()));
    }

    // ---- GlobFileSequence: ordinary log files, in the same family of file sequences ----

    private void touchAt(String name, long epochSecond) throws IOException {
        Path file = touch(dir.resolve(name));
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(epochSecond)));
    }

    private List<String> names(List<Path> files) {
        return files.stream().map(f -> f.getFileName().toString()).collect(Collectors.toList());
    }

    @Test
    void globShouldMatchOnlyNamesOfThePattern() throws IOException {
        for (String name : List.of("app.log", "b.log", "app.log.1", "app.txt", "log", "applog", "app.LOG")) {
            touchAt(name, 1_000);
        }
        Files.createDirectories(dir.resolve("archive.log")); // a directory, not a file
        touch(dir.resolve("sub").resolve("nested.log")); // not in the directory itself

        List<Path> files = new GlobFileSequence(dir.resolve("*.log").toString()).discover();

        assertEquals(List.of("app.log", "b.log"), names(files));
        for (Path file : files) {
            assertEquals(dir, file.getParent());
        }
    }

    @Test
    void globShouldOrderByLastModifiedTimeThenName() throws IOException {
        touchAt("a.log", 3_000);
        touchAt("d.log", 2_000);
        touchAt("b.log", 2_000);
        touchAt("z.log", 1_000);
        touchAt("c.log", 4_000);

        List<Path> files = new GlobFileSequence(dir.resolve("*.log").toString()).discover();

        assertEquals(List.of("z.log", "b.log", "d.log", "a.log", "c.log"), names(files));
    }

    @Test
    void globShouldPutRotatedFilesBeforeTheFileBeingWritten() throws IOException {
        touchAt("app.log", 3_000); // being written
        touchAt("app.log.1", 2_000);
        touchAt("app.log.2", 1_000);

        List<Path> files = new GlobFileSequence(dir.resolve("app.log*").toString()).discover();

        assertEquals(List.of("app.log.2", "app.log.1", "app.log"), names(files));
    }

    @Test
    void globShouldRejectWildcardsInTheDirectoryPartNamingTheGlob() {
        for (String glob : List.of(dir + "/*/app.log", dir + "/a?/app.log", dir + "/[ab]/app.log",
                dir + "/{a,b}/app.log", "/var/log/*/x/*.log")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new GlobFileSequence(glob));
            assertTrue(e.getMessage().contains(glob), () -> "message names the glob: " + e.getMessage());
        }
    }

    @Test
    void globShouldDiscoverNothingWhenTheDirectoryIsMissing() throws IOException {
        GlobFileSequence sequence = new GlobFileSequence(dir.resolve("missing").resolve("*.log").toString());

        assertEquals(List.of(), sequence.discover());
        assertEquals(List.of(), sequence.watchDirectories());
    }

    @Test
    void globShouldBeNamedByItsGlobAndWatchItsDirectory() {
        String glob = dir.resolve("*.log").toString();
        GlobFileSequence sequence = new GlobFileSequence(glob);

        assertEquals(glob, sequence.name());
        assertEquals(List.of(dir), sequence.watchDirectories());
    }
}
