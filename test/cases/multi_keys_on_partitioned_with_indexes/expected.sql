-- add_constraint public.m.m_pkey
alter table "public"."m" add constraint "m_pkey" PRIMARY KEY (id, day);

-- add_constraint public.m.m_k_day_key
alter table "public"."m" add constraint "m_k_day_key" UNIQUE (k, day);
