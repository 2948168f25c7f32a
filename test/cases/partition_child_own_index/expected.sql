-- create_index public.m_2024_id_only
CREATE INDEX m_2024_id_only ON public.m_2024 USING btree (id);

-- add_constraint public.m_2024.m_2024_id_check
alter table "public"."m_2024" add constraint "m_2024_id_check" CHECK ((id > 0)) not valid;

-- validate_constraint public.m_2024.m_2024_id_check
alter table "public"."m_2024" validate constraint "m_2024_id_check";
