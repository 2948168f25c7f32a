-- drop_constraint public.seats.seats_code_key
alter table "public"."seats" drop constraint "seats_code_key";

-- drop_constraint public.seats.seats_flight_seat_key
alter table "public"."seats" drop constraint "seats_flight_seat_key";

-- drop_constraint public.seats.seats_position_key
alter table "public"."seats" drop constraint "seats_position_key";

-- drop_constraint public.seats.seats_pkey
alter table "public"."seats" drop constraint "seats_pkey";

-- drop_index public.seats_flight_seat_key
drop index if exists "public"."seats_flight_seat_key";

-- drop_index public.seats_pkey
drop index if exists "public"."seats_pkey";

-- create_index public.seats_flight_seat_key
CREATE UNIQUE INDEX seats_flight_seat_key ON public.seats USING btree (flight, seat);

-- create_index public.seats_pkey
CREATE UNIQUE INDEX seats_pkey ON public.seats USING btree (id);

-- add_constraint public.seats.seats_pkey
alter table "public"."seats" add constraint "seats_pkey" PRIMARY KEY using index "seats_pkey" DEFERRABLE;

-- add_constraint public.seats.seats_code_key
ALTER TABLE public.seats ADD CONSTRAINT seats_code_key UNIQUE (flight, seat, "position") DEFERRABLE;

-- add_constraint public.seats.seats_flight_seat_key
alter table "public"."seats" add constraint "seats_flight_seat_key" UNIQUE using index "seats_flight_seat_key" DEFERRABLE INITIALLY DEFERRED;

-- add_constraint public.seats.seats_position_key
ALTER TABLE public.seats ADD CONSTRAINT seats_position_key UNIQUE (flight, "position") DEFERRABLE INITIALLY DEFERRED;
