INSERT INTO events_2025 VALUES (1, 'login', '2025-03-01'), (2, 'logout', '2025-03-02');
