SELECT (SELECT count(*) FROM pg_operator WHERE oprname IN ('~=', '!~=', '~~~') AND oprnamespace = 'public'::regnamespace) = 3
   AND NOT EXISTS (SELECT 1 FROM pg_operator WHERE oprname = '@+@')
   AND (SELECT oprrest::text FROM pg_operator WHERE oprname = '~=' AND oprnamespace = 'public'::regnamespace) = 'eqsel'
   AND ~~~ 'abc' = 'cba'
   AND obj_description('public.~=(numeric,numeric)'::regoperator, 'pg_operator') = 'approximately equal' AS ok;
