--
-- PostgreSQL database dump
--

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: tracker; Type: SCHEMA; Schema: -; Owner: -
--

CREATE SCHEMA tracker;

--
-- Name: issue_state; Type: TYPE; Schema: tracker; Owner: -
--

CREATE TYPE tracker.issue_state AS ENUM (
    'open',
    'closed'
);

--
-- Name: issue_title(bigint); Type: FUNCTION; Schema: tracker; Owner: -
--

CREATE FUNCTION tracker.issue_title(issue_id bigint) RETURNS text
    LANGUAGE sql STABLE
    AS $$ SELECT title FROM tracker.issues WHERE id = issue_id $$;

--
-- Name: bump_version(); Type: FUNCTION; Schema: tracker; Owner: -
--

CREATE FUNCTION tracker.bump_version() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
  NEW.lock_version := OLD.lock_version + 1;
  RETURN NEW;
END
$$;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: issues; Type: TABLE; Schema: tracker; Owner: -
--

CREATE TABLE tracker.issues (
    id bigint NOT NULL,
    project_id bigint NOT NULL,
    title character varying(255) NOT NULL,
    state tracker.issue_state DEFAULT 'open'::tracker.issue_state NOT NULL,
    lock_version integer DEFAULT 0 NOT NULL,
    created_at timestamp with time zone NOT NULL,
    CONSTRAINT check_title_length CHECK ((char_length((title)::text) <= 255))
);

--
-- Name: issues_id_seq; Type: SEQUENCE; Schema: tracker; Owner: -
--

CREATE SEQUENCE tracker.issues_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE tracker.issues_id_seq OWNED BY tracker.issues.id;

--
-- Name: projects; Type: TABLE; Schema: tracker; Owner: -
--

CREATE TABLE tracker.projects (
    id bigint NOT NULL,
    name text NOT NULL,
    parent_id bigint
);

CREATE SEQUENCE tracker.projects_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE tracker.projects_id_seq OWNED BY tracker.projects.id;

--
-- Name: open_issues; Type: VIEW; Schema: tracker; Owner: -
--

CREATE VIEW tracker.open_issues AS
 SELECT id,
    project_id,
    title
   FROM tracker.issues
  WHERE (state = 'open'::tracker.issue_state);

ALTER TABLE ONLY tracker.issues ALTER COLUMN id SET DEFAULT nextval('tracker.issues_id_seq'::regclass);

ALTER TABLE ONLY tracker.projects ALTER COLUMN id SET DEFAULT nextval('tracker.projects_id_seq'::regclass);

--
-- Name: issues issues_pkey; Type: CONSTRAINT; Schema: tracker; Owner: -
--

ALTER TABLE ONLY tracker.issues
    ADD CONSTRAINT issues_pkey PRIMARY KEY (id);

ALTER TABLE ONLY tracker.projects
    ADD CONSTRAINT projects_pkey PRIMARY KEY (id);

--
-- Name: index_issues_on_project_id_and_state; Type: INDEX; Schema: tracker; Owner: -
--

CREATE INDEX index_issues_on_project_id_and_state ON tracker.issues USING btree (project_id, state);

CREATE INDEX index_issues_on_lower_title ON tracker.issues USING btree (lower((title)::text));

--
-- Name: issues trigger_bump_version; Type: TRIGGER; Schema: tracker; Owner: -
--

CREATE TRIGGER trigger_bump_version BEFORE UPDATE ON tracker.issues FOR EACH ROW EXECUTE FUNCTION tracker.bump_version();

--
-- Name: issues fk_issues_project; Type: FK CONSTRAINT; Schema: tracker; Owner: -
--

ALTER TABLE ONLY tracker.issues
    ADD CONSTRAINT fk_issues_project FOREIGN KEY (project_id) REFERENCES tracker.projects(id) ON DELETE CASCADE;

ALTER TABLE ONLY tracker.projects
    ADD CONSTRAINT fk_projects_parent FOREIGN KEY (parent_id) REFERENCES tracker.projects(id) ON DELETE SET NULL;

COMMENT ON TABLE tracker.issues IS 'work items';

--
-- PostgreSQL database dump complete
--

