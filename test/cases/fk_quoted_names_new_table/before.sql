CREATE TABLE "Order Items" ("Item Id" int PRIMARY KEY);
