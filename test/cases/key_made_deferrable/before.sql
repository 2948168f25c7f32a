CREATE TABLE seats (id int PRIMARY KEY, flight text NOT NULL, seat text NOT NULL, position int NOT NULL);
ALTER TABLE seats ADD CONSTRAINT seats_flight_seat_key UNIQUE (flight, seat);
ALTER TABLE seats ADD CONSTRAINT seats_position_key UNIQUE (flight, position) DEFERRABLE;
ALTER TABLE seats ADD CONSTRAINT seats_code_key UNIQUE (flight, seat, position) DEFERRABLE INITIALLY DEFERRED;
