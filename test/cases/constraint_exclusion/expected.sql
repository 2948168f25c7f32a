-- add_constraint public.booking.booking_no_overlap
alter table "public"."booking" add constraint "booking_no_overlap" EXCLUDE USING gist (room WITH =, during WITH &&);
