-- Events found by their platform id: the read models keep which events made each customer and fold them back from
-- here (history, time travel). event_id is a UUIDv7, so new entries land at the index's right edge.
create index events_event_id on events (event_id);
