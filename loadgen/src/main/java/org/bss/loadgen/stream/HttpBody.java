package org.bss.loadgen.stream;

import java.io.IOException;

/**
 * The body of a streamed HTTP/1.1 answer as its bytes arrive, in any pieces: hands on the payload without the
 * transfer's framing and says when the body has ended.
 */
sealed interface HttpBody permits HttpBody.Chunked, HttpBody.Sized, HttpBody.UntilClose {

    /** Where the payload goes. */
    @FunctionalInterface
    interface Sink {
        void accept(byte[] buffer, int from, int to) throws IOException;
    }

    /**
     * Passes the payload within {@code buffer[from, to)} to the sink; true once the body has ended (bytes after its
     * end are ignored).
     *
     * @throws IOException when the framing is broken
     */
    boolean feed(byte[] buffer, int from, int to, Sink sink) throws IOException;

    /** The body an answer's headers announce. */
    static HttpBody of(boolean chunked, long contentLength) {
        if (chunked) {
            return new Chunked();
        }
        return contentLength >= 0 ? new Sized(contentLength) : new UntilClose();
    }

    /** {@code Transfer-Encoding: chunked}: a hexadecimal size line, that many bytes, CRLF; a size of 0 ends it. */
    final class Chunked implements HttpBody {

        private enum State { SIZE, EXTENSION, DATA, DATA_END, TRAILER, DONE }

        private State state = State.SIZE;
        private long size;
        private int sizeDigits;
        private long remaining;
        private int trailerLineLength;

        @Override
        public boolean feed(byte[] buffer, int from, int to, Sink sink) throws IOException {
            int i = from;
            while (i < to && state != State.DONE) {
                if (state == State.DATA) {
                    int n = (int) Math.min(remaining, to - i);
                    sink.accept(buffer, i, i + n);
                    i += n;
                    remaining -= n;
                    if (remaining == 0) {
                        state = State.DATA_END;
                    }
                    continue;
                }
                byte b = buffer[i++];
                switch (state) {
                    case SIZE -> size(b);
                    case EXTENSION -> {
                        if (b == '\n') {
                            sizeEnded();
                        }
                    }
                    case DATA_END -> {
                        if (b == '\n') {
                            state = State.SIZE;
                        } else if (b != '\r') {
                            throw new IOException("a chunk longer than its size");
                        }
                    }
                    case TRAILER -> {
                        if (b == '\n') {
                            if (trailerLineLength == 0) {
                                state = State.DONE;
                            }
                            trailerLineLength = 0;
                        } else if (b != '\r') {
                            trailerLineLength++;
                        }
                    }
                    default -> throw new IllegalStateException(state.name());
                }
            }
            return state == State.DONE;
        }

        private void size(byte b) throws IOException {
            int digit = Character.digit(b, 16);
            if (digit >= 0) {
                if (++sizeDigits > 15) {
                    throw new IOException("a chunk size of more than 15 hexadecimal digits");
                }
                size = size * 16 + digit;
            } else if (b == ';') {
                state = State.EXTENSION;
            } else if (b == '\n') {
                sizeEnded();
            } else if (b != '\r' && b != ' ' && b != '\t') {
                throw new IOException("a chunk size that is not hexadecimal: '" + (char) (b & 0xff) + "'");
            }
        }

        private void sizeEnded() throws IOException {
            if (sizeDigits == 0) {
                throw new IOException("a chunk without a size");
            }
            remaining = size;
            state = size == 0 ? State.TRAILER : State.DATA;
            size = 0;
            sizeDigits = 0;
            trailerLineLength = 0;
        }
    }

    /** {@code Content-Length}: that many bytes. */
    final class Sized implements HttpBody {

        private long remaining;

        Sized(long length) {
            this.remaining = length;
        }

        @Override
        public boolean feed(byte[] buffer, int from, int to, Sink sink) throws IOException {
            int n = (int) Math.min(remaining, to - from);
            if (n > 0) {
                sink.accept(buffer, from, from + n);
                remaining -= n;
            }
            return remaining == 0;
        }
    }

    /** Neither: the body runs until the server closes the connection. */
    final class UntilClose implements HttpBody {

        @Override
        public boolean feed(byte[] buffer, int from, int to, Sink sink) throws IOException {
            if (to > from) {
                sink.accept(buffer, from, to);
            }
            return false;
        }
    }
}
