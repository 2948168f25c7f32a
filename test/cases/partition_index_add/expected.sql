-- create_index public.m_id_ts
CREATE UNIQUE INDEX m_id_ts ON public.m USING btree (id, ts);

-- create_index public.m_v_idx
CREATE INDEX m_v_idx ON public.m USING btree (v);
