-- A read model's folded state is read back only whole, by the projection (as text, into its record), never queried
-- inside: kept as text, PostgreSQL no longer parses it into jsonb on every write, which cost about as much again as
-- the rest of the row's upsert. The view stays jsonb: the read API aggregates views with json_agg.
-- As jsonb did, a state holding the JSON escape \u0000 (NUL, which jsonb cannot hold) is refused (SQLSTATE 23514):
-- the projection sends its event to the dead letters, and a state stays readable as jsonb (snapshots, checksums).
alter table rm_customers alter column state type text using state::text,
    add constraint rm_customers_state_no_nul check (strpos(state, '\u0000') = 0);
alter table rm_subscriptions alter column state type text using state::text,
    add constraint rm_subscriptions_state_no_nul check (strpos(state, '\u0000') = 0);
alter table rm_orders alter column state type text using state::text,
    add constraint rm_orders_state_no_nul check (strpos(state, '\u0000') = 0);
alter table rm_invoices alter column state type text using state::text,
    add constraint rm_invoices_state_no_nul check (strpos(state, '\u0000') = 0);
alter table rm_payments alter column state type text using state::text,
    add constraint rm_payments_state_no_nul check (strpos(state, '\u0000') = 0);
