package io.snapline.records;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Utf8 agrees with the JDK's strict UTF-8 codec. */
class Utf8Test {

    private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    @Test
    void shouldJudgeEveryTwoByteSequenceAsTheJdkDoes() {
        byte[] pair = new byte[2];
        for (int i = 0; i < 65_536; i++) {
            pair[0] = (byte) (i >> 8);
            pair[1] = (byte) i;
            assertEquals(jdkAccepts(pair, 0, 2), Utf8.isValid(pair, 0, 2), Integer.toHexString(i));
        }
    }

    @Test
    void shouldJudgeRandomSequencesAsTheJdkDoes() {
        Random random = new Random(20_260_505L);
        byte[] bytes = new byte[40];
        byte[] interesting = {0x00, 0x41, 0x7F, (byte) 0x80, (byte) 0x8F, (byte) 0x90, (byte) 0x9F, (byte) 0xA0,
            (byte) 0xBF, (byte) 0xC0, (byte) 0xC1, (byte) 0xC2, (byte) 0xDF, (byte) 0xE0, (byte) 0xED, (byte) 0xEE,
            (byte) 0xEF, (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0xFF};
        for (int round = 0; round < 200_000; round++) {
            int length = 1 + random.nextInt(bytes.length - 1);
            for (int i = 0; i < length; i++) {
                bytes[i] = random.nextInt(3) == 0 ? (byte) ('a' + random.nextInt(26))
                        : interesting[random.nextInt(interesting.length)];
            }
            int offset = random.nextInt(length);
            assertEquals(jdkAccepts(bytes, offset, length - offset), Utf8.isValid(bytes, offset, length - offset));
        }
    }

    @Test
    void shouldAcceptTheBoundariesOfEachLength() {
        String text = "\u0000\u007F\u0080\u07FF\u0800\uD7FF\uE000\uFFFF" + new String(Character.toChars(0x10000))
                + new String(Character.toChars(0x10FFFF)) + "ascii only long enough for the eight-byte steps";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);

        assertTrue(Utf8.isValid(bytes, 0, bytes.length));
        assertFalse(Utf8.isValid(bytes, 0, 2 + 1)); // cuts U+0080 in half
    }

    @Test
    void shouldEncodeCharsAsTheJdkDoesAndRefuseLoneSurrogates() {
        Random random = new Random(7);
        char[] pool = {'a', '"', 'é', '\u07FF', '\u0800', '€', '\uFFFF', '\uD83D', '\uDE00', '\uDBFF', '\uDFFF'};
        char[] chars = new char[16];
        for (int round = 0; round < 100_000; round++) {
            int length = random.nextInt(chars.length);
            for (int i = 0; i < length; i++) {
                chars[i] = pool[random.nextInt(pool.length)];
            }
            String text = new String(chars, 0, length);
            int encoded = Utf8.encodedLength(chars, 0, length);
            if (hasLoneSurrogate(text)) {
                assertEquals(-1, encoded, text);
                continue;
            }
            byte[] expected = text.getBytes(StandardCharsets.UTF_8);
            assertEquals(expected.length, encoded);
            byte[] actual = new byte[encoded + 2];
            assertEquals(encoded, Utf8.encode(chars, 0, length, actual, 1));
            assertArrayEquals(expected, java.util.Arrays.copyOfRange(actual, 1, 1 + encoded));
        }
    }

    private boolean jdkAccepts(byte[] bytes, int offset, int length) {
        try {
            strict.reset().decode(ByteBuffer.wrap(bytes, offset, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
