CREATE DOMAIN posint AS int CONSTRAINT posint_check CHECK (VALUE >= 0);
CREATE DOMAIN email AS text DEFAULT 'x@y' NOT NULL CONSTRAINT email_at CHECK (VALUE LIKE '%@%');
CREATE DOMAIN shortstr AS varchar(10) COLLATE "C" CONSTRAINT a CHECK (length(VALUE) > 1) CONSTRAINT b CHECK (VALUE <> 'no');
CREATE TABLE t (id posint, e email, s shortstr);
