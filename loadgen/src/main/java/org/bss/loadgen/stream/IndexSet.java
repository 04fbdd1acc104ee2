package org.bss.loadgen.stream;

import java.util.Arrays;

/**
 * A set of non-negative ints kept as bits in chunks of 65,536, a chunk once full replaced by one shared array. A
 * subscriber's set of the events it got fills in about the order they were sent, so only the last chunk or two are
 * partial: a thousand subscribers keep a few megabytes however long the run. Not thread-safe.
 */
final class IndexSet {

    private static final int CHUNK_SHIFT = 16;
    private static final int CHUNK_BITS = 1 << CHUNK_SHIFT;
    private static final int WORDS = CHUNK_BITS / 64;
    private static final long[] FULL = full();

    private long[][] chunks = new long[4][];
    private int[] counts = new int[4];
    private long size;

    private static long[] full() {
        long[] words = new long[WORDS];
        Arrays.fill(words, -1L);
        return words;
    }

    /** Adds an index; false when it was there already. */
    boolean add(int index) {
        int c = index >>> CHUNK_SHIFT;
        if (c >= chunks.length) {
            int length = Math.max(chunks.length * 2, c + 1);
            chunks = Arrays.copyOf(chunks, length);
            counts = Arrays.copyOf(counts, length);
        }
        long[] chunk = chunks[c];
        if (chunk == FULL) {
            return false;
        }
        if (chunk == null) {
            chunk = chunks[c] = new long[WORDS];
        }
        int word = (index >>> 6) & (WORDS - 1);
        long bit = 1L << index;
        if ((chunk[word] & bit) != 0) {
            return false;
        }
        chunk[word] |= bit;
        size++;
        if (++counts[c] == CHUNK_BITS) {
            chunks[c] = FULL;
        }
        return true;
    }

    boolean contains(int index) {
        int c = index >>> CHUNK_SHIFT;
        if (index < 0 || c >= chunks.length || chunks[c] == null) {
            return false;
        }
        return (chunks[c][(index >>> 6) & (WORDS - 1)] & 1L << index) != 0;
    }

    long size() {
        return size;
    }

    /** How many indexes this set and the other share. */
    long countCommon(IndexSet other) {
        long common = 0;
        int n = Math.min(chunks.length, other.chunks.length);
        for (int c = 0; c < n; c++) {
            long[] mine = chunks[c];
            long[] theirs = other.chunks[c];
            if (mine == null || theirs == null) {
                continue;
            }
            if (mine == FULL) {
                common += other.counts[c];
            } else if (theirs == FULL) {
                common += counts[c];
            } else {
                for (int w = 0; w < WORDS; w++) {
                    common += Long.bitCount(mine[w] & theirs[w]);
                }
            }
        }
        return common;
    }

    /** The first indexes of the other set that this one also holds ({@code inThis}) or lacks, at most {@code limit}. */
    int[] firstOf(IndexSet other, boolean inThis, int limit) {
        int[] indexes = new int[limit];
        int found = 0;
        for (int c = 0; c < other.chunks.length && found < limit; c++) {
            long[] theirs = other.chunks[c];
            if (theirs == null) {
                continue;
            }
            long[] mine = c < chunks.length ? chunks[c] : null;
            for (int w = 0; w < WORDS && found < limit; w++) {
                long here = mine == null ? 0 : mine[w];
                long wanted = theirs[w] & (inThis ? here : ~here);
                while (wanted != 0 && found < limit) {
                    indexes[found++] = (c << CHUNK_SHIFT) + w * 64 + Long.numberOfTrailingZeros(wanted);
                    wanted &= wanted - 1;
                }
            }
        }
        return Arrays.copyOf(indexes, found);
    }
}
