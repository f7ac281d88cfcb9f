-- One database per service that owns state; created once when the volume is new.
create database ingest;
create database audit;
