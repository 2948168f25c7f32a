-- detach_partition public.m
alter table "public"."m" detach partition "public"."m_2023";

-- attach_partition public.m
alter table "public"."m" attach partition "public"."m_2024" FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
