-- The schema policy is the schema registry's, not tenancy's: a table of its own, the values moved over. No
-- foreign key to tenants: every caller that sets one is a registered tenant, and tenancy owns that check.
create table schema_policies (
    tenant_id text primary key,
    policy    text not null check (policy in ('strict', 'permissive'))
);
insert into schema_policies (tenant_id, policy) select tenant_id, schema_policy from tenants;
alter table tenants drop column schema_policy;
