INSERT INTO readings (sensor, taken_on) VALUES ('a', '2024-01-01'), ('b', '2024-01-02');
