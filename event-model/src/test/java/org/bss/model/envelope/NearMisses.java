package org.bss.model.envelope;

import java.util.Random;

/** Near misses of a valid value, for holding a hand-written scanner to the regular expression it replaced. */
final class NearMisses {

    private NearMisses() {
    }

    /** The value with one to three edits: a piece inserted, a character deleted, or one replaced by a piece's first. */
    static String of(String value, String[] pieces, Random random) {
        StringBuilder edited = new StringBuilder(value);
        for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
            int at = random.nextInt(edited.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> edited.insert(at, pieces[random.nextInt(pieces.length)]);
                case 1 -> {
                    if (at < edited.length()) {
                        edited.deleteCharAt(at);
                    }
                }
                default -> {
                    if (at < edited.length()) {
                        edited.setCharAt(at, pieces[random.nextInt(pieces.length)].charAt(0));
                    }
                }
            }
        }
        return edited.toString();
    }
}
