package org.bss.platform.ingest.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8: what PostgreSQL will take. Jackson also reads UTF-16/32 and overlong forms, PostgreSQL does not. */
final class Utf8 {

    private Utf8() {
    }

    static boolean isValid(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return decodes(bytes); // not plain ASCII: let the decoder judge
            }
            if (b == 0) {
                return false; // U+0000 (or UTF-16/32): PostgreSQL text cannot hold it
            }
        }
        return true;
    }

    private static boolean decodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return new String(bytes, StandardCharsets.UTF_8).indexOf('\0') < 0;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
