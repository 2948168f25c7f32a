CREATE TABLE "Order Items" ("Item Id" int PRIMARY KEY);
CREATE TABLE "Line ""Notes""" ("Item Id" int REFERENCES "Order Items" ("Item Id") ON DELETE CASCADE, body text);
CREATE SEQUENCE "Note Seq" AS integer START 10 MINVALUE 10;
