package org.bss.loadgen.stream;

/**
 * One subscriber: the tenant whose stream it reads, what it got so far, and its current connection. Everything but
 * {@link #received} belongs to the subscribers' event loop; {@code received} is shared with the thread that shows
 * progress, under this object's lock.
 */
final class Subscriber implements SseConnection.Handler {

    static final String OVERFLOW = "stream.overflow";

    final int number;
    final Ledger.Book book;
    private final Tally tally;
    /** The numbers (in its tenant's book) of the events it got; guarded by this. */
    private final IndexSet received = new IndexSet();
    long duplicates;
    /** Events that are none of its tenant's matching ones, or that could not be read. */
    long strangers;
    long overflowed;
    long reconnects;
    /** The position of the last event read: a reconnection resumes after it. */
    String resumeFrom = "";
    SseConnection connection;
    boolean live;
    boolean everLive;
    long attemptNanos;
    long reconnectAtNanos;

    Subscriber(int number, Ledger.Book book, Tally tally) {
        this.number = number;
        this.book = book;
        this.tally = tally;
    }

    @Override
    public void live() {
        if (!live) {
            live = true;
            if (!everLive) {
                everLive = true;
                tally.live++;
            }
        }
    }

    @Override
    public void event(String type, String lastEventId, byte[] data, int length, long readNanos) {
        tally.frames++;
        if (OVERFLOW.equals(type)) {
            overflowed++;
            tally.overflows++;
            return; // the server closes the stream next; resuming from the last event read loses nothing
        }
        if (!lastEventId.isEmpty()) {
            resumeFrom = lastEventId;
        }
        CloudEventHead head = CloudEventHead.read(data, length);
        Ledger.Sent sent = head == null ? null : tally.ledger.sent(head.id());
        if (sent == null || sent.book() != book || !sent.source().equals(head.source())) {
            strangers++;
            tally.unexpected(this, head, data, length);
            return;
        }
        boolean first;
        synchronized (this) {
            first = received.add(sent.index());
        }
        if (first) {
            tally.delivered(sent, readNanos);
        } else {
            duplicates++;
        }
    }

    /** How many of these events (numbers in its tenant's book) it got. */
    synchronized long got(IndexSet events) {
        return received.countCommon(events);
    }

    synchronized long gotInAll() {
        return received.size();
    }

    /** The first of these events it did not get, at most {@code limit}. */
    synchronized int[] lacks(IndexSet events, int limit) {
        return received.firstOf(events, false, limit);
    }

    /** The first of these events it got, at most {@code limit}. */
    synchronized int[] has(IndexSet events, int limit) {
        return received.firstOf(events, true, limit);
    }

    @Override
    public String toString() {
        return "subscriber " + number + " (" + book.tenant.tenantId() + ")";
    }
}
