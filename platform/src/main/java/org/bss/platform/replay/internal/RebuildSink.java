package org.bss.platform.replay.internal;

import java.util.List;
import org.bss.platform.bus.BusEvent;
import org.bss.platform.projection.ReadModelRebuilds;

/** The read models' new generation: events are folded into it; what cannot be folded is the job's refused list. */
final class RebuildSink implements Sink {

    private final ReadModelRebuilds rebuilds;
    private final ReadModelRebuilds.Generation generation;

    RebuildSink(ReadModelRebuilds rebuilds, ReadModelRebuilds.Generation generation) {
        this.rebuilds = rebuilds;
        this.generation = generation;
    }

    @Override
    public List<Refusal> deliver(List<BusEvent> events) {
        return rebuilds.fold(generation, events).stream().map(u -> new Refusal(u.event(), u.cause())).toList();
    }
}
