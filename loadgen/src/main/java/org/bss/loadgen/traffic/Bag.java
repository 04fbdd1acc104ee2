package org.bss.loadgen.traffic;

import java.util.Arrays;

/**
 * A bounded unordered collection with O(1) add, random pick and removal (the last element fills the hole).
 * When full, adding replaces a random element: the working set forgets at random rather than growing.
 */
final class Bag<T> {

    private final int capacity;
    private Object[] items = new Object[16];
    private int size;

    Bag(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int capacity() {
        return capacity;
    }

    /** Adds {@code item}; returns the element it evicted to make room, or null. */
    T add(T item, Dice dice) {
        if (size == capacity) {
            int victim = dice.below(size);
            T evicted = get(victim);
            items[victim] = item;
            return evicted;
        }
        if (size == items.length) {
            items = Arrays.copyOf(items, Math.min(capacity, items.length * 2));
        }
        items[size++] = item;
        return null;
    }

    @SuppressWarnings("unchecked")
    T get(int index) {
        return (T) items[index];
    }

    void set(int index, T item) {
        items[index] = item;
    }

    T removeAt(int index) {
        T item = get(index);
        items[index] = items[--size];
        items[size] = null;
        return item;
    }
}
