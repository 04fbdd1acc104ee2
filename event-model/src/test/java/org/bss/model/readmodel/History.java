package org.bss.model.readmodel;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.bss.model.readmodel.Histories.Draft;

/** The events of one customer, in the order they were drawn: aggregate after aggregate, each along its lifecycle. */
record History(String customerId, List<Fact> events) {

    History {
        events = List.copyOf(events);
    }

    /** The drafts as facts, each id a random part and then the draft's place, so that no two are the same. */
    static History of(String customerId, List<Draft> drafts, List<Integer> randomParts) {
        if (randomParts.size() < drafts.size()) {
            throw new IllegalArgumentException(drafts.size() + " drafts, " + randomParts.size() + " random parts");
        }
        List<Fact> events = new ArrayList<>(drafts.size());
        for (int i = 0; i < drafts.size(); i++) {
            Draft draft = drafts.get(i);
            String id = "evt-%02d-%02d".formatted(randomParts.get(i), i);
            events.add(new Fact(draft.type(), new Stamp(draft.time(), draft.source(), id), draft.data()));
        }
        return new History(customerId, events);
    }

    /** The order the folds define, which an in-order fold reads. */
    List<Fact> inStampOrder() {
        return events.stream().sorted(Comparator.comparing(Fact::stamp)).toList();
    }

    /** This history and one more event. */
    History with(Fact event) {
        List<Fact> more = new ArrayList<>(events);
        more.add(event);
        return new History(customerId, more);
    }

    /** The customer's folio, folded from these events in the order of {@code arrival}. */
    CustomerFolio folio(List<Fact> arrival) {
        return Facts.fold(CustomerFolio.initial(customerId), CustomerFolio::evolve, arrival);
    }

    CustomerFolio folioInStampOrder() {
        return folio(inStampOrder());
    }

    boolean has(String type) {
        return events.stream().anyMatch(event -> event.type().equals(type));
    }

    @Override
    public String toString() {
        return customerId + ", by stamp:\n" + lines(inStampOrder());
    }

    /** One line an event: its stamp, type and data. */
    static String lines(List<Fact> facts) {
        return facts.stream()
                .map(fact -> "  %s %s %s %s %s".formatted(fact.time(), fact.stamp().source(), fact.stamp().id(),
                        fact.type(), fact.data()))
                .collect(Collectors.joining("\n"));
    }
}
