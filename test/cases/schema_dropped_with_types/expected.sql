-- drop_table billing.plans (deletes data)
drop table "billing"."plans";

-- drop_type billing.amount_range (deletes data)
DROP TYPE billing.amount_range;

-- drop_domain billing.code (deletes data)
DROP DOMAIN billing.code;

-- drop_collation billing.natural
DROP COLLATION billing."natural";

-- drop_schema billing (deletes data)
drop schema if exists "billing";
