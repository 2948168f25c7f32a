-- create_table public.machines
create table "public"."machines" (
    "id" integer not null,
    "name" text
      );

-- drop_inherit public.cars
alter table "public"."cars" no inherit "public"."vehicles";

-- drop_table public.vehicles (deletes data)
drop table "public"."vehicles";

-- add_inherit public.cars
alter table "public"."cars" inherit "public"."machines";
