-- Keys changed only in when they are checked: swapping two seats' positions needs a deferred check.
CREATE TABLE seats (id int, flight text NOT NULL, seat text NOT NULL, position int NOT NULL);
ALTER TABLE seats ADD CONSTRAINT seats_pkey PRIMARY KEY (id) DEFERRABLE;
ALTER TABLE seats ADD CONSTRAINT seats_flight_seat_key UNIQUE (flight, seat) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE seats ADD CONSTRAINT seats_position_key UNIQUE (flight, position) DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE seats ADD CONSTRAINT seats_code_key UNIQUE (flight, seat, position) DEFERRABLE;
