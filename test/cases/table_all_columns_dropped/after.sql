CREATE TABLE marker ();
CREATE TABLE keep ();
